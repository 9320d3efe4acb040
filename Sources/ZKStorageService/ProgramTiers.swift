import ZKContent
import ZKProto
import ZKStore

/// The local tiers: a memory LRU (by count and bytes) over a disk blob store, both keyed by the ELF's SHA-256.
/// Lookups by CID go through ``ProgramNames``, the one CID → hash index, so opening the tiers reads no index entry.
///
/// The disk tier checks every read against the SHA-256 of the stored bytes, so a flipped or truncated file is
/// dropped and reported, never served. Calls block; the service runs them on its I/O thread pool.
final class ProgramTiers: Sendable {
    private let memory: LockedLRUCache<BlobKey, StoredProgram>
    let disk: BlobStore

    init(
        configuration: StorageConfiguration,
        onIntegrityFailure: @escaping @Sendable (BlobStore.IntegrityFailure) -> Void
    ) throws {
        memory = LockedLRUCache(
            maxCount: max(1, configuration.memoryPrograms),
            maxBytes: max(1, configuration.memoryBytes)
        )
        disk = try BlobStore(
            configuration: BlobStore.Configuration(
                directory: configuration.dataDirectory + "/programs",
                maxBytes: configuration.diskBytes,
                onIntegrityFailure: onIntegrityFailure
            )
        )
    }

    /// Releases the disk tier (its folder lock and index); later calls fail.
    func close() {
        disk.close()
    }

    /// Memory only, without blocking; counted as a memory hit or miss (one per `GetProgram`: the fast path's).
    func memoryHit(_ key: BlobKey) -> StoredProgram? {
        memory.get(key)
    }

    /// Memory only, not counted: a second look within one request (the program may have arrived meanwhile).
    func memoryPeek(_ key: BlobKey) -> StoredProgram? {
        memory.peek(key)
    }

    /// Memory (not counted again: ``memoryHit(_:)`` counted this request), then disk (filling memory).
    func get(_ key: BlobKey) throws -> (StoredProgram, String)? {
        if let program = memoryPeek(key) { return (program, "memory") }
        guard let blob = try disk.get(key), let meta = try? StatProgramResponse(serializedBytes: blob.meta),
            let cid = try? CID(meta.cid)
        else {
            return nil
        }
        let program = StoredProgram(elfZstd: blob.bytes, elfSize: meta.elfSize, key: key, cid: cid)
        memory.put(key, program, cost: program.compressedSize)
        if blob.pinned { memory.pin(key) }
        return (program, "disk")
    }

    /// Stores a verified program in both tiers (durable on disk before returning).
    func put(_ program: StoredProgram, pin: Bool) throws {
        let key = program.key
        try disk.put(key, program.elfZstd, meta: program.meta, pinned: pin ? true : nil)
        memory.put(key, program, cost: program.compressedSize)
        if pin { memory.pin(key) }
    }

    /// Which local tiers hold `key`, and whether it is pinned.
    func locate(_ key: BlobKey) throws -> (tiers: [String], info: BlobStore.Info?) {
        var tiers: [String] = []
        if memory.peek(key) != nil { tiers.append("memory") }
        let info = try disk.info(key)
        if info != nil { tiers.append("disk") }
        return (tiers, info)
    }

    func setPinned(_ key: BlobKey, _ pinned: Bool) throws -> Bool {
        if pinned {
            guard try disk.pin(key) else { return false }
            memory.pin(key)
        } else {
            guard try disk.unpin(key) else { return false }
            _ = memory.unpin(key)
        }
        return true
    }

    func stats() -> [TierStats] {
        let memoryStats = memory.stats
        let diskStats = disk.stats
        return [
            TierStats(
                tier: "memory",
                hits: memoryStats.hits,
                misses: memoryStats.misses,
                entries: UInt64(memory.count),
                bytes: UInt64(memory.totalBytes),
                evictions: memoryStats.evictions
            ),
            TierStats(
                tier: "disk",
                hits: diskStats.hits,
                misses: diskStats.misses,
                entries: UInt64(diskStats.count),
                bytes: UInt64(diskStats.bytes),
                evictions: diskStats.evictions,
                integrityFailures: diskStats.integrityFailures
            ),
        ]
    }
}
