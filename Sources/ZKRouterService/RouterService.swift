public import Logging
import NIOPosix
import Synchronization
import ZKCrypto
import ZKExecutor
import ZKFaaSClient
import ZKProto
public import ZKRPC
import ZKServiceKit
import ZKStore

#if canImport(Glibc)
import Glibc
#endif

/// `zkfaas.v1.Router`: the service users call to get proofs.
///
/// A Prove call is answered, in order of preference, from the L1 proof cache on the event loop, from the lower
/// cache tiers, by joining an identical job already running (here, or on another replica through a Redis lease),
/// or by a new job on a backend. Programs are resolved through registry-service and storage-cache-service and
/// their bytes are verified against the registered hash before anything runs.
///
/// In keyed mode (``RouterConfiguration/apiKeys``) every method but Health needs a known `api-key` (else
/// UNAUTHENTICATED) and takes a token from that key's bucket; Health stays open for load balancers and says nothing
/// about jobs. A job belongs to the key that made it: GetJob, WaitJob and CancelJob by another key get NOT_FOUND, as
/// for an id that does not exist; keys that joined the job may read it, and get PERMISSION_DENIED on CancelJob. A
/// job's status, including its error message (which may carry values derived from the private inputs, such as an
/// exit code or a buffer length), is thus shown only to its owner and to keys that sent the identical request —
/// and a request with private inputs is joined only by its own key (``ProofCacheKey``).
public final class RouterService: RPCService {
    public let serviceName = RouterMethods.serviceName
    private let configuration: RouterConfiguration
    private let logger: Logger
    private let startedAt = ContinuousClock.now
    private let resolver: ProgramResolver
    private let cache: ProofCache
    private let jobs: JobTable
    private let admission: AdmissionController
    private let selector: BackendSelector
    private let local: LocalBackend
    private let signer: DevProofSigner
    private let counters = RouterCounters()
    private let io: NIOThreadPool
    /// Decompression, hashing and decoding of programs, and the cache keys of big requests (C1).
    private let cpu: NIOThreadPool

    /// Opens the caches and the signing key under the data folder.
    ///
    /// - Parameter sharedStore: the Redis-backed L3 tier and lease store, when configured.
    init(configuration: RouterConfiguration, sharedStore: (any SharedProofStore)?, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        try DataDirectory.create(configuration.dataDirectory)
        io = NIOThreadPool(numberOfThreads: 2)
        io.start()
        cpu = NIOThreadPool(numberOfThreads: max(1, configuration.programThreads))
        cpu.start()
        // The disk tier takes the data folder's lock; the signing key is read or made only then, so a second router
        // started on the same folder stops before it can write a key of its own.
        let disk = try ProofCache.openDisk(
            directory: configuration.dataDirectory + "/proofs", bytes: configuration.diskCacheBytes, logger: logger
        )
        do {
            signer = try DevProofSigner(path: configuration.dataDirectory + "/dev-signing.key", logger: logger)
        } catch {
            disk.close()
            throw error
        }
        cache = ProofCache(
            memoryEntries: configuration.memoryCacheEntries,
            memoryBytes: configuration.memoryCacheBytes,
            disk: disk,
            shared: sharedStore,
            trustedKeys: signer.trustedKeys,
            io: io,
            logger: logger
        )
        let registry = try RegistryClient(address: configuration.registryAddress)
        let storage = try StorageClient(address: configuration.storageAddress)
        resolver = ProgramResolver(
            registry: registry,
            storage: storage,
            programCacheEntries: configuration.programCacheEntries,
            programCacheBytes: configuration.programCacheBytes,
            maxELFBytes: configuration.maxELFBytes,
            cpu: cpu,
            logger: logger
        )
        jobs = JobTable(
            capacity: configuration.queueCapacity,
            retention: configuration.jobRetention,
            retentionBytes: configuration.jobRetentionBytes
        )
        admission = AdmissionController(policies: configuration.apiKeys)
        local = LocalBackend(
            workers: configuration.workers,
            maxGuestMemoryBytes: configuration.maxGuestMemoryBytes,
            signer: signer
        )
        selector = BackendSelector(entries: [BackendSelector.Entry(backend: local, breaker: CircuitBreaker())])
        if admission.isOpen {
            logger.notice("open mode: no API keys configured, every caller is admitted (local development only)")
        }
    }

    /// Makes the router from its configuration, connecting the Redis tier when a URL is given.
    public convenience init(configuration: RouterConfiguration, logger: Logger) throws {
        var shared: (any SharedProofStore)? = nil
        if let url = configuration.redisURL {
            shared = try RedisProofStore(url: url)
        }
        try self.init(configuration: configuration, sharedStore: shared, logger: logger)
    }

    /// Cancels every job still running and waits for it to end (leases released), closes the registry and storage
    /// clients, stops the worker and I/O threads, then closes the proof cache's disk and Redis tiers: the data
    /// folder's lock is free once this returns.
    public func shutdown() async {
        for job in jobs.unfinished() { await job.stop() }
        await resolver.close()
        await local.shutdown()
        try? await io.shutdownGracefully()
        try? await cpu.shutdownGracefully()
        cache.close()
    }

    public var handlers: [RPCMethodHandler] {
        [
            HealthHandler.make(RouterMethods.health, startedAt: startedAt),
            .unary(RouterMethods.prove, fastEncoded: { [self] request, context in try proveFast(request, context) }) {
                [self] request, context in try await prove(request, context)
            },
            .unary(RouterMethods.getJob) { [self] request, context in
                try admission.admitCall(apiKey: context.apiKey)
                return try await getJob(request.jobID, apiKey: tenant(context))
            },
            .unary(RouterMethods.waitJob) { [self] request, context in
                try admission.admitCall(apiKey: context.apiKey)
                return try await waitJob(request, context)
            },
            .unary(RouterMethods.cancelJob) { [self] request, context in
                try admission.admitCall(apiKey: context.apiKey)
                return try cancelJob(request.jobID, apiKey: tenant(context))
            },
            .unary(RouterMethods.execute) { [self] request, context in try await execute(request, context) },
            .unary(
                RouterMethods.listBackends,
                fast: { [self] _, context in
                    try admission.admitCall(apiKey: context.apiKey)
                    return listBackends()
                }
            ) { [self] _, context in
                try admission.admitCall(apiKey: context.apiKey)
                return listBackends()
            },
            .unary(RouterMethods.stats) { [self] _, context in
                try admission.admitCall(apiKey: context.apiKey)
                return stats()
            },
        ]
    }

    /// The tenant a call acts for: its API key in keyed mode (admission has checked it), nobody in open mode —
    /// where a key a client sends anyway means nothing, so every caller sees every job.
    private func tenant(_ context: ServerContext) -> String? {
        admission.isOpen ? nil : context.apiKey
    }

    // MARK: Prove

    private static func mode(of request: ProveRequest) -> ProofMode {
        request.mode == .unspecified ? .dev : request.mode
    }

    private static func backendName(of request: ProveRequest) -> String {
        request.backend.isEmpty ? "auto" : request.backend.lowercased()
    }

    /// The request's cache and single-flight key; per tenant when it has private inputs.
    private func key(_ request: ProveRequest, zkvmVersion: String, apiKey: String?) -> ProofCacheKey {
        ProofCacheKey(
            programHash: request.programHash,
            publicInputs: request.publicInputs,
            privateInputs: request.privateInputs,
            backend: Self.backendName(of: request),
            mode: Self.mode(of: request),
            zkvmVersion: zkvmVersion,
            tenant: apiKey
        )
    }

    /// What a record from the disk or Redis tier must say to answer `request`.
    private static func expectation(_ request: ProveRequest, _ metadata: ProgramMetadata) -> ProofRecordExpectation {
        let backend = backendName(of: request)
        return ProofRecordExpectation(
            programHash: request.programHash,
            elfHash: metadata.elfHash,
            zkvm: metadata.zkvm,
            zkvmVersion: metadata.zkvmVersion,
            mode: mode(of: request),
            stdinDigest: DevAttestation.stdinDigest(
                publicInputs: request.publicInputs,
                privateInputs: request.privateInputs
            ),
            backend: backend == "auto" ? nil : backend
        )
    }

    /// The bytes of a request's inputs.
    static func inputBytes(_ request: ProveRequest) -> Int {
        request.publicInputs.reduce(0) { $0 + $1.count } + request.privateInputs.reduce(0) { $0 + $1.count }
    }

    /// Runs first for every Prove call, on the event loop: the rate limit, then an L1 hit if there is one. Only a
    /// request with at most `fastPathInputBytes` of inputs is hashed here; a bigger one goes to the async path,
    /// which hashes it on the program threads.
    func proveFast(_ request: ProveRequest, _ context: ServerContext) throws -> [UInt8]? {
        try admission.admitCall(apiKey: context.apiKey)
        guard Self.inputBytes(request) <= configuration.fastPathInputBytes,
            let metadata = resolver.cachedMetadata(request.programHash)
        else { return nil }
        let key = key(request, zkvmVersion: metadata.zkvmVersion, apiKey: tenant(context))
        return cache.memoryHit(key)?.encodedMemoryHit
    }

    /// The request's key, hashed on the program threads when its inputs are bigger than the fast path takes.
    private func asyncKey(_ request: ProveRequest, zkvmVersion: String, apiKey: String?) async throws -> ProofCacheKey {
        guard Self.inputBytes(request) > configuration.fastPathInputBytes else {
            return key(request, zkvmVersion: zkvmVersion, apiKey: apiKey)
        }
        return try await cpu.runIfActive { [self] in
            keyHashedOffLoop.add(1, ordering: .relaxed)
            return key(request, zkvmVersion: zkvmVersion, apiKey: apiKey)
        }
    }

    /// Keys hashed on the program threads so far (tests).
    let keyHashedOffLoop = Atomic<Int>(0)

    private func cachedStatus(_ key: ProofCacheKey, _ record: ProofRecord, tier: ProofCache.Tier) -> JobStatus {
        CachedProof.status(key: key, record: record, tier: tier.rawValue)
    }

    private func prove(_ request: ProveRequest, _ context: ServerContext) async throws -> ProveResponse {
        let metadata = try await resolver.metadata(for: request.programHash)
        let key = try await asyncKey(request, zkvmVersion: metadata.zkvmVersion, apiKey: tenant(context))
        let expectation = Self.expectation(request, metadata)
        if let (record, tier) = await cache.lookup(key, expecting: expectation) {
            return ProveResponse(job: cachedStatus(key, record, tier: tier))
        }
        let mode = Self.mode(of: request)
        let backendName = Self.backendName(of: request)
        // Fail fast on a request no backend can serve, before taking any quota.
        _ = try await selector.candidates(requested: backendName, zkvm: metadata.zkvm, mode: mode)
        if request.maxCycles > configuration.maxCycles {
            throw RPCError(
                code: .invalidArgument,
                message: "max_cycles \(request.maxCycles) is above this router's limit of \(configuration.maxCycles)"
            )
        }

        let job: Job
        var joined = false
        if let running = jobs.running(key) {
            job = running
            joined = true
        } else {
            let reservation = try admission.reserveJob(apiKey: context.apiKey)
            let created: (job: Job, joined: Bool)
            do {
                created = try jobs.joinOrCreate(key, owner: tenant(context))
            } catch {
                admission.finish(reservation, cycles: 0)
                throw error
            }
            job = created.job
            joined = created.joined
            if joined {
                admission.finish(reservation, cycles: 0)
            } else {
                counters.jobsStarted.add(1, ordering: .relaxed)
                let apiKey = context.apiKey
                job.attach(
                    Task { [self] in
                        await run(
                            job,
                            request: request,
                            expectation: expectation,
                            backendName: backendName,
                            apiKey: apiKey,
                            reservation: reservation
                        )
                    }
                )
            }
        }
        if joined {
            job.addReader(tenant(context))
            counters.dedupJoins.add(1, ordering: .relaxed)
        }
        if request.wait {
            let remaining = context.timeRemaining.map { $0 - .milliseconds(100) } ?? configuration.jobTimeout
            if remaining > .zero { await job.wait(timeout: remaining) }
        }
        var status = job.status
        status.joined = joined
        return ProveResponse(job: status)
    }

    /// The cycle limit a job of `request` runs with for `apiKey`: the request's, else the router's, capped by what
    /// the key may still use today.
    private func cycleBudget(_ request: ProveRequest, apiKey: String?) -> UInt64 {
        var maxCycles = request.maxCycles == 0 ? configuration.maxCycles : request.maxCycles
        if let remaining = admission.remainingCycles(apiKey: apiKey) { maxCycles = min(maxCycles, max(1, remaining)) }
        return maxCycles
    }

    /// Runs one job to its end. Private inputs live only in this task's memory.
    ///
    /// With Redis, the job runs only while this replica holds its lease (``JobLease``): a lost lease stops it with
    /// ABORTED and nothing is stored; a failure is published for the replicas waiting on the same key.
    private func run(
        _ job: Job,
        request: ProveRequest,
        expectation: ProofRecordExpectation,
        backendName: String,
        apiKey: String?,
        reservation: AdmissionController.Reservation
    ) async {
        var cyclesUsed: UInt64 = 0
        defer {
            admission.finish(
                reservation,
                cycles: cyclesUsed,
                unconstrainedInstructions: job.progress.unconstrainedInstructions
            )
            jobs.finished(job)
        }
        job.update {
            $0.state = .running
            $0.startedAtMs = WallClock.milliseconds()
        }
        let budget = cycleBudget(request, apiKey: apiKey)
        do {
            // Another replica may already be running this job: wait for its result instead of running it twice, and
            // before fetching and checking the program, which a waiter would not need.
            let record: ProofRecord
            switch try await acquireLease(job, expecting: expectation, budget: budget) {
            case .answeredBy(let answer):
                job.finish {
                    $0.state = .succeeded
                    $0.proof = answer
                    $0.cached = true
                    $0.cacheTier = ProofCache.Tier.redis.rawValue
                    $0.backend = answer.backend
                }
                counters.jobsSucceeded.add(1, ordering: .relaxed)
                return
            case .none:
                record = try await produce(job, request: request, backendName: backendName, budget: budget)
                cyclesUsed = record.cycles
                await cache.store(job.key, record)
            case .held(let lease):
                record = try await lease.hold(onLost: { job.cancellation.cancel() }) {
                    do {
                        let made = try await produce(job, request: request, backendName: backendName, budget: budget)
                        cyclesUsed = made.cycles
                        // Fenced: a lease lost meanwhile (taken by another replica) stores nothing.
                        try await lease.confirm()
                        await cache.store(job.key, made)
                        return made
                    } catch {
                        // Published before the lease is released, so a waiter that takes it next finds the failure.
                        await publishFailure(job, error, budget: budget)
                        throw error
                    }
                }
            }
            job.finish {
                $0.state = .succeeded
                $0.proof = record
                $0.backend = record.backend
                $0.cyclesSoFar = record.cycles
            }
            counters.jobsSucceeded.add(1, ordering: .relaxed)
        } catch {
            if let executorError = error as? ExecutorError { cyclesUsed = executorError.cycles }
            let rpcError = Self.jobError(error, cancelled: job.cancellation.isCancelled)
            if rpcError.code == .internalError {
                logger.error("job failed", metadata: ["job.id": "\(job.id)", "error": "\(String(reflecting: error))"])
            } else if rpcError.code == .aborted {
                logger.warning("job fenced: lost its lease to another replica", metadata: ["job.id": "\(job.id)"])
            }
            job.finish {
                $0.state = rpcError.code == .cancelled ? .cancelled : .failed
                $0.error = Status(rpcError)
            }
            counters.jobsFailed.add(1, ordering: .relaxed)
        }
    }

    /// How a job's failure is reported: a lost lease (ABORTED) first, then a cancellation, else the error's own code.
    private static func jobError(_ error: any Error, cancelled: Bool) -> RPCError {
        if let error = error as? RPCError, error.code == .aborted { return error }
        if cancelled { return RPCError(code: .cancelled, message: "the job was cancelled") }
        return RPCError(mapping: error)
    }

    /// Fetches the program and proves the request on a backend.
    private func produce(_ job: Job, request: ProveRequest, backendName: String, budget: UInt64) async throws
        -> ProofRecord
    {
        let program = try await resolver.resolve(request.programHash)
        let backendJob = BackendJob(
            program: program,
            stdin: request.publicInputs + request.privateInputs,
            stdinDigest: DevAttestation.stdinDigest(
                publicInputs: request.publicInputs,
                privateInputs: request.privateInputs
            ),
            mode: Self.mode(of: request),
            maxCycles: budget,
            deadline: .now + configuration.jobTimeout,
            cancellation: job.cancellation,
            progress: job.progress
        )
        return try await proveWithFallback(backendJob, requested: backendName, job: job)
    }

    private func proveWithFallback(_ backendJob: BackendJob, requested: String, job: Job) async throws -> ProofRecord {
        let candidates = try await selector.candidates(
            requested: requested,
            zkvm: backendJob.program.metadata.zkvm,
            mode: backendJob.mode
        )
        var lastError: (any Error)?
        for entry in candidates where entry.breaker.allow() {
            job.update { $0.backend = entry.backend.name }
            // The auto policy: the local backend keeps a job only while it stays under the threshold.
            var attempt = backendJob
            var capped = false
            if requested == "auto", entry.backend is LocalBackend, let threshold = configuration.localCycleThreshold,
                threshold < attempt.maxCycles
            {
                attempt.maxCycles = threshold
                capped = true
            }
            do {
                let record = try await entry.backend.prove(attempt)
                entry.breaker.recordSuccess()
                counters.recordExecution(backend: entry.backend.name, succeeded: true)
                return record
            } catch let error as RPCError where error.code == .unavailable {
                entry.breaker.recordFailure()
                counters.recordExecution(backend: entry.backend.name, succeeded: false)
                logger.warning("backend unavailable, trying the next", metadata: ["backend": "\(entry.backend.name)"])
                lastError = error
            } catch let error as ExecutorError where capped && error.code == .cycleLimitExceeded {
                entry.breaker.recordSuccess()
                counters.recordExecution(backend: entry.backend.name, succeeded: false)
                lastError = RPCError(
                    code: .failedPrecondition,
                    message: "the job needs more than the \(attempt.maxCycles) cycles the auto policy allows the local "
                        + "backend (--local-max-cycles), and no other backend can take it"
                )
            } catch {
                entry.breaker.recordSuccess()  // the backend worked; the guest or input failed
                counters.recordExecution(backend: entry.backend.name, succeeded: false)
                throw error
            }
        }
        throw lastError ?? RPCError(code: .unavailable, message: "every backend able to serve this job is unavailable")
    }

    // MARK: Replica leases

    private enum LeaseOutcome {
        case none
        case held(JobLease)
        case answeredBy(ProofRecord)
    }

    private var leaseMilliseconds: Int {
        Int(configuration.leaseDuration / .milliseconds(1))
    }

    /// Detail of a published failure that depends on the cycle budget it ran with (a cycle limit): a waiter with a
    /// bigger budget runs the job itself.
    static let failureBudgetKey = "max-cycles"

    /// Whether a failure is the request's own (the program, its inputs, the limits), so every replica would fail the
    /// same way: not a cancellation, a lost lease, an outage, a timeout or an internal error.
    private static func isPublishable(_ error: RPCError) -> Bool {
        ![.cancelled, .aborted, .unavailable, .internalError, .deadlineExceeded, .unknown].contains(error.code)
    }

    /// Publishes a job's failure in Redis for `failureLifetime`: its code, and its message and details only for a
    /// job without private inputs (a per-tenant key); a cycle-limit failure carries the budget it ran with.
    private func publishFailure(_ job: Job, _ error: any Error, budget: UInt64) async {
        guard let shared = cache.shared, !job.cancellation.isCancelled else { return }
        let rpcError = Self.jobError(error, cancelled: false)
        guard Self.isPublishable(rpcError) else { return }
        var published = job.key.isPerTenant
            ? RPCError(code: rpcError.code, message: "the job failed on another replica")
            : RPCError(code: rpcError.code, message: rpcError.message, details: rpcError.details)
        if let executorError = error as? ExecutorError, executorError.code == .cycleLimitExceeded {
            published.details[Self.failureBudgetKey] = String(budget)
        }
        let bytes = Status(published).serializedBytes()
        let key = job.key
        let milliseconds = Int(configuration.failureLifetime / .milliseconds(1))
        do {
            try await io.runIfActive { try shared.putFailure(key, bytes, milliseconds: milliseconds) }
        } catch {
            logger.warning("cannot publish a job's failure to the other replicas", metadata: ["error": "\(error)"])
        }
    }

    /// The failure another replica published for `key`, if a job with `budget` cycles would fail the same way.
    private func publishedFailure(_ key: ProofCacheKey, budget: UInt64) async throws -> RPCError? {
        guard let shared = cache.shared else { return nil }
        guard let bytes = try await io.runIfActive({ try shared.getFailure(key) }),
            let status = try? Status(serializedBytes: bytes)
        else { return nil }
        let error = RPCError(status: status)
        if let text = error.details[Self.failureBudgetKey], let ranWith = UInt64(text), budget > ranWith { return nil }
        return error
    }

    private func acquireLease(_ job: Job, expecting expectation: ProofRecordExpectation, budget: UInt64) async throws
        -> LeaseOutcome
    {
        guard let shared = cache.shared else { return .none }
        let owner = job.id
        let key = job.key
        let milliseconds = leaseMilliseconds
        let deadline = ContinuousClock.now + configuration.jobTimeout
        while true {
            if job.cancellation.isCancelled { throw RPCError(code: .cancelled, message: "the job was cancelled") }
            if ContinuousClock.now > deadline {
                throw RPCError(code: .deadlineExceeded, message: "waited too long for another replica's job")
            }
            if let record = await cache.sharedLookup(key, expecting: expectation) { return .answeredBy(record) }
            // The replica that held the lease failed the job: finish with its failure rather than run it again.
            if let failure = try await publishedFailure(key, budget: budget) { throw failure }
            let acquired = try await io.runIfActive { try shared.acquireLease(key, owner: owner, milliseconds: milliseconds) }
            if acquired {
                let lease = JobLease(
                    shared: shared,
                    key: key,
                    owner: owner,
                    milliseconds: milliseconds,
                    renewEvery: configuration.leaseDuration / 3,
                    io: io
                )
                // The holder may have finished (or failed) between our lookups and our acquisition.
                if let record = await cache.sharedLookup(key, expecting: expectation) {
                    await lease.release()
                    return .answeredBy(record)
                }
                if let failure = try await publishedFailure(key, budget: budget) {
                    await lease.release()
                    throw failure
                }
                return .held(lease)
            }
            try? await Task.sleep(for: .milliseconds(25))
        }
    }

    // MARK: Jobs

    /// The job `id` if `apiKey` may read it (made or joined it); NOT_FOUND otherwise, as for an unknown id.
    private func readableJob(_ id: String, apiKey: String?) throws -> Job {
        guard let job = jobs.job(id), job.isReadable(by: apiKey) else {
            throw RPCError(code: .notFound, message: "no job '\(id)' (finished jobs are kept for a while only)")
        }
        return job
    }

    /// A job's status; a `c-` id (a cached answer) is looked up in this replica's own tiers, memory and disk: first
    /// as the caller's per-tenant record (a request with private inputs), then as a shared one. A per-tenant record
    /// is stored under a key derived from the id and the caller's key, so another key finds nothing.
    private func getJob(_ id: String, apiKey: String?) async throws -> JobStatus {
        if id.hasPrefix("c-"), let base = BlobKey(hex: id.dropFirst(2)) {
            for key in [ProofCacheKey(base: base, tenant: apiKey), ProofCacheKey(bytes: base)] {
                if let (record, tier) = await cache.localLookup(key, expecting: nil) {
                    return cachedStatus(key, record, tier: tier)
                }
            }
        }
        return try readableJob(id, apiKey: apiKey).status
    }

    private func waitJob(_ request: WaitJobRequest, _ context: ServerContext) async throws -> JobStatus {
        let status = try await getJob(request.jobID, apiKey: tenant(context))
        guard let job = jobs.job(request.jobID), job.isReadable(by: tenant(context)), !job.isFinished else {
            return status
        }
        var timeout = request.timeoutMs > 0 ? Duration.milliseconds(Int64(request.timeoutMs)) : configuration.jobTimeout
        if let remaining = context.timeRemaining { timeout = min(timeout, remaining - .milliseconds(100)) }
        if timeout > .zero { await job.wait(timeout: timeout) }
        return job.status
    }

    /// Cancels a job of `apiKey`'s: NOT_FOUND for a job it cannot read, PERMISSION_DENIED for one it only joined.
    private func cancelJob(_ id: String, apiKey: String?) throws -> JobStatus {
        let job = try readableJob(id, apiKey: apiKey)
        guard job.owner == apiKey else {
            throw RPCError(
                code: .permissionDenied,
                message: "job '\(id)' was started by another api-key; a key that joined it may read it, not cancel it"
            )
        }
        job.cancel()
        return job.status
    }

    // MARK: Execute, backends, stats

    /// A dry run, admitted like a job: a token, the key's concurrency cap and daily cycle quota (not its proof
    /// quota), and a slot of the router's queue (`--queue-capacity`); the cycles it runs are charged to the key.
    private func execute(_ request: ExecuteRequest, _ context: ServerContext) async throws -> ExecuteResponse {
        try admission.admitCall(apiKey: context.apiKey)
        let reservation = try admission.reserveJob(apiKey: context.apiKey, countsAsProof: false)
        var cyclesUsed: UInt64 = 0
        // The executor leaves its final counts here, so unconstrained instructions are charged even on failure.
        let progress = ExecutionProgress()
        defer {
            admission.finish(
                reservation,
                cycles: cyclesUsed,
                unconstrainedInstructions: progress.unconstrainedInstructions
            )
        }
        try jobs.beginExecution()
        defer { jobs.endExecution() }
        do {
            return try await dryRun(request, context, progress: progress, cyclesUsed: &cyclesUsed)
        } catch let error as ExecutorError {
            cyclesUsed = error.cycles
            throw error
        }
    }

    /// The execution of an admitted Execute call; sets `cyclesUsed` when it succeeds.
    private func dryRun(
        _ request: ExecuteRequest,
        _ context: ServerContext,
        progress: ExecutionProgress,
        cyclesUsed: inout UInt64
    ) async throws -> ExecuteResponse {
        let program = try await resolver.resolve(request.programHash)
        var maxCycles = request.maxCycles == 0 ? configuration.maxCycles : min(request.maxCycles, configuration.maxCycles)
        if let remaining = admission.remainingCycles(apiKey: context.apiKey) { maxCycles = min(maxCycles, max(1, remaining)) }
        let result = try await local.execute(
            program,
            stdin: request.publicInputs + request.privateInputs,
            limits: ExecutionLimits(
                maxCycles: maxCycles,
                maxMemoryBytes: configuration.maxGuestMemoryBytes,
                deadline: .now + configuration.jobTimeout,
                progress: progress
            )
        )
        cyclesUsed = result.cycles
        counters.recordExecution(backend: "local-dry-run", succeeded: true)
        return ExecuteResponse(
            exitCode: Int32(bitPattern: result.exitCode),
            publicValues: result.publicValues,
            publicValuesDigest: result.publicValuesDigest,
            cycles: result.cycles,
            stdout: result.stdout,
            stderr: result.stderr
        )
    }

    private func backendInfos() -> [BackendInfo] {
        selector.entries.map { entry in
            let executions = counters.executions(of: entry.backend.name)
            return BackendInfo(
                name: entry.backend.name,
                healthy: entry.breaker.state != .open,
                zkvms: entry.backend.zkvms.sorted(),
                modes: entry.backend.modes.sorted { $0.rawValue < $1.rawValue },
                queueDepth: UInt32(clamping: entry.backend.queueDepth),
                inFlight: UInt32(clamping: entry.backend.inFlight),
                circuit: entry.breaker.state.rawValue,
                executions: executions.ok + executions.failed,
                failures: executions.failed
            )
        }
    }

    func listBackends() -> ListBackendsResponse {
        ListBackendsResponse(backends: backendInfos(), devProofPublicKey: signer.publicKey)
    }

    func stats() -> RouterStatsResponse {
        let programStats = resolver.programStats
        return RouterStatsResponse(
            tiers: cache.stats() + [
                TierStats(
                    tier: "programs",
                    hits: programStats.hits,
                    misses: programStats.misses,
                    entries: UInt64(resolver.programCount),
                    bytes: UInt64(resolver.programBytes),
                    evictions: programStats.evictions
                )
            ],
            dedupJoins: counters.dedupJoins.load(ordering: .relaxed),
            jobsStarted: counters.jobsStarted.load(ordering: .relaxed),
            jobsSucceeded: counters.jobsSucceeded.load(ordering: .relaxed),
            jobsFailed: counters.jobsFailed.load(ordering: .relaxed),
            integrityFailures: resolver.integrityFailures + cache.integrityFailures,
            backends: backendInfos(),
            rateLimited: admission.refusals
        )
    }
}
