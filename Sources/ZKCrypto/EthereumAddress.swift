/// A 20-byte Ethereum account address.
///
/// ``description`` and ``checksummedHex`` give the EIP-55 mixed-case form (`0x` + 40 digits).
public struct EthereumAddress: Sendable, Hashable, CustomStringConvertible {
    /// Length in bytes.
    public static let byteCount = 20

    /// The 20 address bytes.
    public let rawRepresentation: [UInt8]

    /// Wraps 20 raw bytes.
    ///
    /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidLength`` if not 20 bytes.
    public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
        guard rawRepresentation.count == Self.byteCount else {
            throw CryptoError(
                code: .invalidLength,
                message: "address must be \(Self.byteCount) bytes, got \(rawRepresentation.count)"
            )
        }
        self.rawRepresentation = Array(rawRepresentation)
    }

    /// The address of a secp256k1 public key: the last 20 bytes of keccak256(x ‖ y), i.e. of the uncompressed
    /// encoding without its `0x04` prefix.
    public init(publicKey: Secp256k1.PublicKey) {
        let digest = Keccak256.hash(publicKey.uncompressedRepresentation.dropFirst())
        rawRepresentation = Array(digest.suffix(Self.byteCount))
    }

    /// Parses 40 hex digits, with or without `0x`.
    ///
    /// All-lowercase and all-uppercase strings are accepted as they are; a mixed-case string must carry a valid
    /// EIP-55 checksum.
    ///
    /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidAddress`` if the text is not 40 hex digits,
    ///   ``CryptoError/Code/invalidChecksum`` if mixed case does not match the checksum.
    public init(hex text: some StringProtocol) throws(CryptoError) {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard digits.utf8.count == 2 * Self.byteCount, let bytes = try? Hex.decode(digits) else {
            throw CryptoError(code: .invalidAddress, message: "address must be 40 hex digits, got \"\(text)\"")
        }
        self.rawRepresentation = bytes
        let hasLower = digits.utf8.contains { (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
        let hasUpper = digits.utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
        if hasLower && hasUpper && checksummedHex.dropFirst(2) != digits {
            throw CryptoError(code: .invalidChecksum, message: "address \"\(text)\" fails its EIP-55 checksum")
        }
    }

    /// `0x` + 40 lowercase hex digits.
    public var lowercaseHex: String { Hex.encode(rawRepresentation, prefix: true) }

    /// `0x` + 40 hex digits with EIP-55 checksum capitalisation: the digit at position i is uppercased when it is a
    /// letter and nibble i of keccak256(lowercase hex digits as ASCII) is 8 or more.
    public var checksummedHex: String {
        let lowercase = Array(Hex.encode(rawRepresentation).utf8)
        let hash = Keccak256.hash(lowercase)
        var out: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        out.reserveCapacity(42)
        for (index, character) in lowercase.enumerated() {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0f
            let isLetter = character >= UInt8(ascii: "a")
            out.append(isLetter && nibble >= 8 ? character - 0x20 : character)
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { checksummedHex }
}
