/// The Keccak-f[1600] permutation, as SP1's KECCAK_PERMUTE precompile applies it (succinctlabs/sp1 v5.2.4
/// `crates/core/executor/src/syscalls/precompiles/keccak256/permute.rs`, which calls `tiny_keccak::keccakf`): the
/// state is 25 lanes, lane `i` read from guest words `2i` (low half) and `2i + 1` (high half).
enum KeccakF1600 {
    static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// Rotation offsets, in the order lanes are visited by the combined rho-pi step.
    static let rotations: [UInt64] = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44]
    /// Lane visiting order of the combined rho-pi step.
    static let piLanes: [Int] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1]

    /// Permutes `state` (25 lanes) in place.
    static func permute(_ state: UnsafeMutablePointer<UInt64>) {
        var c = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for round in 0..<24 {
            // Theta.
            c.0 = state[0] ^ state[5] ^ state[10] ^ state[15] ^ state[20]
            c.1 = state[1] ^ state[6] ^ state[11] ^ state[16] ^ state[21]
            c.2 = state[2] ^ state[7] ^ state[12] ^ state[17] ^ state[22]
            c.3 = state[3] ^ state[8] ^ state[13] ^ state[18] ^ state[23]
            c.4 = state[4] ^ state[9] ^ state[14] ^ state[19] ^ state[24]
            let d = (
                c.4 ^ rotl(c.1, 1), c.0 ^ rotl(c.2, 1), c.1 ^ rotl(c.3, 1), c.2 ^ rotl(c.4, 1), c.3 ^ rotl(c.0, 1)
            )
            for row in stride(from: 0, to: 25, by: 5) {
                state[row] ^= d.0
                state[row + 1] ^= d.1
                state[row + 2] ^= d.2
                state[row + 3] ^= d.3
                state[row + 4] ^= d.4
            }
            // Rho and pi.
            var last = state[1]
            for i in 0..<24 {
                let lane = piLanes[i]
                let saved = state[lane]
                state[lane] = rotl(last, rotations[i])
                last = saved
            }
            // Chi.
            for row in stride(from: 0, to: 25, by: 5) {
                let a0 = state[row], a1 = state[row + 1], a2 = state[row + 2], a3 = state[row + 3], a4 = state[row + 4]
                state[row] = a0 ^ (~a1 & a2)
                state[row + 1] = a1 ^ (~a2 & a3)
                state[row + 2] = a2 ^ (~a3 & a4)
                state[row + 3] = a3 ^ (~a4 & a0)
                state[row + 4] = a4 ^ (~a0 & a1)
            }
            // Iota.
            state[0] ^= roundConstants[round]
        }
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x &<< n) | (x &>> (64 - n)) }
}
