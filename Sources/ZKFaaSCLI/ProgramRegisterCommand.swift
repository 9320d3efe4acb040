import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRegistryService
import ZKWire

/// `zkfaas program register ELF …`: uploads the ELF to storage, signs the registration and registers it.
struct ProgramRegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract:
            "Upload an ELF to storage-cache-service, sign its metadata and register it; prints program_hash.",
        discussion: """
            The registration is signed with the key file (EIP-191 personal_sign over the keccak-256 of the
            ABI-encoded fields, see Protos/README.md); the registry records the recovered address as the author.
            program_hash defaults to the ELF's SHA-256.
            """
    )

    @Argument(help: "The guest ELF.") var elf: String
    @Option(help: "Target zkVM: sp1 or risc0 (any common spelling).") var zkvm: String
    @Option(help: "zkVM toolchain version, e.g. v5.2.4.") var zkvmVersion: String = ""
    @Option(help: "What the program does (at most 1024 bytes).") var description: String
    @Option(help: "Author key file (see `zkfaas keys new`).") var key: String
    @Option(help: "Program hash, 32 bytes hex (default: the ELF's SHA-256).") var programHash: String?
    @Option(help: "Verifying-key hash / image id, 32 bytes hex.") var vkHash: String?
    @OptionGroup var endpoints: EndpointOptions
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard ZKVMName(spelling: zkvm) != nil else {
            throw ValidationError("--zkvm '\(zkvm)' is not supported; use sp1 or risc0")
        }
        if let programHash { _ = try Self.hash32(programHash, option: "--program-hash") }
        if let vkHash { _ = try Self.hash32(vkHash, option: "--vk-hash") }
    }

    func run() async throws {
        let signingKey = try KeysFile.read(key)
        let elfBytes = try FileIO.read(elf)
        let elfHash = SHA256.hash(elfBytes)
        let compressed: [UInt8]
        do {
            compressed = try Zstd.compress(elfBytes)
        } catch {
            throw ValidationError("cannot compress \(elf): \(error)")
        }
        let put = try await endpoints.withStorage { storage in
            try await storage.putProgram(
                PutProgramRequest(elfZstd: compressed, elfSize: UInt64(elfBytes.count)),
                timeout: .seconds(300)
            )
        }
        guard put.elfHash == elfHash else {
            throw ValidationError(
                "storage stored the ELF under hash \(Hex.encode(put.elfHash, prefix: true)), "
                    + "not its SHA-256 \(Hex.encode(elfHash, prefix: true))"
            )
        }
        let fields = RegistrationFields(
            programHash: try programHash.map { try Self.hash32($0, option: "--program-hash") } ?? elfHash,
            ipfsCID: put.cid,
            elfHash: elfHash,
            description: description,
            zkvm: ZKVMName(spelling: zkvm)!,
            zkvmVersion: zkvmVersion,
            vkHash: try vkHash.map { try Self.hash32($0, option: "--vk-hash") } ?? []
        )
        let signature = try fields.sign(with: signingKey)
        let author = signingKey.ethereumAddress.checksummedHex
        let registered = try await endpoints.withRegistry { registry in
            try await registry.registerProgram(
                fields.request(signature: signature),
                metadata: [RegistryService.authorMetadataKey: author]
            )
        }
        let program = registered ?? ProgramMetadata()
        if json {
            print(
                JSONText.object([
                    "program_hash": .string(Hex.encode(program.programHash, prefix: true)),
                    "elf_hash": .string(Hex.encode(program.elfHash, prefix: true)),
                    "ipfs_cid": .string(program.ipfsCid),
                    "author": .string(program.author),
                    "timestamp": .uint(program.timestamp),
                ])
            )
        } else {
            print(Hex.encode(program.programHash, prefix: true))
        }
    }

    /// Parses 32 bytes of hex (with or without `0x`).
    static func hash32(_ text: String, option: String) throws -> [UInt8] {
        guard let bytes = try? Hex.decode(text), bytes.count == 32 else {
            throw ValidationError("\(option) must be 32 bytes of hex (64 digits)")
        }
        return bytes
    }
}
