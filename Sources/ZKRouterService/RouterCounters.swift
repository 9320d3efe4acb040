import Synchronization

/// Counters behind the router's `Stats` method.
final class RouterCounters: Sendable {
    let dedupJoins = Atomic<UInt64>(0)
    let jobsStarted = Atomic<UInt64>(0)
    let jobsSucceeded = Atomic<UInt64>(0)
    let jobsFailed = Atomic<UInt64>(0)
    private let executions = Mutex<[String: (ok: UInt64, failed: UInt64)]>([:])

    func recordExecution(backend: String, succeeded: Bool) {
        executions.withLock { all in
            var entry = all[backend] ?? (0, 0)
            if succeeded { entry.ok += 1 } else { entry.failed += 1 }
            all[backend] = entry
        }
    }

    /// Executions (successful, failed) of `backend`.
    func executions(of backend: String) -> (ok: UInt64, failed: UInt64) {
        executions.withLock { $0[backend] ?? (0, 0) }
    }
}
