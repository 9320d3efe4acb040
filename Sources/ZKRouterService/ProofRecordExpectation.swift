import ZKFaaSClient
import ZKProto

/// What a cached record must say to answer a given request: a record read from the disk or the Redis tier is served
/// (or copied to another tier) only when its DEV signature verifies under a trusted key and its fields are the
/// request's.
///
/// The cache key hashes the inputs themselves, which a record does not hold, so it cannot be recomputed from a
/// record; the record's `stdin_digest` binds the inputs instead, and the other fields are compared one by one:
/// program hash, ELF hash, zkVM and version (from the registry), mode, the DEV kind and flags, the backend when the
/// request names one.
struct ProofRecordExpectation: Sendable {
    var programHash: [UInt8]
    var elfHash: [UInt8]
    var zkvm: String
    var zkvmVersion: String
    var mode: ProofMode
    var stdinDigest: [UInt8]
    /// The requested backend; nil for `auto` (any backend may have made it).
    var backend: String?

    /// Whether `record` answers the request (its signature is checked apart, by ``ProofCache``).
    func admits(_ record: ProofRecord) -> Bool {
        record.programHash == programHash && record.elfHash == elfHash && record.zkvm == zkvm
            && record.zkvmVersion == zkvmVersion && record.mode == mode && record.stdinDigest == stdinDigest
            && record.kind == DevAttestation.kind && !record.zeroKnowledge && !record.succinct
            && (backend == nil || record.backend == backend)
    }
}
