import Synchronization
import ZKStore

/// Collects integrity failures reported by a ``BlobStore``.
final class FailureLog: Sendable {
    private let failures = Mutex<[BlobStore.IntegrityFailure]>([])

    var all: [BlobStore.IntegrityFailure] { failures.withLock { $0 } }

    func record(_ failure: BlobStore.IntegrityFailure) {
        failures.withLock { $0.append(failure) }
    }
}
