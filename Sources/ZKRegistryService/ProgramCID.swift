/// The syntax of an `ipfs_cid`, checked by the registry without a content library.
///
/// Accepted forms (what storage-cache-service produces and what IPFS tools print by default):
/// - CIDv0: 46 base58btc characters starting `Qm`, decoding to `0x12 0x20` + a 32-byte SHA-256 digest (dag-pb).
/// - CIDv1: multibase prefix `b` + lowercase RFC 4648 base32 without padding, decoding to
///   `varint(1) ‖ varint(codec) ‖ 0x12 0x20 ‖ 32-byte digest` with no trailing bytes.
///
/// Two CIDs name the same content when their codec and multihash are equal, a CIDv0 counting as CIDv1 with the
/// dag-pb codec (`0x70`); see ``isSameContent(as:)``.
public struct ProgramCID: Sendable, Hashable {
    /// The multicodec of dag-pb, implied by every CIDv0.
    public static let dagPBCodec: UInt64 = 0x70
    /// The multicodec of raw bytes.
    public static let rawCodec: UInt64 = 0x55
    /// The multihash code of sha2-256.
    public static let sha256Code: UInt8 = 0x12

    /// 0 or 1.
    public let version: Int
    /// The content's multicodec (`0x70` for every CIDv0).
    public let codec: UInt64
    /// The 32-byte SHA-256 digest inside the multihash.
    public let digest: [UInt8]

    /// Parses and checks a CID string.
    ///
    /// - Throws: ``ProgramCIDError`` naming what is wrong.
    public init(_ text: String) throws(ProgramCIDError) {
        let utf8 = Array(text.utf8)
        if utf8.count == 46, utf8.starts(with: Array("Qm".utf8)) {
            guard let bytes = Base58.decode(utf8) else {
                throw ProgramCIDError("'\(text)' is not valid base58btc")
            }
            guard bytes.count == 34, bytes[0] == Self.sha256Code, bytes[1] == 32 else {
                throw ProgramCIDError("CIDv0 '\(text)' does not hold a sha2-256 multihash")
            }
            self.version = 0
            self.codec = Self.dagPBCodec
            self.digest = Array(bytes[2...])
            return
        }
        guard utf8.first == UInt8(ascii: "b") else {
            throw ProgramCIDError(
                "'\(text)' is neither a CIDv0 (Qm…, 46 characters) nor a base32 CIDv1 (multibase prefix 'b')"
            )
        }
        guard let bytes = Base32.decodeLowercase(utf8.dropFirst()) else {
            throw ProgramCIDError("'\(text)' is not valid lowercase base32")
        }
        var offset = 0
        guard let version = Self.readVarint(bytes, &offset), version == 1 else {
            throw ProgramCIDError("'\(text)' is not a version-1 CID")
        }
        guard let codec = Self.readVarint(bytes, &offset) else {
            throw ProgramCIDError("'\(text)' has a malformed codec varint")
        }
        guard bytes.count - offset == 34, bytes[offset] == Self.sha256Code, bytes[offset + 1] == 32
        else {
            throw ProgramCIDError("CIDv1 '\(text)' does not end in exactly one sha2-256 multihash")
        }
        self.version = 1
        self.codec = codec
        self.digest = Array(bytes[(offset + 2)...])
    }

    /// A CIDv1 of the given codec and SHA-256 digest.
    public init(v1Codec codec: UInt64, sha256 digest: [UInt8]) {
        precondition(digest.count == 32, "a sha2-256 digest has 32 bytes")
        self.version = 1
        self.codec = codec
        self.digest = digest
    }

    /// Whether both name the same content: equal codec and multihash, CIDv0 read as CIDv1 dag-pb.
    public func isSameContent(as other: ProgramCID) -> Bool {
        codec == other.codec && digest == other.digest
    }

    /// The canonical text: `Qm…` for v0, `b…` base32 for v1.
    public var text: String {
        if version == 0 {
            return String(decoding: Base58.encode([Self.sha256Code, 32] + digest), as: UTF8.self)
        }
        var bytes: [UInt8] = [1]
        Self.writeVarint(codec, to: &bytes)
        bytes += [Self.sha256Code, 32] + digest
        return "b" + String(decoding: Base32.encodeLowercase(bytes), as: UTF8.self)
    }

    private static func readVarint(_ bytes: [UInt8], _ offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 63 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    private static func writeVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
