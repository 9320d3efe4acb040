/// The L3 proof cache and replica leases on Redis (filled in when the Redis client lands).
final class RedisProofStore: SharedProofStore {
    init(url: String) throws {
        throw RouterStartupError(message: "Redis support is not built in yet")
    }

    func get(_ key: ProofCacheKey) throws -> [UInt8]? { nil }
    func put(_ key: ProofCacheKey, _ record: [UInt8]) throws {}
    func acquireLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool { true }
    func refreshLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool { true }
    func releaseLease(_ key: ProofCacheKey, owner: String) throws {}
    func leaseHeld(_ key: ProofCacheKey) throws -> Bool { false }
}
