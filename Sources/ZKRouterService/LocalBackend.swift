import NIOPosix
import Synchronization
import ZKCrypto
public import ZKExecutor
import ZKFaaSClient
public import ZKProto
import ZKRPC

/// The built-in RISC-V executor on a bounded pool of threads. It makes DEV records only: a real execution attested
/// by the router's key — not zero-knowledge, not succinct.
///
/// Every run gets a memory limit of at most ``maxGuestMemoryBytes``, whatever limits the caller passes.
public final class LocalBackend: ProverBackend {
    public let name = "local"
    public let zkvms: Set<String> = ["SP1"]
    public let modes: Set<ProofMode> = [.dev]

    private let pool: NIOThreadPool
    private let signer: DevProofSigner
    /// The most guest memory one run may write (``RouterConfiguration/maxGuestMemoryBytes``).
    public let maxGuestMemoryBytes: UInt64
    private let queued = Atomic<Int>(0)
    private let running = Atomic<Int>(0)

    init(workers: Int, maxGuestMemoryBytes: UInt64, signer: DevProofSigner) {
        pool = NIOThreadPool(numberOfThreads: max(1, workers))
        pool.start()
        self.maxGuestMemoryBytes = maxGuestMemoryBytes
        self.signer = signer
    }

    /// Stops the worker threads once the executions on them have ended (jobs are cancelled before this is called).
    func shutdown() async {
        try? await pool.shutdownGracefully()
    }

    public func isHealthy() async -> Bool { true }
    public var queueDepth: Int { queued.load(ordering: .relaxed) }
    public var inFlight: Int { running.load(ordering: .relaxed) }

    public func execute(
        _ program: ResolvedProgram,
        stdin: [[UInt8]],
        limits: ExecutionLimits
    ) async throws -> ExecutionResult {
        queued.add(1, ordering: .relaxed)
        var dequeued = false
        defer { if !dequeued { queued.subtract(1, ordering: .relaxed) } }
        let cancellation = limits.cancellation ?? ExecutionCancellation()
        var limits = limits
        limits.cancellation = cancellation
        limits.maxMemoryBytes = min(limits.maxMemoryBytes ?? .max, maxGuestMemoryBytes)
        let finalLimits = limits
        let result: Result<ExecutionResult, ExecutorError> = try await withTaskCancellationHandler {
            try await pool.runIfActive { [self] in
                queued.subtract(1, ordering: .relaxed)
                running.add(1, ordering: .relaxed)
                defer { running.subtract(1, ordering: .relaxed) }
                return Result { () throws(ExecutorError) -> ExecutionResult in
                    try program.executor.run(buffers: stdin, limits: finalLimits)
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        dequeued = true
        return try result.get()
    }

    public func prove(_ job: BackendJob) async throws -> ProofRecord {
        guard job.mode == .dev else {
            throw RPCError(code: .failedPrecondition, message: "the local backend makes DEV records only, not \(job.mode)")
        }
        let result = try await execute(
            job.program,
            stdin: job.stdin,
            limits: ExecutionLimits(
                maxCycles: job.maxCycles,
                maxMemoryBytes: maxGuestMemoryBytes,
                deadline: job.deadline,
                cancellation: job.cancellation,
                progress: job.progress
            )
        )
        var record = ProofRecord(
            formatVersion: 1,
            kind: DevAttestation.kind,
            zeroKnowledge: false,
            succinct: false,
            programHash: job.program.metadata.programHash,
            elfHash: job.program.metadata.elfHash,
            zkvm: job.program.metadata.zkvm,
            zkvmVersion: job.program.metadata.zkvmVersion,
            backend: name,
            mode: .dev,
            stdinDigest: job.stdinDigest,
            publicValues: result.publicValues,
            publicValuesDigest: result.publicValuesDigest,
            cycles: result.cycles,
            exitCode: Int32(bitPattern: result.exitCode),
            createdAtMs: WallClock.milliseconds()
        )
        try signer.sign(&record)
        return record
    }
}
