/// Bounds on one guest run.
///
/// The interpreter counts instructions down from ``checkInterval`` and looks at the wall clock and the cancellation
/// flag only when the count reaches zero, so the limits cost nothing in the hot loop. The cycle
/// limit is exact: as in SP1 (`crates/core/executor/src/executor.rs`, `execute_cycle`), the run fails as soon as
/// the constrained cycle count exceeds ``maxCycles``; a run of exactly ``maxCycles`` cycles succeeds.
///
/// Every host buffer a guest can grow is bounded, so the host memory one run can take is at most about
/// ``maxMemoryBytes`` + ``maxPublicValuesBytes`` + ``maxHintBytes`` + 2 × ``maxOutputBytes`` + ``maxUndoLogBytes``
/// plus the input (673 MiB with the defaults), whatever the ELF does.
public struct ExecutionLimits: Sendable {
    /// The default of ``maxMemoryBytes``: 512 MiB, ample for SP1 guests (whose heap is usually far smaller) and a
    /// bound a host can multiply by its worker count.
    public static let defaultMaxMemoryBytes: UInt64 = 512 << 20

    /// Maximum number of cycles (SP1's count); `nil` for no limit. Default: `nil`.
    public var maxCycles: UInt64?

    /// Maximum number of instructions executed inside unconstrained blocks over the whole run, which SP1 does not
    /// count as cycles; `nil` uses ``maxCycles`` (so a run costs at most twice its cycle limit in instructions, and
    /// is unbounded only when ``maxCycles`` is). Exceeding it fails with ``ExecutorError/Code/cycleLimitExceeded``.
    /// Default: `nil`.
    public var maxUnconstrainedInstructions: UInt64?

    /// Maximum guest memory written, in bytes, counted in 4 KiB pages (the ELF image included); `nil` for no
    /// limit beyond SP1's address space (0x78000000 bytes). Default: ``defaultMaxMemoryBytes`` (512 MiB).
    public var maxMemoryBytes: UInt64?

    /// The run fails with ``ExecutorError/Code/deadlineExceeded`` once this instant has passed. Default: `nil`.
    public var deadline: ContinuousClock.Instant?

    /// A flag another thread can set to stop the run. Default: `nil`.
    public var cancellation: ExecutionCancellation?

    /// Where the run publishes its cycle count every ``checkInterval`` instructions. Default: `nil`.
    public var progress: ExecutionProgress?

    /// Instructions between two looks at ``deadline`` and ``cancellation`` (and two updates of
    /// ``progress``). Default: 65,536.
    public var checkInterval: UInt64

    /// Whether a successful run must have COMMITted the SHA-256 of its public values (SP1 v1–v5 guests do in
    /// `syscall_halt`); when `false` a mismatch is only reported in ``ExecutionResult/publicValuesDigestMatches``.
    /// Default: `true`.
    public var requirePublicValuesDigest: Bool

    /// Most bytes of guest stdout and of guest stderr kept; later output is dropped (and never copied).
    /// Default: 16 MiB.
    public var maxOutputBytes: Int

    /// Most bytes of public values (WRITE to fd 13, or 3) a run may produce; a WRITE beyond it fails with
    /// ``ExecutorError/Code/outputLimitExceeded`` before anything is copied. Public values travel in every proof
    /// record, response and cache tier, and SP1 guests commit a few hashes or numbers, so the default is small.
    /// Default: 1 MiB.
    public var maxPublicValuesBytes: Int

    /// Most bytes a run may write to the hint file descriptor (fd 14, or 4), in total: each WRITE is kept in host
    /// memory until HINT_READ takes it. A WRITE beyond it fails with ``ExecutorError/Code/outputLimitExceeded``
    /// before anything is copied. Default: 64 MiB.
    public var maxHintBytes: Int

    /// Most bytes of undo log one unconstrained block may keep (8 bytes per store inside the block, so 8 Mi
    /// stores at the default); a store beyond it fails with ``ExecutorError/Code/memoryLimitExceeded``.
    /// Default: 64 MiB.
    public var maxUndoLogBytes: Int

    /// Creates limits; every parameter has the documented default.
    public init(
        maxCycles: UInt64? = nil,
        maxUnconstrainedInstructions: UInt64? = nil,
        maxMemoryBytes: UInt64? = ExecutionLimits.defaultMaxMemoryBytes,
        deadline: ContinuousClock.Instant? = nil,
        cancellation: ExecutionCancellation? = nil,
        progress: ExecutionProgress? = nil,
        checkInterval: UInt64 = 65_536,
        requirePublicValuesDigest: Bool = true,
        maxOutputBytes: Int = 16 << 20,
        maxPublicValuesBytes: Int = 1 << 20,
        maxHintBytes: Int = 64 << 20,
        maxUndoLogBytes: Int = 64 << 20
    ) {
        self.maxCycles = maxCycles
        self.maxUnconstrainedInstructions = maxUnconstrainedInstructions
        self.maxMemoryBytes = maxMemoryBytes
        self.deadline = deadline
        self.cancellation = cancellation
        self.progress = progress
        self.checkInterval = max(1, checkInterval)
        self.requirePublicValuesDigest = requirePublicValuesDigest
        self.maxOutputBytes = max(0, maxOutputBytes)
        self.maxPublicValuesBytes = max(0, maxPublicValuesBytes)
        self.maxHintBytes = max(0, maxHintBytes)
        self.maxUndoLogBytes = max(0, maxUndoLogBytes)
    }

    /// Limits whose deadline is `timeout` from now.
    public init(
        maxCycles: UInt64? = nil,
        maxMemoryBytes: UInt64? = ExecutionLimits.defaultMaxMemoryBytes,
        timeout: Duration
    ) {
        self.init(maxCycles: maxCycles, maxMemoryBytes: maxMemoryBytes, deadline: .now.advanced(by: timeout))
    }

    /// The budget of instructions inside unconstrained blocks: ``maxUnconstrainedInstructions``, else
    /// ``maxCycles``.
    var unconstrainedInstructionLimit: UInt64? { maxUnconstrainedInstructions ?? maxCycles }
}
