import Testing
import ZKContent
import ZKCrypto
import ZKProto
import ZKRPC
import ZKRegistryService

@Suite("Registry: request validation")
struct RegistryValidationTests {
    /// One bad input: a name, how to spoil a good request, and words the error message must contain.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var spoil: @Sendable (inout RegisterProgramRequest) -> Void
        var mentions: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "empty program_hash", spoil: { $0.programHash = [] }, mentions: "program_hash"),
        Case(
            name: "31-byte program_hash", spoil: { $0.programHash.removeLast() }, mentions: "program_hash"
        ),
        Case(name: "33-byte elf_hash", spoil: { $0.elfHash.append(0) }, mentions: "elf_hash"),
        Case(
            name: "16-byte vk_hash", spoil: { $0.vkHash = [UInt8](repeating: 1, count: 16) },
            mentions: "vk_hash"),
        Case(name: "empty CID", spoil: { $0.ipfsCid = "" }, mentions: "ipfs_cid"),
        Case(name: "CID garbage", spoil: { $0.ipfsCid = "hello world" }, mentions: "ipfs_cid"),
        Case(
            name: "CIDv0 bad base58 (0)",
            spoil: { $0.ipfsCid = "Qm" + String(repeating: "0", count: 44) }, mentions: "ipfs_cid"),
        Case(
            name: "CIDv0 too short",
            spoil: { $0.ipfsCid = "QmWfVY9y3xjsixTgbd9AorQxH7VtMpzfx2HaWtsoUYeca" }, mentions: "ipfs_cid"),
        Case(
            name: "CIDv1 uppercase", spoil: { $0.ipfsCid = $0.ipfsCid.uppercased() }, mentions: "ipfs_cid"
        ),
        Case(name: "CIDv1 truncated", spoil: { $0.ipfsCid.removeLast(4) }, mentions: "ipfs_cid"),
        Case(name: "CIDv1 extra bytes", spoil: { $0.ipfsCid += "aaaa" }, mentions: "ipfs_cid"),
        Case(
            name: "CIDv1 base58 multibase", spoil: { $0.ipfsCid = "z" + $0.ipfsCid.dropFirst() },
            mentions: "ipfs_cid"),
        Case(name: "unknown zkvm", spoil: { $0.zkvm = "jolt" }, mentions: "zkvm"),
        Case(name: "empty zkvm", spoil: { $0.zkvm = "" }, mentions: "zkvm"),
        Case(
            name: "1025-byte description",
            spoil: { $0.description = String(repeating: "é", count: 513) },
            mentions: "description"
        ),
        Case(
            name: "65-byte zkvm_version",
            spoil: { $0.zkvmVersion = String(repeating: "1", count: 65) },
            mentions: "zkvm_version"
        ),
        Case(
            name: "non-ASCII zkvm_version", spoil: { $0.zkvmVersion = "v5ü" }, mentions: "zkvm_version"),
        Case(
            name: "control character in zkvm_version", spoil: { $0.zkvmVersion = "v5\n" },
            mentions: "zkvm_version"),
    ]

    @Test("bad inputs are INVALID_ARGUMENT naming the field, and nothing is stored", arguments: cases)
    func rejects(badCase: Case) async throws {
        try await RegistryHarness.with { registry in
            let key = try Secp256k1.PrivateKey()
            var request = try TestRegistration.request(TestRegistration.fields("validation"), key: key)
            badCase.spoil(&request)
            let error = try await #require(throws: RPCError.self) { try await registry.register(request) }
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(badCase.mentions), "\(error.message)")
            #expect(try await registry.list(ListProgramsRequest()).programs.isEmpty)
        }
    }

    @Test("limits are inclusive: 1024-byte description, 64-byte version, CIDv0 accepted")
    func limits() async throws {
        try await RegistryHarness.with { registry in
            let key = try Secp256k1.PrivateKey()
            var fields = TestRegistration.fields(
                "limits", description: String(repeating: "é", count: 512))
            fields.zkvmVersion = String(repeating: "~", count: 64)
            fields.ipfsCID = try CID(
                version: .v0, codec: .dagPB, multihash: Multihash(code: Multihash.sha256Code, digest: fields.elfHash)
            ).description
            #expect(try CID(fields.ipfsCID).version == .v0)
            let stored = try await registry.register(TestRegistration.request(fields, key: key))
            #expect(stored.description.utf8.count == 1024)
            #expect(stored.zkvmVersion.utf8.count == 64)
        }
    }

    @Test("validation hands back the fields and ipfs_cid parsed, v0 and v1", arguments: [CID.Version.v0, .v1])
    func validatedParts(version: CID.Version) throws {
        var fields = TestRegistration.fields("validated-\(version)")
        let cid = try CID(
            version: version, codec: version == .v0 ? .dagPB : .raw,
            multihash: Multihash(code: Multihash.sha256Code, digest: fields.elfHash)
        )
        fields.ipfsCID = cid.description
        let request = try TestRegistration.request(fields, key: Secp256k1.PrivateKey())
        let validated = try RegistrationValidator.validate(request)
        #expect(validated.fields == fields)
        #expect(validated.cid == cid)
        #expect(validated.cid.version == version)
    }
}
