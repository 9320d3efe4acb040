import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto

/// `zkfaas program stat HASH_OR_CID [--arweave] [--json]`: what storage-cache-service holds of a program — sizes,
/// local tiers, pin, its Arweave transaction, and with `--arweave` how that transaction stands on the gateway.
struct ProgramStatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stat",
        abstract: "Show what storage-cache-service holds of a program (by elf_hash or CID)."
    )

    @Argument(help: "The program's elf_hash (64 hex digits) or CID.") var name: String
    @Flag(help: "Ask the Arweave gateway whether the program's transaction is mined (needs --arweave-gateway there).")
    var arweave = false
    @Flag(help: "Print one JSON object.") var json = false
    @OptionGroup var endpoints: EndpointOptions

    func run() async throws {
        var request = StatProgramRequest(checkArweave: arweave)
        if let hash = try? Hex.decode(name), hash.count == 32 {
            request.elfHash = hash
        } else {
            request.cid = name
        }
        let stat: StatProgramResponse = try await endpoints.withStorage { client in
            try await client.statProgram(request)
        }
        if json {
            print(
                JSONText.render(
                    .object([
                        ("elf_hash", .string(Hex.encode(stat.elfHash))),
                        ("cid", .string(stat.cid)),
                        ("elf_size", .uint(stat.elfSize)),
                        ("compressed_size", .uint(stat.compressedSize)),
                        ("tiers", .array(stat.tiers.map { .string($0) })),
                        ("pinned", .bool(stat.pinned)),
                        ("arweave_tx", .string(stat.arweaveTx)),
                        ("arweave_status", .string(stat.arweaveStatus)),
                        ("arweave_confirmations", .uint(stat.arweaveConfirmations)),
                        ("arweave_block_height", .uint(stat.arweaveBlockHeight)),
                    ])
                )
            )
            return
        }
        print("elf_hash:       \(Hex.encode(stat.elfHash))")
        print("cid:            \(stat.cid)")
        print("size:           \(stat.elfSize) bytes (\(stat.compressedSize) compressed)")
        print("tiers:          \(stat.tiers.joined(separator: ", "))\(stat.pinned ? " (pinned)" : "")")
        guard !stat.arweaveTx.isEmpty else { return }
        var arweaveLine = stat.arweaveTx
        switch stat.arweaveStatus {
        case "confirmed":
            arweaveLine += " — mined in block \(stat.arweaveBlockHeight), \(stat.arweaveConfirmations) confirmations"
        case "":
            break
        default:
            arweaveLine += " — \(stat.arweaveStatus.replacingUnderscores())"
        }
        print("arweave:        \(arweaveLine)")
    }
}

extension String {
    /// `not_found` → `not found`.
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
