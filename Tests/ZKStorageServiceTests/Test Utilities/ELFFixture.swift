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

/// Reproducible pseudo-random bytes (SplitMix64).
enum DeterministicBytes {
    static func make(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var output = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            for _ in 0..<8 where index < count {
                output[index] = UInt8(truncatingIfNeeded: mixed)
                mixed >>= 8
                index += 1
            }
        }
        return output
    }
}
