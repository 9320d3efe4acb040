/// A content identifier: version, codec and multihash.
///
/// Parses CIDv0 (`Qm…`, base58btc sha2-256 dag-pb) and CIDv1 in multibase base32 (`b…`), base58btc (`z…`) and
/// base36 (`k…`). Formats v0 as base58btc and v1 as base32, as Kubo does. Only the codecs ``Multicodec/raw`` and
/// ``Multicodec/dagPB`` (and ``Multicodec/dagCBOR`` for CAR bookkeeping) and the hashes sha2-256 and identity are
/// accepted.
public struct CID: Hashable, Sendable, CustomStringConvertible {
    /// CID version.
    public enum Version: Int, Sendable, Hashable {
        case v0 = 0
        case v1 = 1
    }

    /// Multibase encodings this type can produce.
    public enum Base: Sendable {
        case base32
        case base58btc
        case base36
    }

    /// The CID version.
    public let version: Version
    /// How the block is interpreted.
    public let codec: Multicodec
    /// The hash of the block.
    public let multihash: Multihash

    /// Creates a CID, checking that v0 is only used with dag-pb and sha2-256.
    ///
    /// - Throws: ``ContentError/Code/invalidCID`` for an impossible v0, ``ContentError/Code/unsupportedCodec``.
    public init(version: Version, codec: Multicodec, multihash: Multihash) throws(ContentError) {
        guard [Multicodec.raw, .dagPB, .dagCBOR].contains(codec) else {
            throw ContentError(code: .unsupportedCodec, message: "codec \(codec) is not raw (0x55) or dag-pb (0x70)")
        }
        if version == .v0 {
            guard codec == .dagPB, multihash.code == Multihash.sha256Code else {
                throw ContentError(code: .invalidCID, message: "CIDv0 must be dag-pb with a sha2-256 multihash")
            }
        }
        self.version = version
        self.codec = codec
        self.multihash = multihash
    }

    private init(unchecked version: Version, codec: Multicodec, multihash: Multihash) {
        self.version = version
        self.codec = codec
        self.multihash = multihash
    }

    /// The CIDv1 of `block` under `codec`, hashed with sha2-256.
    public static func sha256(codec: Multicodec, of block: some Sequence<UInt8>) -> CID {
        CID(unchecked: .v1, codec: codec, multihash: .sha256(block))
    }

    /// The CIDv1 of `block` under `codec`, hashed with sha2-256.
    public static func sha256(codec: Multicodec, of block: UnsafeRawBufferPointer) -> CID {
        CID(unchecked: .v1, codec: codec, multihash: .sha256(block))
    }

    /// The same content as a CIDv1 (identity for v1).
    public var v1: CID { CID(unchecked: .v1, codec: codec, multihash: multihash) }

    // MARK: Binary form

    /// Binary form: the bare multihash for v0; `varint(1) varint(codec) multihash` for v1 (as in CAR sections and
    /// dag-pb links).
    public var bytes: [UInt8] {
        switch version {
        case .v0:
            return multihash.bytes
        case .v1:
            var output: [UInt8] = [0x01]
            Varint.encode(codec.rawValue, into: &output)
            output.append(contentsOf: multihash.bytes)
            return output
        }
    }

    /// Parses a complete binary CID; trailing bytes are an error.
    ///
    /// - Throws: ``ContentError`` with codes `invalidCID`, `truncated`, `varintOverflow`, `unsupportedCodec`,
    ///   `unsupportedMultihash`, `invalidDigestLength`.
    public init(bytes: some Collection<UInt8>) throws(ContentError) {
        let array = Array(bytes)
        var offset = 0
        self = try CID.read(from: array, offset: &offset)
        guard offset == array.count else {
            throw ContentError(code: .invalidCID, message: "\(array.count - offset) trailing byte(s) after the CID")
        }
    }

    /// Reads a binary CID at `offset`, advancing it (CAR sections are `cid || data` with no separator).
    public static func read<Bytes: RandomAccessCollection<UInt8>>(
        from bytes: Bytes,
        offset: inout Bytes.Index
    ) throws(ContentError) -> CID {
        guard offset < bytes.endIndex else { throw ContentError(code: .truncated, message: "empty CID") }
        // A v0 binary CID is a bare sha2-256 multihash: 0x12 0x20 + 32 bytes.
        if bytes[offset] == 0x12, bytes.index(after: offset) < bytes.endIndex, bytes[bytes.index(after: offset)] == 0x20
        {
            let multihash = try Multihash.read(from: bytes, offset: &offset)
            return CID(unchecked: .v0, codec: .dagPB, multihash: multihash)
        }
        let version = try Varint.decode(bytes, offset: &offset)
        guard version == 1 else {
            throw ContentError(code: .invalidCID, message: "CID version \(version) is not supported (only 0 and 1)")
        }
        let codec = Multicodec(rawValue: try Varint.decode(bytes, offset: &offset))
        let multihash = try Multihash.read(from: bytes, offset: &offset)
        return try CID(version: .v1, codec: codec, multihash: multihash)
    }

    // MARK: Text form

    /// Parses a CID string.
    ///
    /// - Throws: ``ContentError`` whose message says what is wrong (see ``validate(_:)``).
    public init(_ string: String) throws(ContentError) {
        guard !string.isEmpty else { throw ContentError(code: .invalidCID, message: "empty CID string") }
        guard string.utf8.count <= BaseX.maxTextLength else {
            throw ContentError(code: .invalidCID, message: "CID string longer than \(BaseX.maxTextLength) characters")
        }
        if string.utf8.count == 46, string.hasPrefix("Qm") {
            let decoded = try BaseX.base58btc.decode(string)
            var offset = 0
            guard decoded.count == 34, decoded[0] == 0x12, decoded[1] == 0x20 else {
                throw ContentError(code: .invalidCID, message: "CIDv0 must decode to a 34-byte sha2-256 multihash")
            }
            let multihash = try Multihash.read(from: decoded, offset: &offset)
            self.init(unchecked: .v0, codec: .dagPB, multihash: multihash)
            return
        }
        let prefix = string.utf8.first!
        let body = string.dropFirst()
        let decoded: [UInt8]
        switch prefix {
        case UInt8(ascii: "b"): decoded = try Base32.decode(body)
        case UInt8(ascii: "z"): decoded = try BaseX.base58btc.decode(body)
        case UInt8(ascii: "k"): decoded = try BaseX.base36.decode(body)
        case UInt8(ascii: "Q"):
            throw ContentError(code: .invalidCID, message: "CIDv0 strings are 46 characters starting with 'Qm'")
        default:
            throw ContentError(
                code: .unsupportedMultibase,
                message: "multibase prefix '\(string.first!)' is not 'b' (base32), 'z' (base58btc) or 'k' (base36)"
            )
        }
        guard decoded.first == 0x01 else {
            throw ContentError(code: .invalidCID, message: "CIDv1 bytes must start with version 1")
        }
        try self.init(bytes: decoded)
    }

    /// Checks a CID string and explains what is wrong with it.
    ///
    /// - Throws: ``ContentError`` with codes `invalidCID`, `unsupportedMultibase`, `invalidEncoding`,
    ///   `unsupportedCodec`, `unsupportedMultihash`, `invalidDigestLength`, `varintOverflow` or `truncated`.
    public static func validate(_ string: String) throws(ContentError) {
        _ = try CID(string)
    }

    /// The string form in a chosen base; v0 CIDs are always base58btc without a prefix.
    public func string(base: Base) -> String {
        if version == .v0 { return BaseX.base58btc.encode(bytes) }
        switch base {
        case .base32: return "b" + Base32.encode(bytes)
        case .base58btc: return "z" + BaseX.base58btc.encode(bytes)
        case .base36: return "k" + BaseX.base36.encode(bytes)
        }
    }

    /// v0 as `Qm…`, v1 as base32 `b…`.
    public var description: String { string(base: .base32) }

    // MARK: Verification

    /// Whether `block` hashes to this CID's multihash.
    public func matches(_ block: some Collection<UInt8>) -> Bool { multihash.matches(block) }

    /// Throws ``ContentError/Code/hashMismatch`` unless `block` hashes to this CID.
    public func verify(_ block: some Collection<UInt8>) throws(ContentError) {
        guard matches(block) else {
            throw ContentError(code: .hashMismatch, message: "block of \(block.count) bytes does not hash to \(self)")
        }
    }
}
