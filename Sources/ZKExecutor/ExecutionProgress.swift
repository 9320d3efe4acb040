import Synchronization

/// The cycle count of a running guest, for another thread to read (a job's progress).
///
/// The interpreter stores its counts every ``ExecutionLimits/checkInterval`` instructions, when it looks at the
/// deadline and the cancellation flag anyway, so progress costs nothing in the hot loop and lags the true count by at
/// most one interval (65,536 instructions at the default); when the run ends, successfully or not, it stores the
/// final counts, so a caller can charge a failed run too.
public final class ExecutionProgress: Sendable {
    private let completed = Atomic<UInt64>(0)
    private let unconstrained = Atomic<UInt64>(0)

    /// Counts of zero.
    public init() {}

    /// Cycles completed at the last check (SP1's count: unconstrained blocks excluded).
    public var cycles: UInt64 {
        completed.load(ordering: .relaxed)
    }

    /// Instructions executed inside unconstrained blocks at the last check (not part of ``cycles``, but work
    /// the host did: see ``ExecutionLimits/maxUnconstrainedInstructions``).
    public var unconstrainedInstructions: UInt64 {
        unconstrained.load(ordering: .relaxed)
    }

    /// Stores the counts.
    func record(_ cycles: UInt64, unconstrainedInstructions: UInt64) {
        completed.store(cycles, ordering: .relaxed)
        unconstrained.store(unconstrainedInstructions, ordering: .relaxed)
    }
}
