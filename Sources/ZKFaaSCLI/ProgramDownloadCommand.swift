import ArgumentParser
import ZKContent
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKWire

/// `zkfaas program download HASH_OR_CID -o FILE`: fetches an ELF from storage-cache-service and writes it after
/// checking it against the name asked for: its SHA-256 for a hash, its UnixFS CID (the same multihash) for a CID —
/// never only against what the service says it is.
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

    func validate() throws {
        guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive, got \(maxBytes)") }
    }

    func run() async throws {
        var request = StorageGetProgramRequest()
        var expectedHash: [UInt8]?
        var expectedCID: CID?
        if let hash = try? Hex.decode(name), hash.count == 32 {
            request.elfHash = hash
            expectedHash = hash
        } else {
            do {
                expectedCID = try CID(name)
            } catch {
                throw ValidationError("'\(name)' is neither an elf_hash (64 hex digits) nor a CID: \(error)")
            }
            request.cid = name
        }
        let response: GetProgramSharedResponse = try await endpoints.withStorage { client in
            try await client.getProgramShared(request, timeout: .seconds(300))
        }
        let elf: [UInt8]
        do {
            elf = try response.elfZstd.withUnsafeBytes { bytes in
                try Zstd.decompress(bytes, declaredSize: response.elfSize, maximumSize: maxBytes)
            }
        } catch {
            throw ValidationError("storage sent an invalid program: \(error)")
        }
        let hash = SHA256.hash(elf)
        if let expectedHash, hash != expectedHash {
            throw ValidationError("downloaded bytes hash to \(Hex.encode(hash)), expected \(Hex.encode(expectedHash))")
        }
        if let expectedCID {
            let cid = UnixFSImporter.cid(of: elf).root
            guard cid.multihash == expectedCID.multihash else {
                throw ValidationError("downloaded bytes have CID \(cid), expected \(expectedCID)")
            }
        }
        try FileIO.write(elf, to: output)
        guard SHA256.hash(try FileIO.read(output)) == hash else {
            throw ValidationError("\(output) does not read back as written")
        }
        printError("wrote \(elf.count) bytes to \(output) (sha256 \(Hex.encode(hash)), tier \(response.tier))")
    }
}
