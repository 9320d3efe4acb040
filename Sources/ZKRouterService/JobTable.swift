import Synchronization
import ZKRPC

/// The router's jobs: by id for GetJob/WaitJob/CancelJob, and by cache key while running so identical requests
/// join the one job (single flight). Bounded: at most `capacity` jobs run or wait at once; finished jobs are
/// remembered up to `retention`.
final class JobTable: Sendable {
    private struct Inner {
        var byID: [String: Job] = [:]
        var running: [ProofCacheKey: Job] = [:]
        var finishedOrder: [String] = []
        var finishedHead = 0
        var counter: UInt64 = 0
    }

    private let capacity: Int
    private let retention: Int
    private let inner = Mutex(Inner())
    private let replica: String

    init(capacity: Int, retention: Int, replica: String) {
        self.capacity = capacity
        self.retention = retention
        self.replica = replica
    }

    /// The running job of `key`, if any.
    func running(_ key: ProofCacheKey) -> Job? {
        inner.withLock { $0.running[key] }
    }

    /// Joins the running job of `key`, or creates one.
    ///
    /// - Throws: RESOURCE_EXHAUSTED when `capacity` jobs are already queued or running.
    func joinOrCreate(_ key: ProofCacheKey) throws(RPCError) -> (job: Job, joined: Bool) {
        try inner.withLock { (inner) throws(RPCError) -> (job: Job, joined: Bool) in
            if let job = inner.running[key] { return (job, true) }
            guard inner.running.count < capacity else {
                throw RPCError(
                    code: .resourceExhausted,
                    message: "the router's queue is full (\(capacity) jobs)",
                    details: [RPCError.retryAfterKey: "1000"]
                )
            }
            inner.counter += 1
            let job = Job(id: "\(replica)-\(inner.counter)", key: key)
            inner.byID[job.id] = job
            inner.running[key] = job
            return (job, false)
        }
    }

    /// Every job that has not finished, for shutdown.
    func unfinished() -> [Job] {
        inner.withLock { Array($0.running.values) }
    }

    func job(_ id: String) -> Job? {
        inner.withLock { $0.byID[id] }
    }

    /// Moves a finished job out of the running set; forgets the oldest finished jobs beyond `retention`.
    func finished(_ job: Job) {
        inner.withLock { inner in
            if inner.running[job.key] === job { inner.running.removeValue(forKey: job.key) }
            inner.finishedOrder.append(job.id)
            while inner.finishedOrder.count - inner.finishedHead > retention {
                inner.byID.removeValue(forKey: inner.finishedOrder[inner.finishedHead])
                inner.finishedHead += 1
            }
            if inner.finishedHead > 4096 {
                inner.finishedOrder.removeFirst(inner.finishedHead)
                inner.finishedHead = 0
            }
        }
    }
}
