import ZKCrypto

/// Resident memory of a process, from `/proc/PID/status` (`VmRSS`, kB).
enum ProcessMemory {
    static func residentKilobytes(pid: Int32) -> Int? {
        guard let bytes = try? FileBytes.read("/proc/\(pid)/status", maximumBytes: 1 << 16) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }

    /// The least-squares slope of `samples` (value per step), 0 for fewer than two.
    static func slope(_ samples: [Double]) -> Double {
        guard samples.count >= 2 else { return 0 }
        let n = Double(samples.count)
        let meanX = (n - 1) / 2
        let meanY = samples.reduce(0, +) / n
        var numerator = 0.0
        var denominator = 0.0
        for (index, value) in samples.enumerated() {
            let dx = Double(index) - meanX
            numerator += dx * (value - meanY)
            denominator += dx * dx
        }
        return numerator / denominator
    }
}
