import Synchronization
import ZKContent
import ZKProto
import ZKRPC
import ZKStore

/// The local tiers: a memory LRU (by count and bytes) over a disk blob store, both keyed by the ELF's SHA-256.
/// Lookups by CID go through ``ProgramNames``, the one CID → hash index, so opening the tiers reads no index entry.
///
/// The disk tier checks every read against the SHA-256 of the stored bytes, so a flipped or truncated file is
/// dropped and reported, never served. Calls block; the service runs them on its I/O thread pool.
///
/// **Pins.** A pin is a promise of the disk tier only: pinned blobs are never evicted from disk, and their total
/// compressed size stays within ``StorageConfiguration/maxPinnedBytes`` (a pin beyond it is RESOURCE_EXHAUSTED). The
/// memory tier is a plain cache that never pins, so it stays within its byte and count bounds whatever is pinned.
final class ProgramTiers: Sendable {
    private let memory: LockedLRUCache<BlobKey, StoredProgram>
    let disk: BlobStore
    private let maxPinnedBytes: Int
    /// Compressed bytes pinned on disk; pins and pinned puts are serialised by this lock, so the bound holds.
    private let pinnedBytes: Mutex<Int>

    init(
        configuration: StorageConfiguration,
        onIntegrityFailure: @escaping @Sendable (BlobStore.IntegrityFailure) -> Void
    ) throws {
        memory = LockedLRUCache(
            // LRUCache indexes slots with Int32: a larger count is clamped, never a trap.
            maxCount: min(max(1, configuration.memoryPrograms), Self.maxMemoryPrograms),
            maxBytes: max(1, configuration.memoryBytes)
        )
        let disk = try BlobStore(
            configuration: BlobStore.Configuration(
                directory: configuration.dataDirectory + "/programs",
                maxBytes: configuration.diskBytes,
                onIntegrityFailure: onIntegrityFailure
            )
        )
        self.disk = disk
        maxPinnedBytes = max(0, configuration.maxPinnedBytes)
        var pinned = 0
        for key in try disk.keys() {
            if let info = try disk.info(key), info.pinned { pinned += info.size }
        }
        pinnedBytes = Mutex(pinned)
    }

    /// The largest memory-tier count: ``LRUCache`` needs fewer than 2^31 entries.
    static let maxMemoryPrograms = Int(Int32.max) - 1

    /// Compressed bytes pinned on disk.
    var pinnedByteCount: Int { pinnedBytes.withLock { $0 } }

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
        return (program, "disk")
    }

    /// Caches a verified program in memory only (when the disk tier cannot take it).
    func cacheInMemory(_ program: StoredProgram) {
        memory.put(program.key, program, cost: program.compressedSize)
    }

    /// Stores a verified program in both tiers (durable on disk before returning).
    ///
    /// - Throws: ``ZKRPC/RPCError`` RESOURCE_EXHAUSTED when `pin` would take the pinned bytes past their bound
    ///   (nothing is stored then); ``ZKStore/BlobStoreError`` from the disk tier.
    func put(_ program: StoredProgram, pin: Bool) throws {
        let key = program.key
        if pin {
            try pinnedBytes.withLock { pinned in
                let previous = try disk.info(key)
                let added = previous?.pinned == true ? program.compressedSize - previous!.size : program.compressedSize
                try checkPinBound(pinned, adding: added, key)
                try disk.put(key, program.elfZstd, meta: program.meta, pinned: true)
                pinned += added
            }
        } else {
            try disk.put(key, program.elfZstd, meta: program.meta, pinned: nil)
        }
        memory.put(key, program, cost: program.compressedSize)
    }

    private func checkPinBound(_ pinned: Int, adding added: Int, _ key: BlobKey) throws(RPCError) {
        guard added <= 0 || pinned + added <= maxPinnedBytes else {
            throw RPCError(
                code: .resourceExhausted,
                message: "pinning \(key.hex) (\(added) bytes) would exceed the \(maxPinnedBytes) pinned bytes allowed "
                    + "(\(pinned) pinned now); unpin something or raise --max-pinned-bytes"
            )
        }
    }

    /// Which local tiers hold `key`, and whether it is pinned.
    func locate(_ key: BlobKey) throws -> (tiers: [String], info: BlobStore.Info?) {
        var tiers: [String] = []
        if memory.peek(key) != nil { tiers.append("memory") }
        let info = try disk.info(key)
        if info != nil { tiers.append("disk") }
        return (tiers, info)
    }

    /// Pins or unpins `key` on disk; false when the disk tier does not hold it.
    ///
    /// - Throws: ``ZKRPC/RPCError`` RESOURCE_EXHAUSTED when a pin would exceed the pinned-bytes bound.
    func setPinned(_ key: BlobKey, _ pin: Bool) throws -> Bool {
        try pinnedBytes.withLock { pinned in
            guard let info = try disk.info(key) else { return false }
            guard info.pinned != pin else { return true }
            if pin {
                try checkPinBound(pinned, adding: info.size, key)
                guard try disk.pin(key) else { return false }
                pinned += info.size
            } else {
                guard try disk.unpin(key) else { return false }
                pinned -= info.size
            }
            return true
        }
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
