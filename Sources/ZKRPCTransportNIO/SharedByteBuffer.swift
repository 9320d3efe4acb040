import NIOCore
import ZKRPC

/// The NIO form of ``SharedBytes``: a `ByteBuffer`, reference counted, so every write of it shares one allocation —
/// a cached value made send-ready, or a large answer received by a client, sliced from the bytes read.
struct SharedByteBuffer: SharedByteStorage {
    let buffer: ByteBuffer

    var count: Int { buffer.readableBytes }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try buffer.withUnsafeReadableBytes(body)
    }

    func slice(_ range: Range<Int>) -> any SharedByteStorage {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of bounds")
        let start = buffer.readerIndex + range.lowerBound
        return SharedByteBuffer(buffer: buffer.getSlice(at: start, length: range.count)!)
    }
}
