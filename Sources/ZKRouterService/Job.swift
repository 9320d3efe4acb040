import Synchronization
import ZKCrypto
import ZKExecutor
import ZKProto

/// One proof job: its status, the waiters, and the handle to stop it. Inputs are not kept here.
///
/// A job belongs to the API key that made it (``owner``); keys that joined it (single flight) may read it too
/// (``readers``), but only the owner may cancel it. In open mode every caller has no key, so all may.
final class Job: Sendable {
    private struct Inner {
        var status: JobStatus
        var finished = false
        /// Callers of ``wait(timeout:)``, each with the timer that ends its wait.
        var waiters: [Int: (continuation: CheckedContinuation<Void, Never>, timer: Task<Void, Never>?)] = [:]
        var nextWaiter = 0
        var task: Task<Void, Never>?
        /// Keys that joined the job: they may read it, not cancel it.
        var readers: Set<String> = []
    }

    let id: String
    let key: ProofCacheKey
    /// The API key that made the job (nil in open mode).
    let owner: String?
    let cancellation = ExecutionCancellation()
    /// Cycles run so far, published by the executing backend; shown as `cycles_so_far` while the job runs.
    let progress = ExecutionProgress()
    private let inner: Mutex<Inner>

    init(id: String, key: ProofCacheKey, owner: String?) {
        self.id = id
        self.key = key
        self.owner = owner
        inner = Mutex(Inner(status: JobStatus(jobID: id, state: .queued, queuedAtMs: WallClock.milliseconds())))
    }

    var status: JobStatus {
        var status = inner.withLock { $0.status }
        if status.state == .running { status.cyclesSoFar = progress.cycles }
        return status
    }
    var isFinished: Bool { inner.withLock { $0.finished } }

    /// Lets `apiKey`, which joined the job, read it.
    func addReader(_ apiKey: String?) {
        guard let apiKey, apiKey != owner else { return }
        inner.withLock { _ = $0.readers.insert(apiKey) }
    }

    /// Whether `apiKey` made the job or joined it.
    func isReadable(by apiKey: String?) -> Bool {
        if apiKey == owner { return true }
        guard let apiKey else { return false }
        return inner.withLock { $0.readers.contains(apiKey) }
    }

    /// Cancels the job and waits until its task has ended (at once when none is attached or it already ended).
    func stop() async {
        cancel()
        let task = inner.withLock { $0.task }
        await task?.value
    }

    func attach(_ task: Task<Void, Never>) {
        inner.withLock { $0.task = task }
    }

    func update(_ body: (inout JobStatus) -> Void) {
        inner.withLock { body(&$0.status) }
    }

    /// Sets the final status and wakes every waiter.
    func finish(_ body: (inout JobStatus) -> Void) {
        let waiters = inner.withLock { inner -> [(continuation: CheckedContinuation<Void, Never>, timer: Task<Void, Never>?)] in
            guard !inner.finished else { return [] }
            body(&inner.status)
            inner.status.finishedAtMs = WallClock.milliseconds()
            inner.finished = true
            inner.task = nil
            defer { inner.waiters.removeAll() }
            return Array(inner.waiters.values)
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    /// Stops the job: the executor notices within its check interval.
    func cancel() {
        cancellation.cancel()
        let task = inner.withLock { $0.task }
        task?.cancel()
    }

    /// Returns when the job has finished or `timeout` passed (or the caller was cancelled).
    func wait(timeout: Duration) async {
        let id = inner.withLock { inner -> Int in
            inner.nextWaiter += 1
            return inner.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let registered = inner.withLock { inner -> Bool in
                    if inner.finished { return false }
                    inner.waiters[id] = (continuation, nil)
                    return true
                }
                guard registered else {
                    continuation.resume()
                    return
                }
                // A caller cancelled before it registered was not woken by `onCancel` (nothing to wake then).
                if Task.isCancelled {
                    wake(id)
                    return
                }
                // The timer is cancelled when the wait ends otherwise, so a finished job is not kept alive by it.
                let timer = Task { [self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    self.wake(id)
                }
                let kept = inner.withLock { inner -> Bool in
                    guard inner.waiters[id] != nil else { return false }  // already woken
                    inner.waiters[id]?.timer = timer
                    return true
                }
                if !kept { timer.cancel() }
            }
        } onCancel: {
            self.wake(id)
        }
    }

    private func wake(_ waiter: Int) {
        guard let waiting = inner.withLock({ $0.waiters.removeValue(forKey: waiter) }) else { return }
        waiting.timer?.cancel()
        waiting.continuation.resume()
    }
}
