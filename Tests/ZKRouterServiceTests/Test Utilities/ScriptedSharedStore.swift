import Synchronization

@testable import ZKRouterService

/// A shared tier standing in for Redis whose lease answers are scripted: whether a lease can be taken, whether a
/// renewal finds it still ours; it records what is written and counts the calls.
final class ScriptedSharedStore: SharedProofStore {
    struct State {
        var records: [ProofCacheKey: [UInt8]] = [:]
        var failures: [ProofCacheKey: (status: [UInt8], milliseconds: Int)] = [:]
        var acquires = 0
        var refreshes = 0
        var releases = 0
    }

    let state = Mutex(State())
    let leaseAvailable: Bool
    let renewals: Bool

    /// - Parameters:
    ///   - leaseAvailable: what `acquireLease` answers (false: another replica holds it).
    ///   - renewals: what `refreshLease` answers (false: the lease expired and another replica took it).
    init(leaseAvailable: Bool = true, renewals: Bool = true) {
        self.leaseAvailable = leaseAvailable
        self.renewals = renewals
    }

    func get(_ key: ProofCacheKey) throws -> [UInt8]? { state.withLock { $0.records[key] } }
    func put(_ key: ProofCacheKey, _ record: [UInt8]) throws { state.withLock { $0.records[key] = record } }
    func putFailure(_ key: ProofCacheKey, _ status: [UInt8], milliseconds: Int) throws {
        state.withLock { $0.failures[key] = (status, milliseconds) }
    }
    func getFailure(_ key: ProofCacheKey) throws -> [UInt8]? { state.withLock { $0.failures[key]?.status } }
    func acquireLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool {
        state.withLock { $0.acquires += 1 }
        return leaseAvailable
    }
    func refreshLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool {
        state.withLock { $0.refreshes += 1 }
        return renewals
    }
    func releaseLease(_ key: ProofCacheKey, owner: String) throws { state.withLock { $0.releases += 1 } }
    func close() {}
}
