/// An error reported by SQLite (or by ``SQLiteDatabase`` misuse), carrying SQLite's result code.
///
/// ``code`` is SQLite's primary result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, ...) and ``extendedCode`` the
/// extended one (`SQLITE_CONSTRAINT_PRIMARYKEY`, ...); both are stable numbers defined by SQLite and safe to log or
/// send.
///
/// ```swift
/// do {
///     try database.execute("INSERT INTO t(k) VALUES (?)", [.integer(1)])
/// } catch let error where error.code == .constraint {
///     // duplicate key
/// }
/// ```
public struct SQLiteError: Error, Sendable, Hashable {
    /// SQLite's primary result code.
    public var code: Code

    /// SQLite's extended result code (equal to the primary code when SQLite reported no extended code).
    public var extendedCode: Int32

    /// SQLite's message (`sqlite3_errmsg`) or a description of the misuse; not stable, do not match on it.
    public var message: String

    /// The SQL text being executed, if any.
    public var sql: String?

    /// Creates an error.
    public init(code: Code, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code.rawValue
        self.message = message
        self.sql = sql
    }

    /// Creates an error from an SQLite (possibly extended) result code.
    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.init(code: Code(rawValue: resultCode & 0xff), extendedCode: resultCode, message: message, sql: sql)
    }
}

extension SQLiteError: CustomStringConvertible {
    public var description: String {
        var text = "SQLiteError(\(code), extended \(extendedCode)): \(message)"
        if let sql { text += " [sql: \(sql)]" }
        return text
    }
}
