import Synchronization

/// Work in flight, at most one task per key: concurrent callers for a key share its task, and a caller that is done
/// removes only the task it waited for — never a newer one started for the same key meanwhile (which would let the
/// next caller start a duplicate).
final class InFlightTasks<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let tasks = Mutex<[Key: Task<Value, any Error>]>([:])

    /// The task in flight for `key`, or the one `start` makes (then kept under `key`).
    func task(for key: Key, start: () -> Task<Value, any Error>) -> Task<Value, any Error> {
        tasks.withLock { tasks in
            if let existing = tasks[key] { return existing }
            let task = start()
            tasks[key] = task
            return task
        }
    }

    /// Forgets `task` if it is still the one in flight for `key`.
    func remove(_ task: Task<Value, any Error>, for key: Key) {
        tasks.withLock { tasks in
            if tasks[key] == task { tasks.removeValue(forKey: key) }
        }
    }

    /// Takes every task out, for shutdown.
    func removeAll() -> [Task<Value, any Error>] {
        tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return Array(tasks.values)
        }
    }
}
