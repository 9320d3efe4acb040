import ZKRedis

/// The L3 proof cache and the replica leases on Redis.
///
/// Keys: `zkfaas:proof:<hex>` → the serialized `ProofRecord` (public data only), expiring after
/// ``defaultProofLifetime``; `zkfaas:lease:<hex>` → the job id
/// of the replica running it, with an expiry, so a replica that dies releases the work when the lease runs out;
/// `zkfaas:failure:<hex>` → the encoded `Status` of a job that failed on the replica holding its lease, with a short
/// expiry (``RouterService/failureLifetime``).
final class RedisProofStore: SharedProofStore {
    /// How long a proof record lives in Redis: a week. Records expire rather than pile up (the replicas' own disk
    /// tiers keep what they use), and a Redis that never evicts — so that no lease is ever evicted — stays bounded.
    static let defaultProofLifetime: Duration = .seconds(7 * 24 * 3600)

    private let client: RedisClient
    private let proofLifetimeMilliseconds: Int

    init(url: String, proofLifetime: Duration = defaultProofLifetime) throws {
        client = try RedisClient(url: url)
        proofLifetimeMilliseconds = Int(proofLifetime / .milliseconds(1))
    }

    private static func proofKey(_ key: ProofCacheKey) -> [UInt8] { Array("zkfaas:proof:\(key.hex)".utf8) }
    private static func failureKey(_ key: ProofCacheKey) -> [UInt8] { Array("zkfaas:failure:\(key.hex)".utf8) }
    private static func leaseKey(_ key: ProofCacheKey) -> [UInt8] { Array("zkfaas:lease:\(key.hex)".utf8) }

    func close() {
        client.close()
    }

    func get(_ key: ProofCacheKey) throws -> [UInt8]? {
        try client.get(key: Self.proofKey(key))
    }

    func put(_ key: ProofCacheKey, _ record: [UInt8]) throws {
        try client.set(key: Self.proofKey(key), value: record, expireMilliseconds: proofLifetimeMilliseconds)
    }

    func putFailure(_ key: ProofCacheKey, _ status: [UInt8], milliseconds: Int) throws {
        try client.set(key: Self.failureKey(key), value: status, expireMilliseconds: milliseconds)
    }

    func getFailure(_ key: ProofCacheKey) throws -> [UInt8]? {
        try client.get(key: Self.failureKey(key))
    }

    func acquireLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool {
        try client.setIfAbsent(key: Self.leaseKey(key), value: Array(owner.utf8), expireMilliseconds: milliseconds)
    }

    func refreshLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool {
        try client.compareAndExpire(key: Self.leaseKey(key), expected: Array(owner.utf8), milliseconds: milliseconds)
    }

    func releaseLease(_ key: ProofCacheKey, owner: String) throws {
        _ = try client.compareAndDelete(key: Self.leaseKey(key), expected: Array(owner.utf8))
    }
}
