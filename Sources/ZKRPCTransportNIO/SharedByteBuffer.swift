import NIOCore
import ZKRPC

/// The send-ready form of ``SharedBytes`` on NIO connections: a `ByteBuffer`, reference counted, so every write
/// of it shares one allocation.
struct SharedByteBuffer: SharedByteStorage {
    let buffer: ByteBuffer

    var count: Int { buffer.readableBytes }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try buffer.withUnsafeReadableBytes(body)
    }
}
