#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates the service's data directory (and its parents) if missing.
enum DataDirectory {
    struct CreationError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot create directory \(path): \(reason)" }
    }

    static func create(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw CreationError(path: prefix, reason: String(cString: strerror(errno)))
            }
            prefix += "/"
        }
    }
}
