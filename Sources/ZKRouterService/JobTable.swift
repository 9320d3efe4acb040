import Synchronization
import ZKRPC

/// The router's jobs: by id for GetJob/WaitJob/CancelJob, and by cache key while running so identical requests
/// join the one job (single flight). Bounded: at most `capacity` jobs and Execute calls run or wait at once;
/// finished jobs are remembered up to `retention` jobs and `retentionBytes` bytes of statuses (a finished status
/// holds its proof record, whose public values a guest chooses): beyond either bound the oldest finished jobs are
/// forgotten, the newest one always kept.
///
/// A job id is `j-` followed by 128 random bits in hex, from the system's secure generator: knowing one id tells
/// nothing about another.
final class JobTable: Sendable {
    private struct Inner {
        var byID: [String: Job] = [:]
        var running: [ProofCacheKey: Job] = [:]
        var finishedOrder: [(id: String, bytes: Int)] = []
        var finishedHead = 0
        /// Bytes of the finished statuses remembered.
        var finishedBytes = 0
        /// Execute calls holding a slot.
        var executions = 0
    }

    private let capacity: Int
    private let retention: Int
    private let retentionBytes: Int
    private let inner = Mutex(Inner())

    init(capacity: Int, retention: Int, retentionBytes: Int = 64 << 20) {
        self.capacity = capacity
        self.retention = retention
        self.retentionBytes = retentionBytes
    }

    /// Finished jobs remembered and the bytes of their statuses.
    var retained: (jobs: Int, bytes: Int) {
        inner.withLock { ($0.finishedOrder.count - $0.finishedHead, $0.finishedBytes) }
    }

    /// A new job id: `j-` and 32 hex digits (128 bits) from `SystemRandomNumberGenerator` (getrandom).
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return "j-" + hex(high) + hex(low)
    }

    private func queueFull() -> RPCError {
        RPCError(
            code: .resourceExhausted,
            message: "the router's queue is full (\(capacity) jobs)",
            details: [RPCError.retryAfterKey: "1000"]
        )
    }

    /// The running job of `key`, if any.
    func running(_ key: ProofCacheKey) -> Job? {
        inner.withLock { $0.running[key] }
    }

    /// Joins the running job of `key`, or creates one owned by `owner`.
    ///
    /// - Throws: RESOURCE_EXHAUSTED when `capacity` jobs and Execute calls are already queued or running.
    func joinOrCreate(_ key: ProofCacheKey, owner: String?) throws(RPCError) -> (job: Job, joined: Bool) {
        try inner.withLock { (inner) throws(RPCError) -> (job: Job, joined: Bool) in
            if let job = inner.running[key] { return (job, true) }
            guard inner.running.count + inner.executions < capacity else { throw queueFull() }
            let job = Job(id: Self.newID(), key: key, owner: owner)
            inner.byID[job.id] = job
            inner.running[key] = job
            return (job, false)
        }
    }

    /// Takes a queue slot for an Execute call; give it back with ``endExecution()``.
    ///
    /// - Throws: RESOURCE_EXHAUSTED when the queue is full.
    func beginExecution() throws(RPCError) {
        try inner.withLock { (inner) throws(RPCError) in
            guard inner.running.count + inner.executions < capacity else { throw queueFull() }
            inner.executions += 1
        }
    }

    func endExecution() {
        inner.withLock { $0.executions = max(0, $0.executions - 1) }
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
        // The size of what GetJob would send for it, measured once, outside the lock.
        let bytes = job.status.serializedBytes().count
        inner.withLock { inner in
            if inner.running[job.key] === job { inner.running.removeValue(forKey: job.key) }
            inner.finishedOrder.append((job.id, bytes))
            inner.finishedBytes += bytes
            while inner.finishedOrder.count - inner.finishedHead > 1,
                inner.finishedOrder.count - inner.finishedHead > retention || inner.finishedBytes > retentionBytes
            {
                let oldest = inner.finishedOrder[inner.finishedHead]
                inner.byID.removeValue(forKey: oldest.id)
                inner.finishedBytes -= oldest.bytes
                inner.finishedHead += 1
            }
            if inner.finishedHead > 4096 {
                inner.finishedOrder.removeFirst(inner.finishedHead)
                inner.finishedHead = 0
            }
        }
    }
}
