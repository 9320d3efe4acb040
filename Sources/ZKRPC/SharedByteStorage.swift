/// Bytes that a ``SharedBytes`` holds: a Swift array at first, or a transport's own send-ready form once a transport
/// has adopted them (e.g. a NIO `ByteBuffer`, which can be written to many sockets without copying).
public protocol SharedByteStorage: Sendable {
    /// The number of bytes.
    var count: Int { get }
    /// Calls `body` with the bytes.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result
}

extension Array: SharedByteStorage where Element == UInt8 {}
