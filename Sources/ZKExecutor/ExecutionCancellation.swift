import Synchronization

/// A flag another thread sets to stop a running guest.
///
/// The interpreter reads it every ``ExecutionLimits/checkInterval`` instructions, so a run stops within that many
/// instructions (well under a millisecond at the default) after ``cancel()``; the run then fails with
/// ``ExecutorError/Code/cancelled``.
public final class ExecutionCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag that is not set.
    public init() {}

    /// Asks every run observing this flag to stop.
    public func cancel() {
        flag.store(true, ordering: .relaxed)
    }

    /// Whether ``cancel()`` was called.
    public var isCancelled: Bool {
        flag.load(ordering: .relaxed)
    }
}
