import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// `zkfaas-bench storage-fixture`: writes an ELF-like file for `Scripts/bench.sh storage` to measure both the service
/// and `zstd -3` on: a real guest's bytes (its ELF header first), then either the bytes of `--padding` (e.g. a large
/// native executable: real machine code compresses like a real guest program) or, without it, alternating 4 KiB of
/// the guest again and 4 KiB of SplitMix64 output.
struct StorageFixture: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage-fixture",
        abstract: "Write an ELF-like file of a given size built from a guest ELF."
    )

    @Option(help: "A RISC-V guest ELF (e.g. Guests/bin/fibonacci.elf).") var guest: String
    @Option(help: "Size in bytes.") var size: Int
    @Option(help: "Seed of the padding.") var seed: UInt64 = 1
    @Option(help: "A file whose bytes (cycled) fill the rest, e.g. a native executable.") var padding: String?
    @Option(help: "Output file.") var output: String

    func run() throws {
        let guestBytes = try StorageFiles.read(guest)
        guard guestBytes.count >= 64, size >= 64 else { throw ValidationError("need a guest ELF and --size >= 64") }
        guard let padding else {
            try StorageFiles.write(Self.make(guest: guestBytes, size: size, seed: seed), to: output)
            return
        }
        let fill = try StorageFiles.read(padding)
        guard !fill.isEmpty else { throw ValidationError("--padding \(padding) is empty") }
        var bytes = Array(guestBytes.prefix(size))
        bytes.reserveCapacity(size)
        var offset = Int(seed % UInt64(fill.count))
        while bytes.count < size {
            let take = min(size - bytes.count, fill.count - offset)
            bytes += fill[offset..<offset + take]
            offset = (offset + take) % fill.count
        }
        try StorageFiles.write(bytes, to: output)
    }

    /// The fixture's bytes.
    static func make(guest: [UInt8], size: Int, seed: UInt64) -> [UInt8] {
        var output = Array(guest.prefix(size))
        output.reserveCapacity(size)
        var state = seed
        var block = 0
        while output.count < size {
            let take = min(4096, size - output.count)
            if block % 2 == 0 {
                var index = 0
                while index < take {
                    state &+= 0x9E37_79B9_7F4A_7C15
                    var mixed = state
                    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                    mixed ^= mixed >> 31
                    for _ in 0..<8 where index < take {
                        output.append(UInt8(truncatingIfNeeded: mixed))
                        mixed >>= 8
                        index += 1
                    }
                }
            } else {
                for index in 0..<take { output.append(guest[index % guest.count]) }
            }
            block += 1
        }
        return output
    }
}
