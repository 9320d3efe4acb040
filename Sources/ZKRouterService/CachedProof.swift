import ZKProto

/// An L1 entry: the encoded `ProveResponse` a memory hit sends, made once when the entry is stored so that a hit on
/// the event loop costs no encoding. The record is kept only inside those bytes (not a second time as a decoded
/// value); ``record`` decodes it for the async paths.
struct CachedProof: Sendable {
    let encodedMemoryHit: [UInt8]

    init(key: ProofCacheKey, record: ProofRecord) {
        encodedMemoryHit = ProveResponse(job: Self.status(key: key, record: record, tier: "memory")).serializedBytes()
    }

    /// The bytes the entry holds: its cost in the L1 byte bound.
    var bytes: Int { encodedMemoryHit.count }

    /// The record, decoded from the encoded answer (nil only if the bytes this router made do not decode).
    var record: ProofRecord? {
        (try? ProveResponse(serializedBytes: encodedMemoryHit))?.job?.proof
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
