internal import CSQLite

/// One open SQLite connection: owns the `sqlite3` handle and a cache of prepared statements.
///
/// A connection is not thread-safe and is non-copyable; you normally never hold one directly. ``SQLiteDatabase``
/// owns it behind a mutex and lends it out (`inout`) to ``SQLiteDatabase/withConnection(_:)`` and
/// ``SQLiteDatabase/transaction(_:)`` closures, so several statements can run without re-taking the lock.
///
/// It is `@unchecked Sendable` because it is non-copyable: exactly one owner exists, so moving it to another thread
/// never shares the handle (SQLite is opened in multi-thread mode, which allows that but not concurrent use).
public struct SQLiteConnection: ~Copyable, @unchecked Sendable {
    let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    private let statementCacheCapacity: Int
    private var transactionDepth = 0

    init(handle: OpaquePointer, statementCacheCapacity: Int) {
        self.handle = handle
        self.statementCacheCapacity = statementCacheCapacity
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Rows changed by the most recent `INSERT`, `UPDATE` or `DELETE`.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Rowid of the most recent successful `INSERT` into a rowid table.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a ``transaction(_:)`` is in progress on this connection.
    public var isInTransaction: Bool { transactionDepth > 0 }

    /// Runs one SQL statement to completion, discarding any result rows.
    ///
    /// The statement is prepared once and cached by its text, so use parameters (`?`) rather than interpolation.
    ///
    /// - Parameters:
    ///   - sql: Exactly one SQL statement.
    ///   - bindings: Values for the `?` parameters, in order.
    /// - Throws: ``SQLiteError`` with SQLite's result code if preparing, binding or stepping fails.
    public mutating func execute(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) {
        let handle = self.handle
        return try withStatement(sql, bindings) { statement throws(SQLiteError) in
            while try Self.step(statement, handle: handle, sql: sql) {}
        }
    }

    /// Runs a query and maps every result row.
    ///
    /// - Parameters:
    ///   - sql: Exactly one SQL statement.
    ///   - bindings: Values for the `?` parameters, in order.
    ///   - row: Maps the current row; the ``SQLiteRow`` is only valid during the call.
    /// - Returns: The mapped rows, in result order.
    /// - Throws: ``SQLiteError`` from SQLite or from `row`.
    public mutating func query<T>(
        _ sql: String,
        _ bindings: [SQLiteValue] = [],
        _ row: (SQLiteRow) throws(SQLiteError) -> T
    ) throws(SQLiteError) -> [T] {
        let handle = self.handle
        return try withStatement(sql, bindings) { statement throws(SQLiteError) in
            var rows: [T] = []
            while try Self.step(statement, handle: handle, sql: sql) {
                rows.append(try row(SQLiteRow(statement: statement)))
            }
            return rows
        }
    }

    /// Runs a query and maps its first result row, or returns `nil` if there is none.
    ///
    /// - Throws: ``SQLiteError`` from SQLite or from `row`.
    public mutating func queryFirst<T>(
        _ sql: String,
        _ bindings: [SQLiteValue] = [],
        _ row: (SQLiteRow) throws(SQLiteError) -> T
    ) throws(SQLiteError) -> T? {
        let handle = self.handle
        return try withStatement(sql, bindings) { statement throws(SQLiteError) in
            guard try Self.step(statement, handle: handle, sql: sql) else { return nil }
            return try row(SQLiteRow(statement: statement))
        }
    }

    /// Runs several `;`-separated statements without parameters or caching (`sqlite3_exec`), e.g. a schema.
    ///
    /// - Throws: ``SQLiteError`` for the first failing statement.
    public mutating func executeScript(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard result == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(resultCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Runs `body` inside a transaction and commits it, or rolls back if `body` throws.
    ///
    /// The outermost call uses `BEGIN IMMEDIATE`, taking the write lock up front so the transaction cannot fail
    /// half-way with `SQLITE_BUSY` on lock upgrade; nested calls use savepoints.
    ///
    /// - Parameter body: Work to run; receives this connection.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw (after rolling back), or ``SQLiteError`` if begin/commit fails.
    public mutating func transaction<R>(_ body: (inout SQLiteConnection) throws -> R) throws -> R {
        let depth = transactionDepth
        let savepoint = "zk_sp_\(depth)"
        try execute(depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT \(savepoint)")
        transactionDepth += 1
        let result: R
        do {
            result = try body(&self)
        } catch {
            transactionDepth = depth
            if depth == 0 {
                try? execute("ROLLBACK")
            } else {
                try? execute("ROLLBACK TO \(savepoint)")
                try? execute("RELEASE \(savepoint)")
            }
            throw error
        }
        do {
            try execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
        } catch {
            transactionDepth = depth
            if depth == 0, sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
        transactionDepth = depth
        return result
    }

    // MARK: - Statements

    private var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    private func error(_ sql: String?) -> SQLiteError {
        SQLiteError(resultCode: sqlite3_extended_errcode(handle), message: lastErrorMessage, sql: sql)
    }

    private mutating func withStatement<R>(
        _ sql: String,
        _ bindings: [SQLiteValue],
        _ body: (OpaquePointer) throws(SQLiteError) -> R
    ) throws(SQLiteError) -> R {
        let statement = try cachedStatement(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try bind(bindings, to: statement, sql: sql)
        return try body(statement)
    }

    private mutating func cachedStatement(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let flags = UInt32(SQLITE_PREPARE_PERSISTENT)
        let result = sqlite3_prepare_v3(handle, sql, -1, flags, &statement, nil)
        guard result == SQLITE_OK, let statement else {
            if let statement { sqlite3_finalize(statement) }
            throw error(sql)
        }
        if statements.count >= statementCacheCapacity, let victim = statements.first {
            sqlite3_finalize(victim.value)
            statements.removeValue(forKey: victim.key)
        }
        statements[sql] = statement
        return statement
    }

    private func bind(_ bindings: [SQLiteValue], to statement: OpaquePointer, sql: String) throws(SQLiteError) {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == bindings.count else {
            throw SQLiteError(
                code: .range,
                message: "statement has \(expected) parameters but \(bindings.count) values were bound",
                sql: sql
            )
        }
        for (offset, value) in bindings.enumerated() {
            let index = Int32(offset + 1)
            let result: Int32
            switch value {
            case .integer(let integer):
                result = sqlite3_bind_int64(statement, index, integer)
            case .blob(let bytes):
                if bytes.isEmpty {
                    result = sqlite3_bind_zeroblob(statement, index, 0)
                } else {
                    result = bytes.withUnsafeBytes { buffer in
                        sqlite3_bind_blob(
                            statement, index, buffer.baseAddress, Int32(buffer.count), zk_sqlite_transient())
                    }
                }
            case .text(let text):
                let length = Int32(text.utf8.count)
                result = text.withCString { chars in
                    sqlite3_bind_text(statement, index, chars, length, zk_sqlite_transient())
                }
            case .null:
                result = sqlite3_bind_null(statement, index)
            }
            guard result == SQLITE_OK else { throw error(sql) }
        }
    }

    /// Steps once; `true` if a row is available, `false` when done.
    private static func step(_ statement: OpaquePointer, handle: OpaquePointer, sql: String) throws(SQLiteError) -> Bool
    {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            throw SQLiteError(
                resultCode: sqlite3_extended_errcode(handle),
                message: String(cString: sqlite3_errmsg(handle)),
                sql: sql
            )
        }
    }
}
