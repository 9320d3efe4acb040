internal import ZKCrypto

/// A self-describing hash: function code and digest.
///
/// Only sha2-256 (0x12, 32 bytes) and identity (0x00) are accepted; identity digests are the data itself.
public struct Multihash: Hashable, Sendable, CustomStringConvertible {
    /// The sha2-256 function code.
    public static let sha256Code: UInt64 = 0x12
    /// The identity "hash" code: the digest is the data.
    public static let identityCode: UInt64 = 0x00
    /// Longest identity digest accepted (identity CIDs are meant for tiny inline data).
    public static let maxIdentityLength = 128

    /// The hash function code.
    public let code: UInt64
    /// The digest bytes.
    public let digest: [UInt8]

    /// Creates a multihash after checking the code and the digest length.
    ///
    /// - Throws: ``ContentError/Code/unsupportedMultihash``, ``ContentError/Code/invalidDigestLength``.
    public init(code: UInt64, digest: [UInt8]) throws(ContentError) {
        switch code {
        case Self.sha256Code:
            guard digest.count == 32 else {
                throw ContentError(
                    code: .invalidDigestLength,
                    message: "sha2-256 digest must be 32 bytes, got \(digest.count)"
                )
            }
        case Self.identityCode:
            guard digest.count <= Self.maxIdentityLength else {
                throw ContentError(
                    code: .invalidDigestLength,
                    message: "identity digest of \(digest.count) bytes exceeds \(Self.maxIdentityLength)"
                )
            }
        default:
            throw ContentError(
                code: .unsupportedMultihash,
                message: "multihash code 0x\(String(code, radix: 16)) is not sha2-256 (0x12) or identity (0x00)"
            )
        }
        self.code = code
        self.digest = digest
    }

    private init(unchecked code: UInt64, digest: [UInt8]) {
        self.code = code
        self.digest = digest
    }

    /// The sha2-256 multihash of `bytes`.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> Multihash {
        Multihash(unchecked: sha256Code, digest: SHA256.hash(bytes))
    }

    /// The sha2-256 multihash of `bytes`.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> Multihash {
        Multihash(unchecked: sha256Code, digest: SHA256.hash(bytes))
    }

    /// Binary form: varint(code) varint(length) digest.
    public var bytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(digest.count + 4)
        Varint.encode(code, into: &output)
        Varint.encode(UInt64(digest.count), into: &output)
        output.append(contentsOf: digest)
        return output
    }

    /// Whether `data` hashes to this multihash.
    public func matches(_ data: some Collection<UInt8>) -> Bool {
        switch code {
        case Self.sha256Code: SHA256.hash(data) == digest
        case Self.identityCode: data.elementsEqual(digest)
        default: false
        }
    }

    /// Reads a binary multihash starting at `offset`, advancing it.
    public static func read<Bytes: RandomAccessCollection<UInt8>>(
        from bytes: Bytes,
        offset: inout Bytes.Index
    ) throws(ContentError) -> Multihash {
        let code = try Varint.decode(bytes, offset: &offset)
        let length = try Varint.decode(bytes, offset: &offset)
        guard length <= 1024, bytes.distance(from: offset, to: bytes.endIndex) >= Int(length) else {
            throw ContentError(code: .truncated, message: "multihash declares \(length) digest bytes, fewer remain")
        }
        let end = bytes.index(offset, offsetBy: Int(length))
        let digest = Array(bytes[offset..<end])
        let multihash = try Multihash(code: code, digest: digest)
        offset = end
        return multihash
    }

    public var description: String {
        let name = code == Self.sha256Code ? "sha2-256" : "identity"
        return name + ":" + Hex.encode(digest)
    }
}
