internal import ZKFileSystem
internal import ZKSQLite

extension BlobStore {
    /// Brings the directory and the index back into agreement after a crash; see ``init(configuration:)``.
    static func recover(
        index: SQLiteDatabase,
        temporaryDirectory: String,
        blobsDirectory: String,
        fileSystem: any FileSystem
    ) throws(BlobStoreError) -> (RecoveryReport, [IntegrityFailure], State) {
        var report = RecoveryReport()
        for name in try BlobFiles.list(temporaryDirectory) {
            BlobFiles.remove(temporaryDirectory + "/" + name, fileSystem)
            report.temporaryFilesRemoved += 1
        }

        struct IndexedRow: Sendable {
            var generation: Int64
            var size: Int
            var seen = false
        }
        var rows: [BlobKey: IndexedRow] = [:]
        do {
            for (keyBytes, generation, size) in try index.query(
                "SELECT key, generation, size FROM blobs", [],
                {
                    ($0.blob(0), $0.int64(1), $0.int(2))
                })
            {
                if let key = BlobKey(bytes: keyBytes) {
                    rows[key] = IndexedRow(generation: generation, size: size)
                }
            }
        } catch {
            throw indexFailure("read on open", error)
        }

        var failures: [IntegrityFailure] = []
        var maxGeneration: Int64 = 0
        for byte in 0..<256 {
            let directory = blobsDirectory + "/" + fanOut(UInt8(byte))
            for name in try BlobFiles.list(directory) {
                let path = directory + "/" + name
                guard let (key, generation) = parseFileName(name), let row = rows[key], row.generation == generation
                else {
                    BlobFiles.remove(path, fileSystem)
                    report.orphanFilesRemoved += 1
                    continue
                }
                maxGeneration = max(maxGeneration, generation)
                if try BlobFiles.size(path) == row.size {
                    rows[key]?.seen = true
                } else {
                    BlobFiles.remove(path, fileSystem)
                    failures.append(IntegrityFailure(key: key, reason: .sizeMismatch, duringOpen: true))
                }
            }
        }
        for (key, row) in rows where !row.seen && !failures.contains(where: { $0.key == key }) {
            failures.append(IntegrityFailure(key: key, reason: .missingFile, duringOpen: true))
        }

        let dropped = failures.map(\.key)
        var state = State()
        do {
            let totals = try index.transaction { connection throws -> (Int, Int, Int64) in
                for key in dropped {
                    try connection.execute("DELETE FROM blobs WHERE key = ?", [.blob(key.bytes)])
                }
                return try connection.queryFirst("SELECT count(*), total(size), max(generation) FROM blobs") {
                    ($0.int(0), $0.int(1), $0.int64(2))
                } ?? (0, 0, 0)
            }
            state.stats.count = totals.0
            state.stats.bytes = totals.1
            state.nextGeneration = max(maxGeneration, totals.2) + 1
        } catch {
            throw indexFailure("repair on open", error)
        }
        report.rowsDropped = dropped.count
        state.stats.integrityFailures = UInt64(dropped.count)
        return (report, failures, state)
    }
}
