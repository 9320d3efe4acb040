internal import Synchronization
internal import ZKSQLite
internal import ZKFileSystem

extension BlobStore {
    static let schema = """
        CREATE TABLE IF NOT EXISTS blobs(
            key BLOB PRIMARY KEY NOT NULL,
            generation INTEGER NOT NULL,
            size INTEGER NOT NULL,
            checksum BLOB NOT NULL,
            last_access INTEGER NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            meta BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS blobs_eviction ON blobs(pinned, last_access);
        """

    static func fanOut(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]], as: UTF8.self)
    }

    static func fanOut(_ key: BlobKey) -> String { fanOut(UInt8(truncatingIfNeeded: key.w0 >> 56)) }

    static func fileName(_ key: BlobKey, generation: Int64) -> String {
        let digits = String(UInt64(bitPattern: generation), radix: 16)
        return key.hex + "." + String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Parses `<64 hex>.<16 hex>`.
    static func parseFileName(_ name: String) -> (key: BlobKey, generation: Int64)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].utf8.count == 16, let key = BlobKey(hex: parts[0]),
            let generation = UInt64(parts[1], radix: 16)
        else { return nil }
        return (key, Int64(bitPattern: generation))
    }

    func filePath(_ key: BlobKey, generation: Int64) -> String {
        blobsDirectory + "/" + Self.fanOut(key) + "/" + Self.fileName(key, generation: generation)
    }

    static func indexFailure(_ operation: String, _ error: any Error) -> BlobStoreError {
        if let error = error as? BlobStoreError { return error }
        return BlobStoreError(
            code: .indexFailure,
            message: "index \(operation) failed",
            cause: error
        )
    }

    /// Changes to the totals made by one index transaction.
    struct StatsDelta {
        var bytes = 0
        var count = 0
        var evictions: UInt64 = 0
    }

    /// Runs `body` in an index transaction, mapping SQLite errors to ``BlobStoreError/Code/indexFailure``.
    ///
    /// `body` records its changes to the totals in the delta; they are applied after `COMMIT` while the index lock is
    /// still held, so the in-memory totals follow commit order exactly and are untouched by a failed transaction.
    @discardableResult
    func indexTransaction<R: Sendable>(
        _ body: (inout SQLiteConnection, inout StatsDelta) throws -> R
    ) throws(BlobStoreError) -> R {
        do {
            return try index.withConnection { (connection: inout SQLiteConnection) throws -> R in
                var delta = StatsDelta()
                let result = try connection.transaction { connection in try body(&connection, &delta) }
                state.withLock { state in
                    state.stats.bytes += delta.bytes
                    state.stats.count += delta.count
                    state.stats.evictions &+= delta.evictions
                }
                return result
            }
        } catch {
            throw Self.indexFailure("transaction", error)
        }
    }

    func lookup(_ key: BlobKey) throws(BlobStoreError) -> Row? {
        do {
            return try index.withConnection { (connection: inout SQLiteConnection) throws(SQLiteError) in
                try Self.lookup(key, in: &connection)
            }
        } catch {
            throw Self.indexFailure("lookup", error)
        }
    }

    static func lookup(_ key: BlobKey, in connection: inout SQLiteConnection) throws(SQLiteError) -> Row? {
        try connection.queryFirst(
            "SELECT generation, size, checksum, last_access, pinned, meta FROM blobs WHERE key = ?",
            [.blob(key.bytes)]
        ) { row in
            Row(
                generation: row.int64(0),
                size: row.int(1),
                checksum: row.blob(2),
                lastAccess: row.int64(3),
                pinned: row.int64(4) != 0,
                meta: row.blob(5)
            )
        }
    }

    /// Deletes least recently accessed unpinned rows (never `protected`) until the total is within the bound;
    /// returns them so the caller deletes their files after commit.
    func evict(
        _ connection: inout SQLiteConnection,
        _ delta: inout StatsDelta,
        protecting protected: BlobKey?
    ) throws -> [Victim] {
        var victims: [Victim] = []
        var total = state.withLock { $0.stats.bytes } + delta.bytes
        let maxBytes = configuration.maxBytes
        let protectedBytes: SQLiteValue = protected.map { .blob($0.bytes) } ?? .blob([])
        while total > maxBytes {
            let batch = try connection.query(
                """
                SELECT key, generation, size FROM blobs WHERE pinned = 0 AND key != ?
                ORDER BY last_access, key LIMIT 32
                """,
                [protectedBytes]
            ) { row in (row.blob(0), row.int64(1), row.int(2)) }
            if batch.isEmpty { break }
            for (keyBytes, generation, size) in batch where total > maxBytes {
                try connection.execute("DELETE FROM blobs WHERE key = ?", [.blob(keyBytes)])
                total -= size
                if let key = BlobKey(bytes: keyBytes) {
                    victims.append(Victim(key: key, generation: generation, size: size))
                }
                delta.bytes -= size
                delta.count -= 1
                delta.evictions &+= 1
            }
        }
        return victims
    }

    func removeFiles(of victims: [Victim]) {
        for victim in victims { BlobFiles.remove(filePath(victim.key, generation: victim.generation), configuration.fileSystem) }
    }

    /// Drops a blob that failed verification, if its row still has `generation`, and reports it.
    func dropCorrupted(
        _ key: BlobKey,
        generation: Int64,
        reason: IntegrityFailure.Reason
    ) throws(BlobStoreError) {
        try indexTransaction { connection, delta throws in
            guard let row = try Self.lookup(key, in: &connection), row.generation == generation else { return }
            try connection.execute("DELETE FROM blobs WHERE key = ?", [.blob(key.bytes)])
            delta.bytes -= row.size
            delta.count -= 1
        }
        BlobFiles.remove(filePath(key, generation: generation), configuration.fileSystem)
        state.withLock { $0.stats.integrityFailures &+= 1 }
        configuration.onIntegrityFailure?(IntegrityFailure(key: key, reason: reason, duringOpen: false))
    }

    func recordHit(_ key: BlobKey, lastAccess: Int64) throws(BlobStoreError) {
        let now = configuration.clock()
        let interval = configuration.accessUpdateIntervalMilliseconds
        let threshold = configuration.accessFlushThreshold
        let shouldFlush = state.withLock { state in
            state.stats.hits &+= 1
            guard now - lastAccess >= interval else { return false }
            state.pendingAccess[key] = now
            return state.pendingAccess.count >= threshold
        }
        if shouldFlush { try flushAccessTimes() }
    }

    func takePendingAccess() -> [BlobKey: Int64] {
        state.withLock { state in
            defer { state.pendingAccess = [:] }
            return state.pendingAccess
        }
    }

    static func writeAccessTimes(_ pending: [BlobKey: Int64], to connection: inout SQLiteConnection) throws {
        for (key, time) in pending {
            try connection.execute(
                "UPDATE blobs SET last_access = max(last_access, ?) WHERE key = ?",
                [.integer(time), .blob(key.bytes)]
            )
        }
    }
}
