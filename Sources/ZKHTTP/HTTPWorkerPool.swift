#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed set of POSIX threads that run blocking transfers, with a bounded queue in front.
///
/// Threads are started on demand, up to ``maxThreads``, and then kept; a job submitted while every thread is busy
/// waits in the queue. At most ``maxThreads`` + ``maxQueued`` jobs are accepted and not finished at any time
/// (however quickly the threads pick them up); one more is refused with ``HTTPError/Code/overloaded``. A thread that cannot be started (`pthread_create` failing with `EAGAIN` under a
/// process or thread limit) is not an error while another thread runs: the job waits for it; with no thread at all
/// it is refused with ``HTTPError/Code/overloaded`` too. Nothing here traps.
///
/// The queue and counters are guarded by one `pthread_mutex_t`, which the workers also wait on with a condition
/// variable; that is why the class is `@unchecked Sendable`.
public final class HTTPWorkerPool: @unchecked Sendable {
    /// The pool ``HTTPClient/init()`` uses: 32 threads, 256 queued transfers.
    public static let shared = HTTPWorkerPool(maxThreads: 32, maxQueued: 256)

    /// Most threads started.
    public let maxThreads: Int
    /// Most jobs waiting for a thread.
    public let maxQueued: Int

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var queue: [@Sendable () -> Void] = []
    private var queueHead = 0
    private var threads = 0
    /// Jobs accepted and not finished (waiting or running).
    private var active = 0

    /// - Parameters:
    ///   - maxThreads: Most threads; at least 1.
    ///   - maxQueued: Most jobs waiting; at least 0.
    public init(maxThreads: Int, maxQueued: Int) {
        self.maxThreads = max(1, maxThreads)
        self.maxQueued = max(0, maxQueued)
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        // Only a pool no thread runs in can go away (each thread holds a reference).
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Threads started so far.
    public var threadCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return threads
    }

    /// Queues `job` to run on one of the pool's threads.
    ///
    /// - Throws: ``HTTPError`` ``HTTPError/Code/overloaded`` when the queue is full, or no thread can run it.
    public func submit(_ job: @escaping @Sendable () -> Void) throws(HTTPError) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard active < maxThreads + maxQueued else {
            throw HTTPError(
                code: .overloaded,
                message: "\(maxThreads) HTTP transfers run and \(maxQueued) wait already; retry later"
            )
        }
        if active >= threads && threads < maxThreads {
            if startThread() {
                threads += 1
            } else if threads == 0 {
                throw HTTPError(code: .overloaded, message: "no thread can be started for an HTTP transfer")
            }
        }
        queue.append(job)
        active += 1
        pthread_cond_signal(condition)
    }

    /// Starts one worker; false when the system refuses a thread.
    private func startThread() -> Bool {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread,
            nil,
            { argument in
                let pool = Unmanaged<HTTPWorkerPool>.fromOpaque(argument!).takeRetainedValue()
                pool.work()
                return nil
            },
            box
        )
        guard status == 0 else {
            Unmanaged<HTTPWorkerPool>.fromOpaque(box).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// A worker's loop: takes jobs in order, forever.
    private func work() {
        while true {
            pthread_mutex_lock(mutex)
            while queueHead == queue.count {
                pthread_cond_wait(condition, mutex)
            }
            let job = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            } else if queueHead >= 1024 && queueHead * 2 >= queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            pthread_mutex_unlock(mutex)
            job()
            pthread_mutex_lock(mutex)
            active -= 1
            pthread_mutex_unlock(mutex)
        }
    }
}
