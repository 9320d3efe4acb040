import Foundation
import Testing
import ZKSQLite

@Suite("SQLiteDatabase")
struct SQLiteDatabaseTests {
    /// A fresh database file in its own temporary directory.
    private func withDatabase<R>(
        options: SQLiteDatabase.Options = .init(),
        _ body: (SQLiteDatabase, String) throws -> R
    ) throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zksqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.sqlite").path
        return try body(try SQLiteDatabase(path: path, options: options), path)
    }

    @Test("close ends the connection now: every later call is MISUSE; close twice is harmless")
    func close() throws {
        try withDatabase { database, path in
            try database.execute("CREATE TABLE t(x)")
            #expect(!database.isClosed)
            database.close()
            database.close()
            #expect(database.isClosed)
            let error = #expect(throws: SQLiteError.self) { try database.execute("INSERT INTO t VALUES (1)") }
            #expect(error?.code == .misuse)
            #expect(throws: SQLiteError.self) { try database.transaction { _ in 1 } }
            #expect(throws: SQLiteError.self) { try database.withConnection { _ in 1 } }
            let reopened = try SQLiteDatabase(path: path)
            #expect(try reopened.queryFirst("SELECT count(*) FROM t") { $0.int(0) } == 0)
        }
    }

    @Test("opens in WAL mode with synchronous=FULL")
    func pragmas() throws {
        try withDatabase { database, path in
            #expect(try database.queryFirst("PRAGMA journal_mode") { $0.text(0) } == "wal")
            #expect(try database.queryFirst("PRAGMA synchronous") { $0.int(0) } == 2)  // FULL
            #expect(try database.queryFirst("PRAGMA foreign_keys") { $0.int(0) } == 1)
            try database.execute("CREATE TABLE t(x)")
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test("binds and reads every value type")
    func roundTrip() throws {
        try withDatabase { database, _ in
            try database.execute("CREATE TABLE t(i INTEGER, b BLOB, s TEXT, n)")
            let blob: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let text = "ZK-FaaS ✓ \u{0}inner"
            try database.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [.integer(.min), .blob(blob), .text(text), nil])
            try database.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [.integer(.max), .blob([]), "", .null])
            struct Row: Sendable, Equatable {
                var integer: Int64
                var blob: [UInt8]?
                var text: String?
                var null: Bool
            }
            let rows = try database.query("SELECT i, b, s, n FROM t ORDER BY rowid") {
                Row(integer: $0.int64(0), blob: $0.optionalBlob(1), text: $0.optionalText(2), null: $0.isNull(3))
            }
            #expect(
                rows == [
                    Row(integer: .min, blob: blob, text: text, null: true),
                    Row(integer: .max, blob: [], text: "", null: true),
                ])
            #expect(
                try database.queryFirst("SELECT typeof(b) FROM t WHERE i = ?", [.integer(.max)]) { $0.text(0) }
                    == "blob")
            #expect(try database.queryFirst("SELECT i FROM t WHERE i = 42") { $0.int64(0) } == nil)
        }
    }

    @Test("transaction commits, rolls back on throw, and nests with savepoints")
    func transactions() throws {
        struct Abort: Error {}
        try withDatabase { database, _ in
            try database.execute("CREATE TABLE t(x INTEGER PRIMARY KEY)")
            try database.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (1)")
                let inTransaction = connection.isInTransaction
                #expect(inTransaction)
            }
            #expect(throws: Abort.self) {
                try database.transaction { connection in
                    try connection.execute("INSERT INTO t VALUES (2)")
                    throw Abort()
                }
            }
            try database.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (3)")
                try? connection.transaction { inner in
                    try inner.execute("INSERT INTO t VALUES (4)")
                    throw Abort()
                }
                try connection.transaction { inner in try inner.execute("INSERT INTO t VALUES (5)") }
            }
            #expect(try database.query("SELECT x FROM t ORDER BY x") { $0.int(0) } == [1, 3, 5])
        }
    }

    @Test("errors carry SQLite's result code")
    func errorCodes() throws {
        try withDatabase { database, _ in
            try database.execute("CREATE TABLE t(x INTEGER PRIMARY KEY)")
            try database.execute("INSERT INTO t VALUES (1)")
            let duplicate = #expect(throws: SQLiteError.self) { try database.execute("INSERT INTO t VALUES (1)") }
            #expect(duplicate?.code == .constraint)
            #expect(duplicate?.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
            let syntax = #expect(throws: SQLiteError.self) { try database.execute("SELEC 1") }
            #expect(syntax?.code == .error)
            #expect(syntax?.sql == "SELEC 1")
            let arity = #expect(throws: SQLiteError.self) { try database.execute("INSERT INTO t VALUES (?)") }
            #expect(arity?.code == .range)
        }
    }

    @Test("a second writer times out with SQLITE_BUSY")
    func busy() throws {
        try withDatabase(options: .init(busyTimeoutMilliseconds: 50)) { database, path in
            try database.execute("CREATE TABLE t(x)")
            let other = try SQLiteDatabase(path: path, options: .init(busyTimeoutMilliseconds: 50))
            try other.withConnection { connection in try connection.execute("BEGIN IMMEDIATE") }
            let error = #expect(throws: SQLiteError.self) {
                try database.transaction { connection in try connection.execute("INSERT INTO t VALUES (1)") }
            }
            #expect(error?.code == .busy)
            try other.withConnection { connection in try connection.execute("ROLLBACK") }
            try database.transaction { connection in try connection.execute("INSERT INTO t VALUES (1)") }
        }
    }

    @Test("concurrent tasks are serialised")
    func concurrentWriters() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zksqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("test.sqlite").path
        let database = try SQLiteDatabase(path: path)
        try database.execute("CREATE TABLE t(task INTEGER, n INTEGER, PRIMARY KEY(task, n))")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    try database.transaction { connection in
                        for n in 0..<50 {
                            try connection.execute("INSERT INTO t VALUES (?, ?)", [.int(task), .int(n)])
                        }
                    }
                    _ = try database.query("SELECT count(*) FROM t") { $0.int(0) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try database.queryFirst("SELECT count(*) FROM t") { $0.int(0) } == 400)

        // Committed data is visible to a fresh connection.
        let reopened = try SQLiteDatabase(path: path, options: .init(readOnly: true))
        #expect(try reopened.queryFirst("SELECT count(DISTINCT task) FROM t") { $0.int(0) } == 8)
    }

    @Test("statement cache evicts beyond its capacity and keeps working")
    func statementCache() throws {
        try withDatabase(options: .init(statementCacheCapacity: 2)) { database, _ in
            try database.execute("CREATE TABLE t(x)")
            for round in 0..<3 {
                for value in 0..<5 {
                    try database.execute("INSERT INTO t VALUES (? + \(value))", [.int(round * 10)])
                }
            }
            #expect(try database.queryFirst("SELECT sum(x) FROM t") { $0.int(0) } == (0 + 10 + 20) * 5 + 3 * 10)
        }
    }
}
