internal import Synchronization
internal import ZKCrypto
internal import ZKSQLite
internal import ZKFileSystem

/// A durable, content-addressed, size-bounded disk store of blobs keyed by 32-byte keys.
///
/// **Layout.** Under ``Configuration/directory``: `index.sqlite` (the index, WAL), `lock` (an exclusive `flock`: one
/// process per directory), `tmp/` (writes in progress) and `blobs/ab/` fan-out directories named after the key's
/// first byte. A blob lives in `blobs/ab/<64 hex key>.<16 hex generation>`: each put writes a new generation, so a
/// file is never modified in place, readers need no lock, and a reader racing a replacement or eviction sees either
/// the old complete file or none.
///
/// **Index.** One row per blob: key, generation, size, SHA-256 of the stored bytes, last access, pinned, metadata.
/// Opening never re-reads blob contents (see ``init(configuration:)``).
///
/// **Durability.** ``put(_:_:meta:pinned:)`` writes `tmp/<name>`, fsyncs it, renames it into `blobs/ab/`, fsyncs that
/// directory, then commits the index row (SQLite `synchronous=FULL`). Once `put` returns, the blob survives `kill -9`
/// and power loss. A crash earlier leaves a tmp file or an orphan file without a row; both are deleted on the next
/// open, and the interrupted put was never acknowledged.
///
/// **Integrity.** Every ``get(_:verify:)`` checks the file's length and SHA-256 against the index (and runs the
/// caller's `verify`). A blob that fails is never served: its file and row are deleted, the failure is counted in
/// ``BlobStoreStats/integrityFailures``, reported to ``Configuration/onIntegrityFailure``, and `get` returns `nil`
/// (a miss) so the caller refetches from the origin. Corruption is thus not an error; errors mean the store itself
/// failed (I/O, index).
///
/// **Bound.** The total size stays under ``Configuration/maxBytes``: each put evicts least recently accessed unpinned
/// blobs (never the blob being put). Pinned blobs count toward the total but are never evicted, so pins alone can
/// hold the store above the bound. Last-access times are recorded lazily (see
/// ``Configuration/accessUpdateIntervalMilliseconds``).
///
/// All methods block on file and SQLite I/O: call them from a thread pool, not from an event loop. The store is
/// `Sendable`; counters live behind a `Mutex` and file I/O happens outside any lock.
public final class BlobStore: Sendable {
    /// Largest accepted metadata blob (64 KiB).
    public static let maxMetaBytes = 64 << 10

    /// The configuration the store was opened with.
    public let configuration: Configuration
    /// What opening the store repaired.
    public let recovery: RecoveryReport

    let index: SQLiteDatabase
    let state: Mutex<State>
    let lockDescriptor: Int32
    let temporaryDirectory: String
    let blobsDirectory: String

    struct State: Sendable {
        var stats = BlobStoreStats()
        var nextGeneration: Int64 = 1
        var pendingAccess: [BlobKey: Int64] = [:]
        /// Set by ``close()``: the lock is released and the index closed.
        var isClosed = false
    }

    struct Row: Sendable {
        var generation: Int64
        var size: Int
        var checksum: [UInt8]
        var lastAccess: Int64
        var pinned: Bool
        var meta: [UInt8]
    }

    struct Victim: Sendable {
        var key: BlobKey
        var generation: Int64
        var size: Int
    }

    /// Opens (creating if needed) a store with default settings and the given bound.
    ///
    /// - Throws: See ``init(configuration:)``.
    public convenience init(directory: String, maxBytes: Int = 10 << 30) throws(BlobStoreError) {
        try self.init(configuration: Configuration(directory: directory, maxBytes: maxBytes))
    }

    /// Opens (creating if needed) the store in ``Configuration/directory`` and repairs what a crash left behind.
    ///
    /// Repair, in order: take the directory lock; delete everything in `tmp/`; delete blob files that have no index
    /// row (never-acknowledged puts — they are deleted rather than adopted because the index is the only record of
    /// their checksum and metadata); drop index rows whose file is missing or has the wrong length (counted as
    /// integrity failures). File contents are not read; checksums are verified on each read. If the resulting total
    /// exceeds ``Configuration/maxBytes`` (e.g. the bound was lowered), eviction runs.
    ///
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/locked`` if another process has the store open,
    ///   ``BlobStoreError/Code/ioFailure`` or ``BlobStoreError/Code/indexFailure`` if it cannot be opened, and
    ///   ``BlobStoreError/Code/invalidArgument`` for a non-positive bound.
    public init(configuration: Configuration) throws(BlobStoreError) {
        guard configuration.maxBytes > 0 else {
            throw BlobStoreError(code: .invalidArgument, message: "maxBytes must be positive")
        }
        self.configuration = configuration
        let root = configuration.directory
        temporaryDirectory = root + "/tmp"
        blobsDirectory = root + "/blobs"
        let createdRoot = try BlobFiles.makeDirectory(root)
        lockDescriptor = try BlobFiles.lockExclusively(root + "/lock")
        do throws(BlobStoreError) {
            try BlobFiles.makeDirectory(temporaryDirectory)
            try BlobFiles.makeDirectory(blobsDirectory)
            var createdFanOut = false
            for byte in 0..<256 {
                createdFanOut =
                    try BlobFiles.makeDirectory(blobsDirectory + "/" + Self.fanOut(UInt8(byte))) || createdFanOut
            }
            if createdFanOut { try BlobFiles.syncDirectory(blobsDirectory, configuration.fileSystem) }
            do {
                index = try SQLiteDatabase(path: root + "/index.sqlite")
                try index.executeScript(Self.schema)
            } catch {
                throw BlobStoreError(code: .indexFailure, message: "cannot open index in \(root)", cause: error)
            }
            // Make the directory entries of tmp/, blobs/ and the index files (SQLite creates the WAL lazily) durable.
            try BlobFiles.syncDirectory(root, configuration.fileSystem)
            if createdRoot, let slash = root.lastIndex(of: "/") {
                try BlobFiles.syncDirectory(slash == root.startIndex ? "/" : String(root[..<slash]), configuration.fileSystem)
            }
            let (recovery, failures, initial) = try Self.recover(
                index: index,
                temporaryDirectory: temporaryDirectory,
                blobsDirectory: blobsDirectory,
                fileSystem: configuration.fileSystem
            )
            self.recovery = recovery
            state = Mutex(initial)
            for failure in failures { configuration.onIntegrityFailure?(failure) }
        } catch {
            BlobFiles.closeDescriptor(lockDescriptor)
            throw error
        }
        if stats.bytes > configuration.maxBytes {
            let victims = try indexTransaction { connection, delta throws in
                try self.evict(&connection, &delta, protecting: nil)
            }
            removeFiles(of: victims)
        }
    }

    deinit {
        close()
    }

    /// Writes pending access times, closes the index and releases the directory lock, now: another store (in this
    /// process or another) may open the directory as soon as this returns.
    ///
    /// Idempotent. Call it once no call is in progress; every later call fails with
    /// ``BlobStoreError/Code/indexFailure`` (the index is closed).
    public func close() {
        let wasClosed = state.withLock { state in
            defer { state.isClosed = true }
            return state.isClosed
        }
        guard !wasClosed else { return }
        try? flushAccessTimes()
        index.close()
        BlobFiles.closeDescriptor(lockDescriptor)
    }

    // MARK: - Reading

    /// Reads and verifies a blob.
    ///
    /// The file's length and SHA-256 must match the index, and `verify` (if given) must accept the bytes; otherwise
    /// the blob is dropped (file and row deleted), reported as an ``IntegrityFailure``, and `nil` is returned.
    /// A hit may schedule a lazy last-access update.
    ///
    /// - Parameters:
    ///   - key: The blob's key.
    ///   - verify: An optional content check (e.g. that the decompressed ELF hashes to the expected digest).
    /// - Returns: The blob, or `nil` if absent or dropped as corrupted (both count as misses).
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/ioFailure`` or ``BlobStoreError/Code/indexFailure``
    ///   if the store itself failed.
    public func get(_ key: BlobKey, verify: (([UInt8]) -> Bool)? = nil) throws(BlobStoreError) -> Blob? {
        // A read races replacements and evictions only through a missing file; retry a few times to see the row
        // that replaced the one we read.
        for _ in 0..<4 {
            guard let row = try lookup(key) else { break }
            let path = filePath(key, generation: row.generation)
            switch try BlobFiles.read(path) {
            case .missing:
                guard let current = try lookup(key) else { break }
                if current.generation != row.generation { continue }
                try dropCorrupted(key, generation: row.generation, reason: .missingFile)
            case .bytes(let bytes):
                let reason: IntegrityFailure.Reason?
                if bytes.count != row.size {
                    reason = .sizeMismatch
                } else if SHA256.hash(bytes) != row.checksum {
                    reason = .checksumMismatch
                } else if let verify, !verify(bytes) {
                    reason = .rejectedByVerifier
                } else {
                    reason = nil
                }
                if let reason {
                    try dropCorrupted(key, generation: row.generation, reason: reason)
                } else {
                    try recordHit(key, lastAccess: row.lastAccess)
                    return Blob(bytes: bytes, meta: row.meta, pinned: row.pinned)
                }
            }
            break
        }
        state.withLock { $0.stats.misses &+= 1 }
        return nil
    }

    /// What the index records about `key`, without reading the file or counting a hit or miss.
    ///
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/indexFailure``.
    public func info(_ key: BlobKey) throws(BlobStoreError) -> Info? {
        guard let row = try lookup(key) else { return nil }
        return Info(
            key: key,
            size: row.size,
            checksum: row.checksum,
            lastAccessMilliseconds: row.lastAccess,
            pinned: row.pinned,
            meta: row.meta
        )
    }

    /// Whether the index has `key` (the file is not checked).
    ///
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/indexFailure``.
    public func contains(_ key: BlobKey) throws(BlobStoreError) -> Bool {
        try lookup(key) != nil
    }

    /// All stored keys, in key order.
    ///
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/indexFailure``.
    public func keys() throws(BlobStoreError) -> [BlobKey] {
        do {
            return try index.query("SELECT key FROM blobs ORDER BY key") { BlobKey(bytes: $0.blob(0)) }
                .compactMap { $0 }
        } catch {
            throw Self.indexFailure("list keys", error)
        }
    }

    /// A snapshot of the counters.
    public var stats: BlobStoreStats { state.withLock { $0.stats } }

    // MARK: - Writing

    /// Stores `bytes` under `key` durably, replacing any previous blob, then evicts to respect the bound.
    ///
    /// When this returns, the blob and its index row are on stable storage (see the type's durability notes).
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - bytes: The content; at most ``Configuration/maxBytes``.
    ///   - meta: Small metadata returned with the blob; at most ``maxMetaBytes``.
    ///   - pinned: `true`/`false` to set the pin; `nil` (default) keeps an existing blob's pin, or unpinned if new.
    /// - Returns: How many blobs were evicted to make room.
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/tooLarge`` or ``BlobStoreError/Code/invalidArgument``
    ///   for oversized input, ``BlobStoreError/Code/ioFailure`` (e.g. disk full) or
    ///   ``BlobStoreError/Code/indexFailure``; on error nothing was stored and any previous blob is intact.
    @discardableResult
    public func put(_ key: BlobKey, _ bytes: [UInt8], meta: [UInt8] = [], pinned: Bool? = nil) throws(BlobStoreError)
        -> Int
    {
        guard bytes.count <= configuration.maxBytes else {
            throw BlobStoreError(
                code: .tooLarge,
                message: "blob of \(bytes.count) bytes exceeds the store bound of \(configuration.maxBytes) bytes"
            )
        }
        guard meta.count <= Self.maxMetaBytes else {
            throw BlobStoreError(code: .invalidArgument, message: "metadata of \(meta.count) bytes exceeds 64 KiB")
        }
        let checksum = SHA256.hash(bytes)
        let generation = state.withLock { state in
            defer { state.nextGeneration += 1 }
            return state.nextGeneration
        }
        let name = Self.fileName(key, generation: generation)
        let temporaryPath = temporaryDirectory + "/" + name
        let fanOutDirectory = blobsDirectory + "/" + Self.fanOut(key)
        let finalPath = fanOutDirectory + "/" + name
        do {
            try BlobFiles.writeDurably(temporaryPath, bytes, configuration.fileSystem)
            try BlobFiles.rename(temporaryPath, finalPath, configuration.fileSystem)
            try BlobFiles.syncDirectory(fanOutDirectory, configuration.fileSystem)
        } catch {
            BlobFiles.remove(temporaryPath, configuration.fileSystem)
            BlobFiles.remove(finalPath, configuration.fileSystem)
            throw error
        }
        let now = configuration.clock()
        let pending = takePendingAccess()
        let size = bytes.count
        let replaced: (previous: Victim?, victims: [Victim])
        do {
            replaced = try indexTransaction { connection, delta throws in
                try Self.writeAccessTimes(pending, to: &connection)
                let previous = try Self.lookup(key, in: &connection)
                try connection.execute(
                    """
                    INSERT INTO blobs(key, generation, size, checksum, last_access, pinned, meta)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET generation = excluded.generation, size = excluded.size,
                        checksum = excluded.checksum, last_access = excluded.last_access, pinned = excluded.pinned,
                        meta = excluded.meta
                    """,
                    [
                        .blob(key.bytes), .integer(generation), .int(size), .blob(checksum), .integer(now),
                        .integer((pinned ?? previous?.pinned ?? false) ? 1 : 0), .blob(meta),
                    ]
                )
                delta.bytes += size - (previous?.size ?? 0)
                delta.count += previous == nil ? 1 : 0
                let victims = try self.evict(&connection, &delta, protecting: key)
                return (previous.map { Victim(key: key, generation: $0.generation, size: $0.size) }, victims)
            }
        } catch {
            BlobFiles.remove(finalPath, configuration.fileSystem)
            throw error
        }
        if let previous = replaced.previous, previous.generation != generation {
            BlobFiles.remove(filePath(key, generation: previous.generation), configuration.fileSystem)
        }
        removeFiles(of: replaced.victims)
        state.withLock { $0.stats.puts &+= 1 }
        return replaced.victims.count
    }

    /// Deletes the blob for `key`, pinned or not.
    ///
    /// - Returns: Whether a blob was deleted.
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/indexFailure``.
    @discardableResult
    public func remove(_ key: BlobKey) throws(BlobStoreError) -> Bool {
        let removed = try indexTransaction { connection, delta throws -> Victim? in
            guard let row = try Self.lookup(key, in: &connection) else { return nil }
            try connection.execute("DELETE FROM blobs WHERE key = ?", [.blob(key.bytes)])
            delta.bytes -= row.size
            delta.count -= 1
            return Victim(key: key, generation: row.generation, size: row.size)
        }
        guard let removed else { return false }
        removeFiles(of: [removed])
        return true
    }

    /// Pins `key` so eviction never removes it (the pin is durable).
    ///
    /// - Returns: Whether the blob exists.
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/indexFailure``.
    @discardableResult
    public func pin(_ key: BlobKey) throws(BlobStoreError) -> Bool {
        try indexTransaction { connection, _ throws -> Bool in
            try connection.execute("UPDATE blobs SET pinned = 1 WHERE key = ?", [.blob(key.bytes)])
            return connection.changes > 0
        }
    }

    /// Unpins `key`; if the store is over its bound, eviction runs (possibly evicting this blob).
    ///
    /// - Returns: Whether the blob exists.
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/indexFailure``.
    @discardableResult
    public func unpin(_ key: BlobKey) throws(BlobStoreError) -> Bool {
        let (found, victims) = try indexTransaction { connection, delta throws -> (Bool, [Victim]) in
            try connection.execute("UPDATE blobs SET pinned = 0 WHERE key = ?", [.blob(key.bytes)])
            guard connection.changes > 0 else { return (false, []) }
            return (true, try self.evict(&connection, &delta, protecting: nil))
        }
        removeFiles(of: victims)
        return found
    }

    /// Writes scheduled last-access updates now (otherwise written lazily).
    ///
    /// - Throws: ``BlobStoreError`` with ``BlobStoreError/Code/indexFailure``.
    public func flushAccessTimes() throws(BlobStoreError) {
        let pending = takePendingAccess()
        guard !pending.isEmpty else { return }
        try indexTransaction { connection, _ throws in try Self.writeAccessTimes(pending, to: &connection) }
    }
}
