import Synchronization

/// Stops sending work to a backend after repeated UNAVAILABLE failures, and probes it again after a pause.
///
/// closed → (failureThreshold consecutive failures) → open → (openDuration) → half-open: one probe job;
/// success closes, failure opens again.
final class CircuitBreaker: Sendable {
    enum State: String, Sendable { case closed, open, halfOpen = "half-open" }

    private struct Inner {
        var state: State = .closed
        var failures = 0
        var openedAt: ContinuousClock.Instant = .now
        var probing = false
    }

    private let failureThreshold: Int
    private let openDuration: Duration
    private let inner = Mutex(Inner())

    init(failureThreshold: Int = 5, openDuration: Duration = .seconds(30)) {
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
    }

    var state: State {
        inner.withLock { inner in
            if inner.state == .open && ContinuousClock.now - inner.openedAt >= openDuration { return .halfOpen }
            return inner.state
        }
    }

    /// Whether a job may be sent now (takes the single half-open probe slot).
    func allow() -> Bool {
        inner.withLock { inner in
            switch inner.state {
            case .closed:
                return true
            case .open:
                guard ContinuousClock.now - inner.openedAt >= openDuration else { return false }
                inner.state = .halfOpen
                inner.probing = true
                return true
            case .halfOpen:
                if inner.probing { return false }
                inner.probing = true
                return true
            }
        }
    }

    func recordSuccess() {
        inner.withLock { inner in
            inner.state = .closed
            inner.failures = 0
            inner.probing = false
        }
    }

    /// Records a failure that says the backend is unavailable (not a guest or input error).
    func recordFailure() {
        inner.withLock { inner in
            inner.failures += 1
            inner.probing = false
            if inner.state == .halfOpen || inner.failures >= failureThreshold {
                inner.state = .open
                inner.openedAt = .now
            }
        }
    }
}
