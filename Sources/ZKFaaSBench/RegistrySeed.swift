import ZKContent
import ArgumentParser
import ZKCrypto
import ZKProto
import ZKRPCTransportNIO
import ZKRegistryService

/// `zkfaas-bench registry-seed`: registers one program whose GetProgram response is about the size the RPC
/// benchmark wants, and prints its hash (the server must run with `--skip-storage-check`).
struct RegistrySeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry-seed",
        abstract: "Register one program for the RPC benchmark and print its hash."
    )

    @Option(help: "Server HOST:PORT.") var target: String
    @Option(help: "Description length in bytes (sets the response size).") var descriptionBytes: Int = 180

    func run() async throws {
        let key = try Secp256k1.PrivateKey()
        let elfHash = SHA256.hash(Array("zkfaas-bench registry-seed".utf8))
        let programHash = SHA256.hash(elfHash + Array("\(ContinuousClock.now)".utf8))
        let fields = RegistrationFields(
            programHash: programHash,
            ipfsCID: try CID(version: .v1, codec: .raw, multihash: Multihash(code: Multihash.sha256Code, digest: elfHash)).description,
            elfHash: elfHash,
            description: String(repeating: "x", count: max(0, descriptionBytes)),
            zkvm: .sp1,
            zkvmVersion: "v5.2.4"
        )
        let client = RPCClient(configuration: try RPCClient.Configuration(address: target))
        _ = try await client.unary(
            RegistryMethods.registerProgram,
            fields.request(signature: try fields.sign(with: key)),
            metadata: [RegistryService.authorMetadataKey: key.ethereumAddress.checksummedHex]
        )
        let response = try await client.unary(RegistryMethods.getProgram, GetProgramRequest(programHash: programHash))
        await client.close()
        printError("request_bytes=\(GetProgramRequest(programHash: programHash).serializedBytes().count) response_bytes=\(response.serializedBytes().count)")
        print(Hex.encode(programHash))
    }
}
