import ZKCrypto

/// A 32-byte key of the ``BlobStore`` (typically a SHA-256 digest), stored inline as four words.
///
/// Hashing and equality work on the words, so it is a cheap ``LRUCache`` key too. Its text form is 64 lowercase hex
/// digits, which is also how blob files are named on disk.
public struct BlobKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Length of a key in bytes.
    public static let byteCount = 32

    @usableFromInline let w0: UInt64
    @usableFromInline let w1: UInt64
    @usableFromInline let w2: UInt64
    @usableFromInline let w3: UInt64

    /// Creates a key from exactly 32 bytes, or returns `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (offset, byte) in bytes.enumerated() {
            let shift = UInt64(56 - (offset % 8) * 8)
            switch offset / 8 {
            case 0: words.0 |= UInt64(byte) << shift
            case 1: words.1 |= UInt64(byte) << shift
            case 2: words.2 |= UInt64(byte) << shift
            default: words.3 |= UInt64(byte) << shift
            }
        }
        (w0, w1, w2, w3) = words
    }

    /// Creates a key from 64 hex digits (either case), or returns `nil` if `hex` is not exactly that.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == Self.byteCount * 2, let bytes = try? Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// The key's 32 bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.byteCount)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return out
    }

    /// The key as 64 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    public static func < (lhs: BlobKey, rhs: BlobKey) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }
}
