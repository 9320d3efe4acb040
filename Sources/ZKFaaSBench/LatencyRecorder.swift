/// Collects call latencies in nanoseconds and reports percentiles.
struct LatencyRecorder: Sendable {
    private(set) var samples: [UInt64] = []

    init(capacity: Int = 1 << 20) {
        samples.reserveCapacity(capacity)
    }

    mutating func record(_ nanoseconds: UInt64) { samples.append(nanoseconds) }

    mutating func merge(_ other: LatencyRecorder) { samples += other.samples }

    /// The `q` quantile (0…1) in microseconds.
    func percentile(_ q: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int(Double(sorted.count - 1) * q))
        return Double(sorted[index]) / 1000
    }
}
