import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKWire

/// `zkfaas program upload FILE`: stores an ELF in storage-cache-service; prints its elf_hash and CID.
struct ProgramUploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload a RISC-V ELF to storage-cache-service; prints its elf_hash (SHA-256) and CID.",
        discussion: """
            The ELF is sent zstd-compressed (level 3) with its size. The service verifies it is a RISC-V ELF and
            answers its SHA-256 and the CIDv1 `ipfs add --cid-version=1` would give; the command checks the hash
            against its own. Uploading the same bytes again is cheap and answers the same.
            """
    )

    @Argument(help: "The guest ELF.") var file: String
    @Flag(help: "Pin the program: never evicted.") var pin = false
    @Option(help: "An Arweave transaction id holding the same bytes, recorded as a fallback source.")
    var arweaveTx: String?
    @Flag(help: "Print one JSON object.") var json = false
    @OptionGroup var endpoints: EndpointOptions

    func run() async throws {
        let elf = try FileIO.read(file)
        let hash = SHA256.hash(elf)
        let compressed: [UInt8]
        do { compressed = try Zstd.compress(elf) } catch { throw ValidationError("cannot compress \(file): \(error)") }
        let response: PutProgramResponse = try await endpoints.withStorage { client in
            try await client.putProgram(
                PutProgramRequest(
                    elfZstd: compressed,
                    elfSize: UInt64(elf.count),
                    pin: pin,
                    arweaveTx: arweaveTx ?? ""
                ),
                timeout: .seconds(300)
            )
        }
        guard response.elfHash == hash else {
            throw ValidationError(
                "storage answered elf_hash \(Hex.encode(response.elfHash)), "
                    + "but the file's SHA-256 is \(Hex.encode(hash))"
            )
        }
        if json {
            print(
                JSONText.object([
                    "elf_hash": .string(Hex.encode(response.elfHash)),
                    "cid": .string(response.cid),
                    "elf_size": .uint(response.elfSize),
                    "compressed_size": .uint(response.compressedSize),
                    "tiers": .array(response.tiers.map { .string($0) }),
                    "already_present": .bool(response.alreadyPresent),
                    "arweave_tx": .string(response.arweaveTx),
                ])
            )
        } else {
            print("elf_hash \(Hex.encode(response.elfHash))")
            print("cid \(response.cid)")
            if !response.arweaveTx.isEmpty { print("arweave_tx \(response.arweaveTx)") }
        }
    }
}
