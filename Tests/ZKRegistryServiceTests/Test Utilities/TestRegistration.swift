import ZKContent
import ZKCrypto
import ZKProto
import ZKRegistryService

/// Registration fields and signed requests for tests.
enum TestRegistration {
    /// Deterministic fields derived from `seed`.
    static func fields(
        _ seed: String,
        zkvm: ZKVMName = .sp1,
        description: String? = nil,
        vkHash: Bool = false
    ) -> RegistrationFields {
        let elfHash = SHA256.hash(Array("elf/\(seed)".utf8))
        return RegistrationFields(
            programHash: SHA256.hash(Array("program/\(seed)".utf8)),
            ipfsCID: try! CID(version: .v1, codec: .raw, multihash: Multihash(code: Multihash.sha256Code, digest: elfHash)).description,
            elfHash: elfHash,
            description: description ?? "test program \(seed)",
            zkvm: zkvm,
            zkvmVersion: "v5.2.4",
            vkHash: vkHash ? SHA256.hash(Array("vk/\(seed)".utf8)) : []
        )
    }

    /// `fields` signed by `key`.
    static func request(_ fields: RegistrationFields, key: Secp256k1.PrivateKey) throws
        -> RegisterProgramRequest
    {
        fields.request(signature: try fields.sign(with: key))
    }
}
