/// Reproducible pseudo-random bytes (SplitMix64), so large test inputs need no fixtures.
public enum DeterministicBytes {
    public static func make(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var output = [UInt8](repeating: 0, count: count)
        output.withUnsafeMutableBytes { buffer in
            var index = 0
            while index < count {
                state &+= 0x9E37_79B9_7F4A_7C15
                var mixed = state
                mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
                mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                mixed ^= mixed >> 31
                for _ in 0..<8 where index < count {
                    buffer[index] = UInt8(truncatingIfNeeded: mixed)
                    mixed >>= 8
                    index += 1
                }
            }
        }
        return output
    }
}
