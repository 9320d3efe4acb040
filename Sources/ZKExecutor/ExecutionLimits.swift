/// Bounds on one guest run.
///
/// The interpreter counts instructions down from ``checkInterval`` and looks at the wall clock and the cancellation
/// flag only when the count reaches zero, so the limits cost nothing in the hot loop. The cycle
/// limit is exact: as in SP1 (`crates/core/executor/src/executor.rs`, `execute_cycle`), the run fails as soon as
/// the constrained cycle count exceeds ``maxCycles``; a run of exactly ``maxCycles`` cycles succeeds.
public struct ExecutionLimits: Sendable {
    /// Maximum number of cycles (SP1's count); `nil` for no limit. Default: `nil`.
    public var maxCycles: UInt64?

    /// Maximum guest memory written, in bytes, counted in 4 KiB pages (the ELF image included); `nil` for no
    /// limit beyond SP1's address space (0x78000000 bytes). Default: `nil`.
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

    /// Most bytes of guest stdout and of guest stderr kept; later output is dropped. Default: 16 MiB.
    public var maxOutputBytes: Int

    /// Creates limits; every parameter has the documented default.
    public init(
        maxCycles: UInt64? = nil,
        maxMemoryBytes: UInt64? = nil,
        deadline: ContinuousClock.Instant? = nil,
        cancellation: ExecutionCancellation? = nil,
        progress: ExecutionProgress? = nil,
        checkInterval: UInt64 = 65_536,
        requirePublicValuesDigest: Bool = true,
        maxOutputBytes: Int = 16 << 20
    ) {
        self.maxCycles = maxCycles
        self.maxMemoryBytes = maxMemoryBytes
        self.deadline = deadline
        self.cancellation = cancellation
        self.progress = progress
        self.checkInterval = max(1, checkInterval)
        self.requirePublicValuesDigest = requirePublicValuesDigest
        self.maxOutputBytes = max(0, maxOutputBytes)
    }

    /// Limits whose deadline is `timeout` from now.
    public init(maxCycles: UInt64? = nil, maxMemoryBytes: UInt64? = nil, timeout: Duration) {
        self.init(maxCycles: maxCycles, maxMemoryBytes: maxMemoryBytes, deadline: .now.advanced(by: timeout))
    }
}
