import ZKContent
import ArgumentParser
import ZKCrypto
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKRegistryService

/// Load on the registry: `registry-get` (GetProgram of one registered hash, the cached hot path) and
/// `registry-register` (RegisterProgram of fresh random program hashes, each signed; the server must run with
/// `--skip-storage-check`).
enum RegistryLoad {
    /// `zkfaas-bench registry-get`.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "registry-get",
            abstract: "Unary GetProgram calls for one registered program hash."
        )

        @OptionGroup var load: LoadOptions
        @Option(help: "A registered program hash (hex).") var programHash: String

        func run() async throws {
            guard let hash = try? Hex.decode(programHash), hash.count == 32 else {
                throw ValidationError("--program-hash must be 32 bytes of hex")
            }
            let request = GetProgramRequest(programHash: hash)
            let result = try await LoadGenerator.run(load) { connection, _ in
                let response = try await connection.call(RegistryMethods.getProgram, request)
                guard response.program?.programHash == hash else {
                    throw RPCError(code: .internalError, message: "wrong program returned")
                }
            }
            print(result.line)
        }
    }

    /// `zkfaas-bench registry-register`.
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "registry-register",
            abstract: "RegisterProgram calls of fresh random program hashes, signed by one key "
                + "(server must run with --skip-storage-check)."
        )

        @OptionGroup var load: LoadOptions

        func run() async throws {
            let key = try Secp256k1.PrivateKey()
            let author = key.ethereumAddress.checksummedHex
            let elfHash = SHA256.hash(Array("zkfaas-bench registry-register".utf8))
            let cid = try CID(version: .v1, codec: .raw, multihash: Multihash(code: Multihash.sha256Code, digest: elfHash)).description
            let run = SHA256.hash(Array("\(author)/\(ContinuousClock.now)".utf8))
            let result = try await LoadGenerator.run(load) { connection, index in
                let programHash = SHA256.hash(run + Array(String(index).utf8))
                let fields = RegistrationFields(
                    programHash: programHash,
                    ipfsCID: cid,
                    elfHash: elfHash,
                    description: "bench program \(index)",
                    zkvm: .sp1,
                    zkvmVersion: "v5.2.4"
                )
                let request = fields.request(signature: try fields.sign(with: key))
                _ = try await connection.call(
                    RegistryMethods.registerProgram,
                    request,
                    metadata: [RegistryService.authorMetadataKey: author]
                )
            }
            print(result.line)
        }
    }
}
