/// Bytes that a ``SharedBytes`` holds: a Swift array at first, or a transport's own form — a NIO `ByteBuffer`
/// made to send cached bytes without copying them, or the received bytes of an answer handed to the caller as they
/// arrived.
public protocol SharedByteStorage: Sendable {
    /// The number of bytes.
    var count: Int { get }
    /// Calls `body` with the bytes.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result
    /// The bytes at `range` (offsets from the first byte), sharing this storage where the form allows it.
    ///
    /// The default copies them into an array.
    func slice(_ range: Range<Int>) -> any SharedByteStorage
}

extension SharedByteStorage {
    public func slice(_ range: Range<Int>) -> any SharedByteStorage {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of bounds")
        return withUnsafeBytes { Array(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }
}

extension Array: SharedByteStorage where Element == UInt8 {}
