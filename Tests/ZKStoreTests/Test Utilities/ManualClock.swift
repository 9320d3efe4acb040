import Synchronization

/// A millisecond clock the test advances by hand (each read also ticks by 1 ms so every access is ordered).
final class ManualClock: Sendable {
    private let now = Mutex<Int64>(1_000_000)

    func read() -> Int64 {
        now.withLock { value in
            value += 1
            return value
        }
    }

    func advance(by milliseconds: Int64) {
        now.withLock { $0 += milliseconds }
    }
}
