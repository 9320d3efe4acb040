import Synchronization
import ZKRPC

/// A transport-like ``SharedByteStorage``: a view of a reference-counted buffer whose slices share that buffer, as a
/// NIO `ByteBuffer` does. ``Buffer`` counts its live instances, so tests can see when the bytes are released.
struct ByteView: SharedByteStorage {
    /// The bytes every view of one buffer shares.
    final class Buffer: Sendable {
        /// Instances alive now, per label (tests run in parallel, so each uses its own label).
        static let alive = Mutex<[String: Int]>([:])

        let bytes: [UInt8]
        let label: String

        init(_ bytes: [UInt8], label: String) {
            self.bytes = bytes
            self.label = label
            Self.alive.withLock { $0[label, default: 0] += 1 }
        }

        deinit {
            let label = self.label
            Self.alive.withLock { $0[label, default: 0] -= 1 }
        }

        static func aliveCount(_ label: String) -> Int { alive.withLock { $0[label] ?? 0 } }
    }

    let buffer: Buffer
    let range: Range<Int>

    init(_ bytes: [UInt8], label: String) {
        buffer = Buffer(bytes, label: label)
        range = 0..<bytes.count
    }

    private init(buffer: Buffer, range: Range<Int>) {
        self.buffer = buffer
        self.range = range
    }

    var count: Int { range.count }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try buffer.bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    func slice(_ range: Range<Int>) -> any SharedByteStorage {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of bounds")
        let start = self.range.lowerBound
        return ByteView(buffer: buffer, range: (start + range.lowerBound)..<(start + range.upperBound))
    }
}

/// A ``SharedByteStorage`` that keeps the default ``SharedByteStorage/slice(_:)`` (a copy into an array).
struct CopyingStorage: SharedByteStorage {
    let bytes: [UInt8]

    var count: Int { bytes.count }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes(body)
    }
}
