internal import CSQLite

/// The current result row of a query, read by zero-based column index.
///
/// A row is a view over a prepared statement: it is only valid inside the closure it was passed to, and must not be
/// stored or used afterwards. Readers follow SQLite's type conversions (`sqlite3_column_*`): reading a `NULL`
/// column as an integer gives 0, as a blob gives `[]`; use ``isNull(_:)`` or the optional readers to tell them apart.
public struct SQLiteRow {
    @usableFromInline let statement: OpaquePointer

    init(statement: OpaquePointer) { self.statement = statement }

    /// Number of columns in the result.
    public var columnCount: Int { Int(sqlite3_column_count(statement)) }

    /// Whether the column is SQL `NULL`.
    public func isNull(_ column: Int) -> Bool {
        sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL
    }

    /// The column as a 64-bit integer.
    public func int64(_ column: Int) -> Int64 {
        sqlite3_column_int64(statement, Int32(column))
    }

    /// The column as an `Int`.
    public func int(_ column: Int) -> Int {
        Int(truncatingIfNeeded: sqlite3_column_int64(statement, Int32(column)))
    }

    /// The column as bytes (a copy).
    public func blob(_ column: Int) -> [UInt8] {
        let index = Int32(column)
        guard let pointer = sqlite3_column_blob(statement, index) else { return [] }
        let count = Int(sqlite3_column_bytes(statement, index))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// The column as UTF-8 text.
    public func text(_ column: Int) -> String {
        let index = Int32(column)
        guard let pointer = sqlite3_column_text(statement, index) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column as an integer, or `nil` if it is `NULL`.
    public func optionalInt64(_ column: Int) -> Int64? { isNull(column) ? nil : int64(column) }

    /// The column as bytes, or `nil` if it is `NULL`.
    public func optionalBlob(_ column: Int) -> [UInt8]? { isNull(column) ? nil : blob(column) }

    /// The column as text, or `nil` if it is `NULL`.
    public func optionalText(_ column: Int) -> String? { isNull(column) ? nil : text(column) }
}
