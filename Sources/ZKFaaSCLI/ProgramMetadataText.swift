import ZKCrypto
import ZKProto

/// How `zkfaas program` prints a registry record.
enum ProgramMetadataText {
    static func json(_ program: ProgramMetadata) -> String {
        JSONText.object([
            "program_hash": .string(Hex.encode(program.programHash, prefix: true)),
            "ipfs_cid": .string(program.ipfsCid),
            "elf_hash": .string(Hex.encode(program.elfHash, prefix: true)),
            "author": .string(program.author),
            "timestamp": .uint(program.timestamp),
            "description": .string(program.description),
            "zkvm": .string(program.zkvm),
            "zkvm_version": .string(program.zkvmVersion),
            "vk_hash": program.vkHash.isEmpty ? .null : .string(Hex.encode(program.vkHash, prefix: true)),
            "signature": .string(Hex.encode(program.signature, prefix: true)),
        ])
    }

    static func text(_ program: ProgramMetadata) -> String {
        [
            "program_hash: \(Hex.encode(program.programHash, prefix: true))",
            "ipfs_cid:     \(TerminalText.safe(program.ipfsCid))",
            "elf_hash:     \(Hex.encode(program.elfHash, prefix: true))",
            "author:       \(TerminalText.safe(program.author))",
            "timestamp:    \(program.timestamp)",
            "zkvm:         \(TerminalText.safe(program.zkvm)) \(TerminalText.safe(program.zkvmVersion))",
            "vk_hash:      \(program.vkHash.isEmpty ? "-" : Hex.encode(program.vkHash, prefix: true))",
            "description:  \(TerminalText.safe(program.description))",
        ].joined(separator: "\n")
    }
}
