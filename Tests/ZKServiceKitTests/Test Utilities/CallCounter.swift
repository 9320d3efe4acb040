import Synchronization

/// Numbers calls from concurrent tasks: 0, 1, 2…
final class CallCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// The number of this call.
    func next() -> Int { count.add(1, ordering: .relaxed).oldValue }
}
