/// Keccak-256 as used by Ethereum: Keccak-f[1600], rate 1088 bits, capacity 512 bits, **pad10*1 with domain byte
/// `0x01`**. This is *not* FIPS 202 SHA3-256, which uses the domain byte `0x06` and gives different digests.
///
/// Pure Swift, no OpenSSL. Use `Keccak256.hash(_:)` for one-shot hashing, or the streaming form:
///
/// ```swift
/// var hasher = Keccak256()
/// hasher.update(part1)
/// hasher.update(part2)
/// let digest = hasher.finalize()
/// ```
///
/// The hasher is a value type: copying it forks the running state, and ``finalize()`` does not consume it, so a
/// prefix can be hashed once and extended several ways.
public struct Keccak256: Sendable {
    /// Digest length in bytes.
    public static let byteCount = 32

    /// Sponge rate in bytes (1600 − 2·256 bits).
    public static let rate = 136

    private static let rateLanes = rate / 8

    /// The 5×5 lane state, lane (x, y) at index x + 5y.
    private var state: [UInt64]
    /// Number of message bytes already XORed into the current block.
    private var position: Int

    /// Starts a new digest.
    public init() {
        state = [UInt64](repeating: 0, count: 25)
        position = 0
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        let rate = Self.rate
        var offset = 0
        let count = bytes.count
        state.withUnsafeMutableBufferPointer { lanes in
            let lanes = lanes.baseAddress!
            // Finish a partially filled block byte by byte.
            while position != 0 && offset < count {
                Self.xorByte(bytes[offset], at: position, into: lanes)
                offset += 1
                position += 1
                if position == rate {
                    Self.permute(lanes)
                    position = 0
                }
            }
            // Whole blocks straight from the input, eight bytes per lane.
            while count - offset >= rate {
                for lane in 0..<Self.rateLanes {
                    lanes[lane] ^= UInt64(
                        littleEndian: bytes.loadUnaligned(fromByteOffset: offset + lane * 8, as: UInt64.self))
                }
                Self.permute(lanes)
                offset += rate
            }
            // Keep the tail for the next call.
            while offset < count {
                Self.xorByte(bytes[offset], at: position, into: lanes)
                offset += 1
                position += 1
            }
        }
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// Returns the digest of everything absorbed so far. The hasher itself is left unchanged and can keep absorbing.
    public func finalize() -> [UInt8] {
        var lanes = state
        lanes.withUnsafeMutableBufferPointer { buffer in
            let lanes = buffer.baseAddress!
            Self.xorByte(0x01, at: position, into: lanes)
            Self.xorByte(0x80, at: Self.rate - 1, into: lanes)
            Self.permute(lanes)
        }
        var out = [UInt8](repeating: 0, count: Self.byteCount)
        for lane in 0..<4 {
            let value = lanes[lane]
            for byte in 0..<8 {
                out[lane * 8 + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte)))
            }
        }
        return out
    }

    /// The Keccak-256 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The Keccak-256 digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    @inline(__always)
    private static func xorByte(_ byte: UInt8, at position: Int, into lanes: UnsafeMutablePointer<UInt64>) {
        lanes[position >> 3] ^= UInt64(byte) << (UInt64(position & 7) * 8)
    }
}
