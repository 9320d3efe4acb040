public import ZKExecutor
public import ZKProto

/// What a backend is asked to do: prove (or, for DEV, attest) one execution of a resolved program.
public struct BackendJob: Sendable {
    public var program: ResolvedProgram
    /// Public inputs, then private inputs: the guest's stdin buffers. Held in memory only.
    public var stdin: [[UInt8]]
    public var stdinDigest: [UInt8]
    public var mode: ProofMode
    public var maxCycles: UInt64
    public var deadline: ContinuousClock.Instant
    public var cancellation: ExecutionCancellation
    /// Where a backend that executes publishes the cycles run so far (the job's progress); others may ignore it.
    public var progress: ExecutionProgress?
}

/// A prover behind the router. The local backend ships now; the SP1 prover network, Bonsai and an external prover
/// command implement the same protocol later without touching the router core.
public protocol ProverBackend: Sendable {
    /// Unique name, used in requests (`backend`) and in stats.
    var name: String { get }
    /// zkVMs served, by canonical name ("SP1", "RISC Zero").
    var zkvms: Set<String> { get }
    /// Proof modes produced.
    var modes: Set<ProofMode> { get }
    /// Whether the backend can take work now.
    func isHealthy() async -> Bool
    /// Jobs waiting for this backend.
    var queueDepth: Int { get }
    /// Jobs running on this backend.
    var inFlight: Int { get }
    /// Produces the proof record (without cache metadata); throws ``ZKRPC/RPCError`` or ``ZKExecutor/ExecutorError``.
    func prove(_ job: BackendJob) async throws -> ProofRecord
    /// Executes without proving (dry run).
    func execute(_ program: ResolvedProgram, stdin: [[UInt8]], limits: ExecutionLimits) async throws -> ExecutionResult
}
