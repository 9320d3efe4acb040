import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKWire

/// `zkfaas program download HASH_OR_CID -o FILE`: fetches an ELF from storage-cache-service and writes it after
/// checking its SHA-256.
struct ProgramDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download an ELF from storage-cache-service by elf_hash (64 hex digits) or CID.",
        discussion: """
            The file is written only if the decompressed bytes hash to the requested elf_hash (or, for a CID, to the
            elf_hash the service answers), and is read back and hashed again after writing.
            """
    )

    @Argument(help: "elf_hash (64 hex digits, optional 0x) or CID.") var name: String
    @Option(name: .shortAndLong, help: "Where to write the ELF.") var output: String
    @Option(help: "Largest ELF accepted, in bytes.") var maxBytes: Int = 64 << 20
    @OptionGroup var endpoints: EndpointOptions

    func run() async throws {
        var request = StorageGetProgramRequest()
        var expected: [UInt8]?
        if let hash = try? Hex.decode(name), hash.count == 32 {
            request.elfHash = hash
            expected = hash
        } else {
            request.cid = name
        }
        let client = try StorageClient(address: endpoints.storageAddress)
        let response: StorageGetProgramResponse
        do {
            response = try await client.getProgram(request, timeout: .seconds(300))
        } catch {
            await client.close()
            throw error
        }
        await client.close()
        let elf: [UInt8]
        do {
            elf = try Zstd.decompress(response.elfZstd, declaredSize: response.elfSize, maximumSize: maxBytes)
        } catch {
            throw ValidationError("storage sent an invalid program: \(error)")
        }
        let hash = SHA256.hash(elf)
        let wanted = expected ?? response.elfHash
        guard hash == wanted else {
            throw ValidationError("downloaded bytes hash to \(Hex.encode(hash)), expected \(Hex.encode(wanted))")
        }
        try FileIO.write(elf, to: output)
        guard SHA256.hash(try FileIO.read(output)) == wanted else {
            throw ValidationError("\(output) does not read back as written")
        }
        printError("wrote \(elf.count) bytes to \(output) (sha256 \(Hex.encode(hash)), tier \(response.tier))")
    }
}
