import ZKRPC

/// The limits of one API key.
///
/// In a keys file, one key per line: `KEY [rate=R] [burst=B] [proofs=P] [cycles=C] [concurrent=N]`; `#` starts a
/// comment. Missing settings take the defaults below.
public struct APIKeyPolicy: Sendable, Hashable {
    /// Token-bucket refill rate: calls per second (default 50).
    public var requestsPerSecond: Double
    /// Token-bucket size (default 100).
    public var burst: Double
    /// Proof jobs started per UTC day; cache hits do not count (default 10,000).
    public var dailyProofs: Int
    /// Guest cycles executed per UTC day (default 10^11).
    public var dailyCycles: UInt64
    /// Jobs of this key queued or running at once (default 8).
    public var maxConcurrentJobs: Int

    public init(
        requestsPerSecond: Double = 50,
        burst: Double = 100,
        dailyProofs: Int = 10_000,
        dailyCycles: UInt64 = 100_000_000_000,
        maxConcurrentJobs: Int = 8
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.dailyProofs = dailyProofs
        self.dailyCycles = dailyCycles
        self.maxConcurrentJobs = maxConcurrentJobs
    }

    /// Parses a keys file.
    ///
    /// - Throws: ``RPCError`` INVALID_ARGUMENT naming the line that does not parse.
    public static func parseFile(_ text: String) throws -> [String: APIKeyPolicy] {
        var keys: [String: APIKeyPolicy] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let key = words.first else { continue }
            var policy = APIKeyPolicy()
            for word in words.dropFirst() {
                let parts = word.split(separator: "=", maxSplits: 1)
                func bad() -> RPCError {
                    RPCError(code: .invalidArgument, message: "keys file line \(number + 1): cannot parse '\(word)'")
                }
                guard parts.count == 2 else { throw bad() }
                let value = String(parts[1])
                switch parts[0] {
                case "rate": guard let v = Double(value), v > 0 else { throw bad() }; policy.requestsPerSecond = v
                case "burst": guard let v = Double(value), v >= 1 else { throw bad() }; policy.burst = v
                case "proofs": guard let v = Int(value), v >= 0 else { throw bad() }; policy.dailyProofs = v
                case "cycles": guard let v = UInt64(value) else { throw bad() }; policy.dailyCycles = v
                case "concurrent": guard let v = Int(value), v >= 1 else { throw bad() }; policy.maxConcurrentJobs = v
                default: throw bad()
                }
            }
            keys[String(key)] = policy
        }
        return keys
    }
}
