import Foundation

/// A deterministic random number generator (SplitMix64: Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014), so a randomised test can print its seed and be replayed from it.
struct SeededGenerator: RandomNumberGenerator {
    /// The seed this generator started from.
    let seed: UInt64
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// The seed named by the environment variable `name` (decimal or `0x` hex), else `fallback`.
    static func seed(fromEnvironment name: String, default fallback: UInt64) -> UInt64 {
        guard let text = ProcessInfo.processInfo.environment[name] else { return fallback }
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) ?? fallback }
        return UInt64(text) ?? fallback
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
