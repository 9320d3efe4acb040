import Synchronization

/// The cycle count of a running guest, for another thread to read (a job's progress).
///
/// The interpreter stores its count every ``ExecutionLimits/checkInterval`` instructions, when it looks at the
/// deadline and the cancellation flag anyway, so progress costs nothing in the hot loop and lags the true count by at
/// most one interval (65,536 instructions at the default); the final count is the result's.
public final class ExecutionProgress: Sendable {
    private let completed = Atomic<UInt64>(0)

    /// A count of zero.
    public init() {}

    /// Cycles completed at the last check (SP1's count: unconstrained blocks excluded).
    public var cycles: UInt64 {
        completed.load(ordering: .relaxed)
    }

    /// Stores the count.
    func record(_ cycles: UInt64) {
        completed.store(cycles, ordering: .relaxed)
    }
}
