import Logging
import NIOPosix
import Synchronization
import ZKFaaSClient
import ZKProto
import ZKStore

/// The proof cache: L1 memory LRU → L2 disk (verified blob store) → L3 shared Redis, read through and filled
/// upward. Records hold public data only; private inputs never reach any tier.
///
/// L1 is bounded by entries and by bytes (`--cache-entries`, `--cache-memory-bytes`); it keeps each record once, as
/// the encoded answer a memory hit sends (``CachedProof``). A record bigger than the whole byte bound is not kept
/// in L1 (the lower tiers still have it).
///
/// L1 holds only records this router made or checked. A record read from L2 or L3 is checked before it is served
/// or copied to another tier: its DEV signature must verify under one of `trustedKeys` and its fields must be the
/// request's (``ProofRecordExpectation``). A record that fails is never served nor copied; it is dropped from L2,
/// left alone in Redis (another replica may write it again), and counted in the integrity failures.
final class ProofCache: Sendable {
    enum Tier: String, Sendable { case memory, disk, redis }

    private struct Counters {
        var hits: [Tier: UInt64] = [:]
        var misses: [Tier: UInt64] = [:]
    }

    private let memory: LockedLRUCache<BlobKey, CachedProof>
    private let disk: BlobStore
    let shared: (any SharedProofStore)?
    private let io: NIOThreadPool
    private let logger: Logger
    private let trustedKeys: Set<[UInt8]>
    private let counters = Mutex(Counters())
    private let sharedIntegrityFailures = Atomic<UInt64>(0)

    /// Opens the disk tier: a blob store under `directory`, which takes the folder's lock.
    static func openDisk(directory: String, bytes: Int, logger: Logger) throws -> BlobStore {
        try BlobStore(
            configuration: BlobStore.Configuration(
                directory: directory,
                maxBytes: bytes,
                onIntegrityFailure: { failure in
                    logger.warning("dropped a corrupted proof cache entry", metadata: ["cache.key": "\(failure.key)"])
                }
            )
        )
    }

    /// A cache over a disk tier opened already (``openDisk(directory:bytes:logger:)``); it closes it in ``close()``.
    init(
        memoryEntries: Int,
        memoryBytes: Int,
        disk: BlobStore,
        shared: (any SharedProofStore)?,
        trustedKeys: Set<[UInt8]>,
        io: NIOThreadPool,
        logger: Logger
    ) {
        memory = LockedLRUCache(
            maxCount: min(max(1, memoryEntries), RouterConfiguration.maximumCacheEntries),
            maxBytes: max(0, memoryBytes)
        )
        self.disk = disk
        self.shared = shared
        self.trustedKeys = trustedKeys
        self.io = io
        self.logger = logger
    }

    convenience init(
        memoryEntries: Int,
        memoryBytes: Int = 256 << 20,
        diskDirectory: String,
        diskBytes: Int,
        shared: (any SharedProofStore)?,
        trustedKeys: Set<[UInt8]>,
        io: NIOThreadPool,
        logger: Logger
    ) throws {
        self.init(
            memoryEntries: memoryEntries,
            memoryBytes: memoryBytes,
            disk: try Self.openDisk(directory: diskDirectory, bytes: diskBytes, logger: logger),
            shared: shared,
            trustedKeys: trustedKeys,
            io: io,
            logger: logger
        )
    }

    /// Records of L2 and L3 refused so far: bytes that did not decode or hash right, and records that failed their
    /// checks.
    var integrityFailures: UInt64 {
        UInt64(disk.stats.integrityFailures) + sharedIntegrityFailures.load(ordering: .relaxed)
    }

    /// Whether a record from L2 or L3 may be served: the current attestation format (older ones leave fields
    /// unsigned, so such a record is made again), a valid DEV signature under a trusted key, and, when the request
    /// is known, its fields.
    private func acceptable(_ record: ProofRecord, _ expectation: ProofRecordExpectation?) -> Bool {
        record.formatVersion == DevAttestation.formatVersion && DevAttestation.verify(record, trustedKeys: trustedKeys)
            && (expectation?.admits(record) ?? true)
    }

    /// Closes the disk tier (releasing its folder lock) and the shared tier's connections. Call it after the I/O
    /// pool has stopped, so no read or write is in progress.
    func close() {
        disk.close()
        shared?.close()
    }

    private func count(_ tier: Tier, hit: Bool) {
        counters.withLock { counters in
            if hit { counters.hits[tier, default: 0] += 1 } else { counters.misses[tier, default: 0] += 1 }
        }
    }

    /// Puts a record in L1, costed at the bytes it keeps.
    private func remember(_ key: ProofCacheKey, _ record: ProofRecord) {
        let entry = CachedProof(key: key, record: record)
        memory.put(key.bytes, entry, cost: entry.bytes)
    }

    /// L1's entries and bytes now.
    var memoryUsage: (entries: Int, bytes: Int) { (memory.count, memory.totalBytes) }

    /// L1 only, without waiting: for the event-loop fast path.
    func memoryHit(_ key: ProofCacheKey) -> CachedProof? {
        let entry = memory.get(key.bytes)
        if entry != nil { count(.memory, hit: true) }
        return entry
    }

    /// Read through every tier for a request; a record from a lower tier that passes its checks fills the tiers
    /// above it.
    func lookup(_ key: ProofCacheKey, expecting expectation: ProofRecordExpectation) async -> (ProofRecord, Tier)? {
        if let local = await localLookup(key, expecting: expectation) { return local }
        guard let shared else { return nil }
        let fromShared = try? await io.runIfActive { try shared.get(key) }
        guard let bytes = fromShared ?? nil else {
            count(.redis, hit: false)
            return nil
        }
        guard let record = checkedShared(bytes, key: key, expectation) else {
            count(.redis, hit: false)
            return nil
        }
        count(.redis, hit: true)
        remember(key, record)
        let disk = self.disk
        _ = try? await io.runIfActive { try disk.put(key.bytes, bytes) }
        return (record, .redis)
    }

    /// L1 then L2 only (this replica's own tiers); nil `expectation`: the request is not known (a `c-` job id), so
    /// only the signature is checked. A disk hit fills L1.
    func localLookup(_ key: ProofCacheKey, expecting expectation: ProofRecordExpectation?) async
        -> (ProofRecord, Tier)?
    {
        if let entry = memory.get(key.bytes), let record = entry.record {
            count(.memory, hit: true)
            return (record, .memory)
        }
        count(.memory, hit: false)
        let disk = self.disk
        // The blob store checks the bytes against their SHA-256; a record that does not decode or fails its checks
        // is dropped by the store as corrupted (counted in its integrity failures). It is decoded once.
        let fromDisk: ProofRecord?? = try? await io.runIfActive { [self] in
            var decoded: ProofRecord?
            _ = try disk.get(key.bytes) { bytes in
                guard let record = try? ProofRecord(serializedBytes: bytes), self.acceptable(record, expectation) else {
                    return false
                }
                decoded = record
                return true
            }
            return decoded
        }
        if let record = fromDisk ?? nil {
            count(.disk, hit: true)
            remember(key, record)
            return (record, .disk)
        }
        count(.disk, hit: false)
        return nil
    }

    /// The record in `bytes` from Redis, if it decodes and passes its checks; otherwise counted and logged.
    private func checkedShared(_ bytes: [UInt8], key: ProofCacheKey, _ expectation: ProofRecordExpectation)
        -> ProofRecord?
    {
        if let record = try? ProofRecord(serializedBytes: bytes), acceptable(record, expectation) { return record }
        sharedIntegrityFailures.add(1, ordering: .relaxed)
        logger.warning("refused a shared proof cache record that fails its checks", metadata: ["cache.key": "\(key)"])
        return nil
    }

    /// Only the shared tier (used while another replica holds the lease); the record is checked as in ``lookup``.
    func sharedLookup(_ key: ProofCacheKey, expecting expectation: ProofRecordExpectation) async -> ProofRecord? {
        guard let shared else { return nil }
        let fetched = try? await io.runIfActive { try shared.get(key) }
        guard let bytes = fetched ?? nil else { return nil }
        return checkedShared(bytes, key: key, expectation)
    }

    /// Stores a new record in every tier.
    func store(_ key: ProofCacheKey, _ record: ProofRecord) async {
        remember(key, record)
        let bytes = record.serializedBytes()
        let disk = self.disk
        let shared = self.shared
        let logger = self.logger
        _ = try? await io.runIfActive {
            do { try disk.put(key.bytes, bytes) } catch {
                logger.warning("cannot write the disk proof cache", metadata: ["error": "\(error)"])
            }
            do { try shared?.put(key, bytes) } catch {
                logger.warning("cannot write the shared proof cache", metadata: ["error": "\(error)"])
            }
        }
    }

    func stats() -> [TierStats] {
        let (hits, misses) = counters.withLock { ($0.hits, $0.misses) }
        let memoryStats = memory.stats
        let diskStats = disk.stats
        var tiers = [
            TierStats(
                tier: "memory",
                hits: hits[.memory] ?? 0,
                misses: misses[.memory] ?? 0,
                entries: UInt64(memory.count),
                bytes: UInt64(memory.totalBytes),
                evictions: UInt64(memoryStats.evictions)
            ),
            TierStats(
                tier: "disk",
                hits: hits[.disk] ?? 0,
                misses: misses[.disk] ?? 0,
                entries: UInt64(diskStats.count),
                bytes: UInt64(diskStats.bytes),
                evictions: UInt64(diskStats.evictions),
                integrityFailures: UInt64(diskStats.integrityFailures)
            ),
        ]
        if shared != nil {
            tiers.append(
                TierStats(
                    tier: "redis",
                    hits: hits[.redis] ?? 0,
                    misses: misses[.redis] ?? 0,
                    integrityFailures: sharedIntegrityFailures.load(ordering: .relaxed)
                )
            )
        }
        return tiers
    }
}
