#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file operation that failed, with the `errno` the system gave.
public struct FileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The operation, e.g. `fsync`.
    public var operation: String
    /// The path it was applied to.
    public var path: String
    /// The system's error number.
    public var errno: Int32

    /// Creates an error.
    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno)))"
    }
}
