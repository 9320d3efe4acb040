public import NIOCore
import ZKRPC

/// A response's encoded message as the client received it: small ones copied out of the frame, large ones as a
/// slice of the received bytes, decoded from there without another copy.
@usableFromInline
enum ResponsePayload: Sendable {
    case bytes([UInt8])
    case buffer(ByteBuffer)

    /// Payloads from this size on arrive as ``buffer(_:)``.
    static let minimumSliceBytes = 16 * 1024

    /// The payload as an array.
    @usableFromInline
    var array: [UInt8] {
        switch self {
        case .bytes(let bytes): bytes
        case .buffer(let buffer): Array(buffer.readableBytesView)
        }
    }

    /// The payload as shared bytes: a slice of the received bytes stays one (no copy) when it fills at least a quarter
    /// of the buffer it is cut from; a smaller one is copied, so that a caller keeping it does not pin a read buffer
    /// many times its size.
    var shared: SharedBytes {
        switch self {
        case .bytes(let bytes):
            SharedBytes(bytes)
        case .buffer(let buffer) where buffer.storageCapacity <= 4 * buffer.readableBytes:
            SharedBytes(storage: SharedByteBuffer(buffer: buffer))
        case .buffer(let buffer):
            SharedBytes(Array(buffer.readableBytesView))
        }
    }

    /// Calls `body` with the payload's bytes.
    @usableFromInline
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        switch self {
        case .bytes(let bytes): try bytes.withUnsafeBytes(body)
        case .buffer(let buffer): try buffer.withUnsafeReadableBytes(body)
        }
    }
}
