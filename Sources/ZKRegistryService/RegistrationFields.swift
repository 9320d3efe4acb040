public import ZKCrypto
public import ZKProto

/// The fields of a registration that the author signs, after validation.
///
/// The signed digest is
/// `keccak256(abi.encode(string "zkfaas.v1.RegisterProgram", bytes32 programHash, string ipfsCID, bytes32 elfHash,
/// string description, string zkvm, string zkvmVersion, bytes32 vkHash))`, where `zkvm` is the canonical name and an
/// empty `vkHash` counts as 32 zero bytes; the signature is an EIP-191 `personal_sign` over those 32 digest bytes.
/// See `Protos/README.md`, "Registration signature".
public struct RegistrationFields: Sendable, Hashable {
    /// The domain tag, first ABI value of the digest.
    public static let domain = "zkfaas.v1.RegisterProgram"

    public var programHash: [UInt8]
    public var ipfsCID: String
    public var elfHash: [UInt8]
    public var description: String
    /// Canonical zkVM name.
    public var zkvm: ZKVMName
    public var zkvmVersion: String
    /// Empty or 32 bytes.
    public var vkHash: [UInt8]

    public init(
        programHash: [UInt8],
        ipfsCID: String,
        elfHash: [UInt8],
        description: String,
        zkvm: ZKVMName,
        zkvmVersion: String,
        vkHash: [UInt8] = []
    ) {
        self.programHash = programHash
        self.ipfsCID = ipfsCID
        self.elfHash = elfHash
        self.description = description
        self.zkvm = zkvm
        self.zkvmVersion = zkvmVersion
        self.vkHash = vkHash
    }

    /// The ABI-encoded tuple that ``digest()`` hashes.
    ///
    /// - Throws: ``CryptoError`` if a hash is not 32 bytes (validate first).
    public func abiEncoded() throws(CryptoError) -> [UInt8] {
        try ABIEncoder.encode([
            .string(Self.domain),
            .bytes32(programHash),
            .string(ipfsCID),
            .bytes32(elfHash),
            .string(description),
            .string(zkvm.canonicalName),
            .string(zkvmVersion),
            .bytes32(vkHash.isEmpty ? [UInt8](repeating: 0, count: 32) : vkHash),
        ])
    }

    /// `keccak256(abiEncoded())`: the 32 bytes the author signs with `personal_sign`.
    public func digest() throws(CryptoError) -> [UInt8] {
        Keccak256.hash(try abiEncoded())
    }

    /// The hash the secp256k1 signature is made over: `keccak256("\x19Ethereum Signed Message:\n32" ‖ digest)`.
    public func signedHash() throws(CryptoError) -> [UInt8] {
        EthereumMessage.personalMessageHash(try digest())
    }

    /// Signs the registration: 65 bytes `r ‖ s ‖ v`, `v` ∈ {27, 28}, low-s.
    public func sign(with key: Secp256k1.PrivateKey) throws(CryptoError) -> [UInt8] {
        try key.sign(digest: signedHash()).rawRepresentation
    }

    /// The address that made `signature` over these fields.
    ///
    /// - Throws: ``CryptoError`` if the signature is malformed, high-s or does not recover.
    public func recoverAuthor(signature: [UInt8]) throws(CryptoError) -> EthereumAddress {
        try Secp256k1.recoverAddress(digest: signedHash(), signature: signature)
    }

    /// The request carrying these fields and `signature`.
    public func request(signature: [UInt8]) -> RegisterProgramRequest {
        RegisterProgramRequest(
            programHash: programHash,
            ipfsCid: ipfsCID,
            elfHash: elfHash,
            description: description,
            zkvm: zkvm.canonicalName,
            zkvmVersion: zkvmVersion,
            vkHash: vkHash,
            signature: signature
        )
    }
}
