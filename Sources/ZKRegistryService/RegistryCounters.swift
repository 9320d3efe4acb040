import Synchronization
import ZKRPC

/// What the registry has done, for `/metrics`: registrations by outcome and `GetProgram` lookups by where they were
/// answered.
final class RegistryCounters: Sendable {
    private let registrations = Mutex<[String: UInt64]>([:])
    private let cacheHits = Atomic<UInt64>(0)
    private let storeHits = Atomic<UInt64>(0)
    private let notFound = Atomic<UInt64>(0)

    /// A registration that ended with `error` (nil: registered); counted under `registered` or the status code's
    /// name.
    func registration(_ error: RPCError?) {
        let outcome = error.map { $0.code.name.lowercased() } ?? "registered"
        registrations.withLock { $0[outcome, default: 0] += 1 }
    }

    /// A `GetProgram` answered from the in-memory cache.
    func cacheHit() { cacheHits.add(1, ordering: .relaxed) }

    /// A `GetProgram` answered from the store, or `NOT_FOUND`.
    func storeRead(found: Bool) {
        if found {
            storeHits.add(1, ordering: .relaxed)
        } else {
            notFound.add(1, ordering: .relaxed)
        }
    }

    /// Registrations by outcome, in name order.
    var registrationsByOutcome: [(outcome: String, count: UInt64)] {
        registrations.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    /// Lookups by where they were answered: `cache`, `store`, `not_found`.
    var lookups: [(result: String, count: UInt64)] {
        [
            ("cache", cacheHits.load(ordering: .relaxed)),
            ("store", storeHits.load(ordering: .relaxed)),
            ("not_found", notFound.load(ordering: .relaxed)),
        ]
    }
}
