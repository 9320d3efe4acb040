internal import CSQLite
internal import Synchronization

/// A thread-safe SQLite database: one connection, serialised by a mutex, tuned for durable writes.
///
/// Opening applies, in order: `journal_mode=WAL` (readers don't block the writer), `synchronous=FULL` (a committed
/// transaction is fsynced before `COMMIT` returns, so it survives `kill -9` and power loss), `foreign_keys=ON` and
/// the configured busy timeout. Statements are prepared once and cached by SQL text.
///
/// Every call takes the connection's lock for its duration, so calls from many tasks are safe but run one at a time.
/// Run several statements atomically with ``transaction(_:)`` (`BEGIN IMMEDIATE`), or without a transaction but
/// under one lock acquisition with ``withConnection(_:)``. All calls block the calling thread on disk I/O.
///
/// ```swift
/// let database = try SQLiteDatabase(path: "/var/lib/zkfaas/index.sqlite")
/// try database.executeScript("CREATE TABLE IF NOT EXISTS kv(k BLOB PRIMARY KEY, v BLOB NOT NULL)")
/// try database.transaction { connection in
///     try connection.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", [.blob(key), .blob(value)])
/// }
/// let value = try database.queryFirst("SELECT v FROM kv WHERE k = ?", [.blob(key)]) { $0.blob(0) }
/// ```
public final class SQLiteDatabase: Sendable {
    /// Connection settings.
    public struct Options: Sendable {
        /// How long a statement waits for another process's lock before failing with ``SQLiteError/Code/busy``.
        /// Default 5000 ms.
        public var busyTimeoutMilliseconds: Int32
        /// How many prepared statements to keep. Default 64.
        public var statementCacheCapacity: Int
        /// Open read-only (the file must exist). Default `false`.
        public var readOnly: Bool

        /// Creates options; every parameter has the documented default.
        public init(busyTimeoutMilliseconds: Int32 = 5000, statementCacheCapacity: Int = 64, readOnly: Bool = false) {
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.statementCacheCapacity = max(1, statementCacheCapacity)
            self.readOnly = readOnly
        }
    }

    /// The open connection; `nil` once ``close()`` has run.
    private let connection: Mutex<SQLiteConnection?>

    /// The path the database was opened at.
    public let path: String

    /// Opens (creating if needed, unless read-only) the database at `path`.
    ///
    /// - Parameters:
    ///   - path: File path; `":memory:"` opens a private in-memory database (WAL is then not applicable).
    ///   - options: Connection settings.
    /// - Throws: ``SQLiteError`` (typically ``SQLiteError/Code/cannotOpen`` or ``SQLiteError/Code/notADatabase``) if
    ///   the file cannot be opened or the pragmas cannot be applied.
    public init(path: String, options: Options = Options()) throws(SQLiteError) {
        self.path = path
        var handle: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= options.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let result = sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(result))
            if let handle { sqlite3_close_v2(handle) }
            throw SQLiteError(resultCode: result, message: "cannot open \(path): \(message)")
        }
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, options.busyTimeoutMilliseconds)
        var connection = SQLiteConnection(handle: handle, statementCacheCapacity: options.statementCacheCapacity)
        if !options.readOnly && path != ":memory:" && !path.isEmpty {
            let mode = try connection.queryFirst("PRAGMA journal_mode=WAL") { $0.text(0) }
            guard mode?.lowercased() == "wal" else {
                throw SQLiteError(code: .error, message: "cannot enable WAL on \(path) (journal_mode=\(mode ?? "?"))")
            }
        }
        try connection.execute("PRAGMA synchronous=FULL")
        try connection.execute("PRAGMA foreign_keys=ON")
        self.connection = Mutex(.some(connection))
    }

    /// Finalizes the cached statements and closes the connection now, instead of when the last reference goes.
    ///
    /// Idempotent. Every later call throws ``SQLiteError`` with ``SQLiteError/Code/misuse``.
    public func close() {
        let closing = connection.withLock { (connection: inout sending SQLiteConnection?) -> SQLiteConnection? in
            connection.take()
        }
        _ = consume closing
    }

    /// Whether ``close()`` has run.
    public var isClosed: Bool {
        connection.withLock { (connection: inout sending SQLiteConnection?) -> Bool in connection == nil }
    }

    private static var closedError: SQLiteError {
        SQLiteError(code: .misuse, message: "the database is closed")
    }

    /// Runs one SQL statement to completion under the lock. See ``SQLiteConnection/execute(_:_:)``.
    ///
    /// - Throws: ``SQLiteError``.
    public func execute(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) {
        try connection.withLock { (connection: inout sending SQLiteConnection?) throws(SQLiteError) in
            guard connection != nil else { throw Self.closedError }
            try connection!.execute(sql, bindings)
        }
    }

    /// Runs several `;`-separated statements (no parameters), e.g. a schema. See
    /// ``SQLiteConnection/executeScript(_:)``.
    ///
    /// - Throws: ``SQLiteError``.
    public func executeScript(_ sql: String) throws(SQLiteError) {
        try connection.withLock { (connection: inout sending SQLiteConnection?) throws(SQLiteError) in
            guard connection != nil else { throw Self.closedError }
            try connection!.executeScript(sql)
        }
    }

    /// Runs a query under the lock and maps every row. See ``SQLiteConnection/query(_:_:_:)``.
    ///
    /// - Throws: ``SQLiteError``.
    public func query<T: Sendable>(
        _ sql: String,
        _ bindings: [SQLiteValue] = [],
        _ row: (SQLiteRow) throws(SQLiteError) -> T
    ) throws(SQLiteError) -> [T] {
        try connection.withLock { (connection: inout sending SQLiteConnection?) throws(SQLiteError) -> [T] in
            guard connection != nil else { throw Self.closedError }
            return try connection!.query(sql, bindings, row)
        }
    }

    /// Runs a query under the lock and maps its first row, if any. See ``SQLiteConnection/queryFirst(_:_:_:)``.
    ///
    /// - Throws: ``SQLiteError``.
    public func queryFirst<T: Sendable>(
        _ sql: String,
        _ bindings: [SQLiteValue] = [],
        _ row: (SQLiteRow) throws(SQLiteError) -> T
    ) throws(SQLiteError) -> T? {
        try connection.withLock { (connection: inout sending SQLiteConnection?) throws(SQLiteError) -> T? in
            guard connection != nil else { throw Self.closedError }
            return try connection!.queryFirst(sql, bindings, row)
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction under the lock; commits if it returns, rolls back if it throws.
    ///
    /// Once this returns, the transaction is durable (`synchronous=FULL`).
    ///
    /// - Parameter body: Work to run on the locked connection. Don't call back into this ``SQLiteDatabase`` from it
    ///   (the lock is not reentrant); use the connection it receives.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw, or ``SQLiteError`` if begin or commit failed.
    public func transaction<R: Sendable>(_ body: (inout SQLiteConnection) throws -> R) throws -> R {
        try connection.withLock { (connection: inout sending SQLiteConnection?) throws -> R in
            guard connection != nil else { throw Self.closedError }
            return try connection!.transaction(body)
        }
    }

    /// Runs `body` with the locked connection, outside any transaction (each statement autocommits).
    ///
    /// - Parameter body: Work to run. Don't call back into this ``SQLiteDatabase`` from it.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw, or ``SQLiteError`` with ``SQLiteError/Code/misuse`` after ``close()``.
    public func withConnection<R: Sendable>(
        _ body: (inout SQLiteConnection) throws -> R
    ) throws -> R {
        try connection.withLock { (connection: inout sending SQLiteConnection?) throws -> R in
            guard connection != nil else { throw Self.closedError }
            return try body(&connection!)
        }
    }
}
