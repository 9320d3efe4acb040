/// The L3 tier shared by router replicas (Redis), and the leases that let exactly one replica run a job.
///
/// Calls block briefly; the router makes them on its I/O thread pool.
protocol SharedProofStore: Sendable {
    func get(_ key: ProofCacheKey) throws -> [UInt8]?
    func put(_ key: ProofCacheKey, _ record: [UInt8]) throws
    /// Publishes the failure of the job of `key` (an encoded `Status`, public data only) for `milliseconds`, so replicas
    /// waiting on the same key finish with it instead of running the job again.
    func putFailure(_ key: ProofCacheKey, _ status: [UInt8], milliseconds: Int) throws
    /// The failure published for `key`, if it has not expired.
    func getFailure(_ key: ProofCacheKey) throws -> [UInt8]?
    /// Takes the lease of `key` for `owner` if nobody holds it.
    func acquireLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool
    /// Extends the lease if `owner` still holds it.
    func refreshLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool
    /// Drops the lease if `owner` still holds it.
    func releaseLease(_ key: ProofCacheKey, owner: String) throws
    /// Closes the connections; later calls fail.
    func close()
}
