import Foundation
import ZKTestSupport

/// ELF-like test programs: a real RISC-V guest ELF (`Guests/bin/fibonacci.elf`) padded to any size with
/// deterministic bytes, alternating 4 KiB of the guest's own bytes and 4 KiB of SplitMix64 output so that zstd finds
/// roughly the redundancy of a real program. ``ZKContent/ELFCheck`` accepts them.
enum ELFFixture {
    static let guest: [UInt8] = {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("Guests/bin/fibonacci.elf")
        return [UInt8]((try? Data(contentsOf: url)) ?? Data())
    }()

    /// `size` bytes (at least 128) starting with the guest's ELF header (and at most half the file taken from the
    /// guest's start); `seed` varies the padding, so different seeds give different programs at any size.
    static func make(size: Int, seed: UInt64 = 1) -> [UInt8] {
        precondition(guest.count >= 64 && size >= 128, "Guests/bin/fibonacci.elf is missing")
        var output = Array(guest.prefix(max(64, min(size / 2, guest.count))))
        let random = DeterministicBytes.make(count: max(0, size - output.count), seed: seed)
        var offset = 0
        while output.count < size {
            let take = min(4096, size - output.count)
            if (output.count / 4096) % 2 == 0 {
                output += random[offset..<offset + take]
            } else {
                output += guest.prefix(take)
                if take > guest.count { output += random[offset..<offset + take - guest.count] }
            }
            offset += take
        }
        return output
    }
}
