/// A value bound to an SQL parameter.
///
/// Parameters are positional (`?`) and bound in order. Literals work directly:
/// `try database.execute("INSERT INTO t VALUES (?, ?, ?)", [1, "name", nil])`.
public enum SQLiteValue: Sendable, Hashable {
    /// A 64-bit signed integer (`sqlite3_bind_int64`).
    case integer(Int64)
    /// A blob (`sqlite3_bind_blob`; an empty array binds a zero-length blob, not `NULL`).
    case blob([UInt8])
    /// UTF-8 text (`sqlite3_bind_text`).
    case text(String)
    /// SQL `NULL`.
    case null
}

extension SQLiteValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLiteValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLiteValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension SQLiteValue {
    /// An integer parameter from any integer type (traps if it does not fit in `Int64`).
    public static func int<I: BinaryInteger>(_ value: I) -> SQLiteValue { .integer(Int64(value)) }

    /// A blob parameter, or `NULL` when `bytes` is `nil`.
    public static func optionalBlob(_ bytes: [UInt8]?) -> SQLiteValue { bytes.map { .blob($0) } ?? .null }
}
