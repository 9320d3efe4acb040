#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that ``FileBytes/read(_:)`` could not read.
public struct FileReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The step that failed.
    public enum Operation: String, Sendable, Hashable {
        case open
        case read
    }

    /// The path as given.
    public var path: String
    /// The step that failed.
    public var operation: Operation
    /// The `errno` of the failure.
    public var errno: Int32

    /// Creates an error.
    public init(path: String, operation: Operation, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    /// `cannot open PATH: REASON` or `cannot read PATH: REASON`, the reason from `strerror`.
    public var description: String {
        "cannot \(operation.rawValue) \(path): \(String(cString: strerror(errno)))"
    }
}
