import Logging
import NIOPosix
import Synchronization
import ZKProto
import ZKStore

/// The proof cache: L1 memory LRU → L2 disk (verified blob store) → L3 shared Redis, read through and filled
/// upward. Records hold public data only; private inputs never reach any tier.
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
    private let counters = Mutex(Counters())

    init(
        memoryEntries: Int,
        diskDirectory: String,
        diskBytes: Int,
        shared: (any SharedProofStore)?,
        io: NIOThreadPool,
        logger: Logger
    ) throws {
        memory = LockedLRUCache(maxCount: max(1, memoryEntries), maxBytes: Int.max)
        disk = try BlobStore(
            configuration: BlobStore.Configuration(
                directory: diskDirectory,
                maxBytes: diskBytes,
                onIntegrityFailure: { failure in
                    logger.warning("dropped a corrupted proof cache entry", metadata: ["cache.key": "\(failure.key)"])
                }
            )
        )
        self.shared = shared
        self.io = io
        self.logger = logger
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

    /// L1 only, without waiting: for the event-loop fast path.
    func memoryHit(_ key: ProofCacheKey) -> CachedProof? {
        let entry = memory.get(key.bytes)
        if entry != nil { count(.memory, hit: true) }
        return entry
    }

    /// Read through every tier; a hit in a lower tier fills the tiers above it.
    func lookup(_ key: ProofCacheKey) async -> (ProofRecord, Tier)? {
        if let entry = memory.get(key.bytes) {
            count(.memory, hit: true)
            return (entry.record, .memory)
        }
        count(.memory, hit: false)
        let disk = self.disk
        // The blob store checks the bytes against their SHA-256; a record that still does not decode is dropped by
        // the store as corrupted (counted in its integrity failures). It is decoded once, by the verifier.
        let fromDisk: ProofRecord?? = try? await io.runIfActive {
            var decoded: ProofRecord?
            _ = try disk.get(key.bytes) { bytes in
                decoded = try? ProofRecord(serializedBytes: bytes)
                return decoded != nil
            }
            return decoded
        }
        if let record = fromDisk ?? nil {
            count(.disk, hit: true)
            memory.put(key.bytes, CachedProof(key: key, record: record), cost: 1)
            return (record, .disk)
        }
        count(.disk, hit: false)
        guard let shared else { return nil }
        let fromShared = try? await io.runIfActive { try shared.get(key) }
        if let bytes = fromShared ?? nil, let record = try? ProofRecord(serializedBytes: bytes) {
            count(.redis, hit: true)
            memory.put(key.bytes, CachedProof(key: key, record: record), cost: 1)
            _ = try? await io.runIfActive { try disk.put(key.bytes, bytes) }
            return (record, .redis)
        }
        count(.redis, hit: false)
        return nil
    }

    /// Only the shared tier (used while another replica holds the lease).
    func sharedLookup(_ key: ProofCacheKey) async -> ProofRecord? {
        guard let shared else { return nil }
        let bytes = try? await io.runIfActive { try shared.get(key) }
        return (bytes ?? nil).flatMap { try? ProofRecord(serializedBytes: $0) }
    }

    /// Stores a new record in every tier.
    func store(_ key: ProofCacheKey, _ record: ProofRecord) async {
        memory.put(key.bytes, CachedProof(key: key, record: record), cost: 1)
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
            tiers.append(TierStats(tier: "redis", hits: hits[.redis] ?? 0, misses: misses[.redis] ?? 0))
        }
        return tiers
    }
}
