#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates the service's data directory (and its parents) if missing.
public enum DataDirectory {
    public struct CreationError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot create directory \(path): \(reason)" }
    }

    public static func create(_ path: String) throws {
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
