import Synchronization
import ZKCrypto
import ZKRPC

/// Per-key admission: a token bucket on every call, and per UTC day a quota of proof jobs and of cycles, plus a
/// cap on concurrent jobs. In open mode (no keys configured) everything is admitted.
///
/// Refusals are RESOURCE_EXHAUSTED with a `retry-after-ms` hint; unknown keys are UNAUTHENTICATED.
final class AdmissionController: Sendable {
    private struct KeyState {
        var tokens: Double
        var refilledAt: ContinuousClock.Instant
        var day: Int
        var proofsToday = 0
        var cyclesToday: UInt64 = 0
        var running = 0
    }

    /// A started job's claim on its key's concurrency and daily proof quota.
    struct Reservation: Sendable {
        let key: String?
    }

    /// nil in open mode. Keys match by their UTF-8 bytes, compared in constant time (``APIKeyTable``).
    private let policies: APIKeyTable?
    private let state = Mutex<[String: KeyState]>([:])
    private let refused = Atomic<UInt64>(0)

    init(policies: [String: APIKeyPolicy]?) {
        self.policies = policies.map(APIKeyTable.init)
    }

    var isOpen: Bool { policies == nil }

    /// Calls refused so far.
    var refusals: UInt64 { refused.load(ordering: .relaxed) }

    private static func utcDay() -> Int { Int(WallClock.seconds() / 86_400) }

    private static func millisecondsUntilMidnight() -> Int {
        let now = Int(WallClock.seconds())
        return ((now / 86_400 + 1) * 86_400 - now) * 1000
    }

    private func policy(for key: String?) throws(RPCError) -> (String, APIKeyPolicy)? {
        guard let policies else { return nil }
        guard let key, let (configured, policy) = policies.lookup(key) else {
            throw RPCError(code: .unauthenticated, message: key == nil ? "an api-key is required" : "unknown api-key")
        }
        return (configured, policy)
    }

    private func withState<R>(_ key: String, _ policy: APIKeyPolicy, _ body: (inout KeyState) throws(RPCError) -> R)
        throws(RPCError) -> R
    {
        try state.withLock { (all) throws(RPCError) -> R in
            let today = Self.utcDay()
            var entry = all[key] ?? KeyState(tokens: policy.burst, refilledAt: .now, day: today)
            if entry.day != today {
                entry.day = today
                entry.proofsToday = 0
                entry.cyclesToday = 0
            }
            defer { all[key] = entry }
            return try body(&entry)
        }
    }

    private func refuse(_ message: String, retryAfterMilliseconds: Int) -> RPCError {
        refused.add(1, ordering: .relaxed)
        return RPCError(
            code: .resourceExhausted,
            message: message,
            details: [RPCError.retryAfterKey: String(max(1, retryAfterMilliseconds))]
        )
    }

    /// Takes one token of the key's bucket. Cheap; runs on the event loop for cache hits.
    func admitCall(apiKey: String?) throws(RPCError) {
        guard let (key, policy) = try policy(for: apiKey) else { return }
        try withState(key, policy) { (entry) throws(RPCError) in
            let now = ContinuousClock.now
            let elapsed = now - entry.refilledAt
            entry.tokens = min(policy.burst, entry.tokens + elapsed / .seconds(1) * policy.requestsPerSecond)
            entry.refilledAt = now
            guard entry.tokens >= 1 else {
                let wait = (1 - entry.tokens) / policy.requestsPerSecond * 1000
                throw refuse("rate limit of \(policy.requestsPerSecond)/s exceeded", retryAfterMilliseconds: Int(wait.rounded(.up)))
            }
            entry.tokens -= 1
        }
    }

    /// Claims a job slot: concurrency cap, daily proof and cycle quotas. An Execute call claims one too, but does not
    /// use the proof quota (`countsAsProof` false).
    func reserveJob(apiKey: String?, countsAsProof: Bool = true) throws(RPCError) -> Reservation {
        guard let (key, policy) = try policy(for: apiKey) else { return Reservation(key: nil) }
        try withState(key, policy) { (entry) throws(RPCError) in
            guard entry.running < policy.maxConcurrentJobs else {
                throw refuse("more than \(policy.maxConcurrentJobs) concurrent jobs", retryAfterMilliseconds: 1000)
            }
            guard !countsAsProof || entry.proofsToday < policy.dailyProofs else {
                throw refuse("daily quota of \(policy.dailyProofs) proofs used", retryAfterMilliseconds: Self.millisecondsUntilMidnight())
            }
            guard entry.cyclesToday < policy.dailyCycles else {
                throw refuse("daily quota of \(policy.dailyCycles) cycles used", retryAfterMilliseconds: Self.millisecondsUntilMidnight())
            }
            entry.running += 1
            if countsAsProof { entry.proofsToday += 1 }
        }
        return Reservation(key: key)
    }

    /// The cycles a key may still use today (nil: unlimited).
    func remainingCycles(apiKey: String?) -> UInt64? {
        guard let policies, let apiKey, let (key, policy) = policies.lookup(apiKey) else { return nil }
        return state.withLock { all in
            let used = all[key].map { $0.day == Self.utcDay() ? $0.cyclesToday : 0 } ?? 0
            return policy.dailyCycles > used ? policy.dailyCycles - used : 0
        }
    }

    /// Releases a reservation and charges the work the job did: its cycles (SP1's count) plus the instructions
    /// the local executor ran inside unconstrained blocks, which SP1 does not count as cycles but which cost the
    /// same CPU (each is bounded by the job's cycle limit, so a job is charged at most twice that).
    func finish(_ reservation: Reservation, cycles: UInt64, unconstrainedInstructions: UInt64 = 0) {
        guard let key = reservation.key, let policy = policies?.lookup(key)?.policy else { return }
        let (charged, overflow) = cycles.addingReportingOverflow(unconstrainedInstructions)
        try? withState(key, policy) { entry in
            entry.running = max(0, entry.running - 1)
            let (total, overflowToday) = entry.cyclesToday.addingReportingOverflow(overflow ? .max : charged)
            entry.cyclesToday = overflowToday ? .max : total
        }
    }
}
