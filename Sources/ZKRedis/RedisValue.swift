/// One RESP2 reply from the server, as returned by ``RedisClient/command(_:)``.
///
/// Error replies are values here (``error(_:)``), not thrown: the raw command API reports what the server said.
/// The typed commands (``RedisClient/get(key:)`` and friends) turn error replies into ``RedisError`` with
/// ``RedisError/Code/serverError``.
public enum RedisValue: Sendable, Hashable {
    /// A bulk string; binary-safe.
    case bytes([UInt8])
    /// An integer reply.
    case integer(Int)
    /// A multi-bulk reply; elements may be any value, including ``null``.
    case array([RedisValue])
    /// A nil bulk string or nil multi-bulk (for example `GET` of a missing key).
    case null
    /// A simple status reply such as `OK` or `PONG`.
    case status(String)
    /// An error reply such as `ERR unknown command`; the whole line without the leading `-`.
    case error(String)
}

extension RedisValue {
    /// The bytes of a bulk string, or `nil` for any other value.
    public var bytes: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }

    /// The integer of an integer reply, or `nil` for any other value.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The elements of an array reply, or `nil` for any other value.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is ``null``.
    public var isNull: Bool { self == .null }
}
