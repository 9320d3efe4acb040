import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKServiceKit
import ZKWire

/// `zkfaas-bench storage-get`: hot GetProgram (memory tier, answered on the event loop) of one program, closed loop.
struct StorageGetLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage-get",
        abstract: "GetProgram calls for one program, after putting it (hot: memory tier)."
    )

    @OptionGroup var load: LoadOptions
    @Option(help: "The ELF-like file to put and then get.") var file: String
    @Flag(help: "Keep the ELF as a slice of the received answer (StorageClient.getProgramShared's path), not a copy.")
    var shared = false

    func run() async throws {
        MallocTuning.apply()  // as the services do
        let elf = try StorageFiles.read(file)
        let client = try StorageClient(address: load.target)
        let put = try await client.putProgram(
            PutProgramRequest(elfZstd: try Zstd.compress(elf), elfSize: UInt64(elf.count)),
            timeout: .seconds(120)
        )
        await client.close()
        let request = StorageGetProgramRequest(elfHash: put.elfHash)
        let requestBytes = request.serializedBytes()
        let expectedSize = put.compressedSize
        let result = try await LoadGenerator.run(load) { connection, _ in
            let size: Int
            if shared {
                let payload = try await connection.callShared(
                    method: StorageMethods.getProgram.fullName,
                    payload: requestBytes
                )
                size = try GetProgramSharedResponse(decoding: payload).elfZstd.count
            } else {
                size = try await connection.call(StorageMethods.getProgram, request).elfZstd.count
            }
            guard UInt64(size) == expectedSize else {
                throw RPCError(code: .internalError, message: "wrong program returned")
            }
        }
        print(result.line)
    }
}
