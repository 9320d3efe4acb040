import ArgumentParser
import ZKFaaSClient
import ZKProto
import ZKWire

/// `zkfaas-bench storage-answer-size`: puts a file and prints the size in bytes of the encoded `GetProgram` answer
/// for it, so the floor server (`blob-server`) can send answers of the same size.
struct StorageAnswerSize: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage-answer-size",
        abstract: "Print the encoded size of the GetProgram answer for a file (after putting it)."
    )

    @Option(help: "Storage service HOST:PORT.") var target: String
    @Option(help: "The ELF-like file.") var file: String

    func run() async throws {
        let elf = try StorageFiles.read(file)
        let client = try StorageClient(address: target)
        let put = try await client.putProgram(
            PutProgramRequest(elfZstd: try Zstd.compress(elf), elfSize: UInt64(elf.count)),
            timeout: .seconds(120)
        )
        let answer = try await client.getProgram(StorageGetProgramRequest(elfHash: put.elfHash))
        await client.close()
        print(answer.serializedBytes().count)
    }
}
