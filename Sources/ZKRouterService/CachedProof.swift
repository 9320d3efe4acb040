import ZKProto

/// An L1 entry: the record, and the encoded `ProveResponse` a memory hit sends, made once when the entry is
/// stored so that a hit on the event loop costs no encoding.
struct CachedProof: Sendable {
    let record: ProofRecord
    let encodedMemoryHit: [UInt8]

    init(key: ProofCacheKey, record: ProofRecord) {
        self.record = record
        encodedMemoryHit = ProveResponse(job: Self.status(key: key, record: record, tier: "memory")).serializedBytes()
    }

    /// The status of a request answered from the cache: job id `c-<base key>`, state SUCCEEDED, `cached`. For a
    /// per-tenant key (private inputs) the id names the base key, which GetJob resolves for the caller's tenant
    /// only.
    static func status(key: ProofCacheKey, record: ProofRecord, tier: String) -> JobStatus {
        JobStatus(
            jobID: "c-" + key.base.hex,
            state: .succeeded,
            proof: record,
            cached: true,
            cacheTier: tier,
            backend: record.backend
        )
    }
}
