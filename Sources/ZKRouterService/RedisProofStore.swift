import ZKRedis

/// The L3 proof cache and the replica leases on Redis.
///
/// Keys: `zkfaas:proof:<hex>` → the serialized `ProofRecord` (public data only); `zkfaas:lease:<hex>` → the job id
/// of the replica running it, with an expiry, so a replica that dies releases the work when the lease runs out.
final class RedisProofStore: SharedProofStore {
    private let client: RedisClient

    init(url: String) throws {
        client = try RedisClient(url: url)
    }

    private static func proofKey(_ key: ProofCacheKey) -> [UInt8] { Array("zkfaas:proof:\(key.hex)".utf8) }
    private static func leaseKey(_ key: ProofCacheKey) -> [UInt8] { Array("zkfaas:lease:\(key.hex)".utf8) }

    func close() {
        client.close()
    }

    func get(_ key: ProofCacheKey) throws -> [UInt8]? {
        try client.get(key: Self.proofKey(key))
    }

    func put(_ key: ProofCacheKey, _ record: [UInt8]) throws {
        try client.set(key: Self.proofKey(key), value: record)
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
