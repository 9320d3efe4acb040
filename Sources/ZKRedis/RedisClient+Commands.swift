extension RedisClient {
    /// Returns the value stored at `key`, or `nil` when the key does not exist (`GET`).
    ///
    /// - Throws: ``RedisError``; ``RedisError/Code/serverError`` when the key holds a non-string value.
    public func get(key: [UInt8]) throws(RedisError) -> [UInt8]? {
        switch try checkedCommand([Self.name("GET"), key]) {
        case .bytes(let value): return value
        case .null: return nil
        case let other: throw Self.unexpected(other, for: "GET")
        }
    }

    /// Stores `value` at `key`, replacing any value, optionally expiring after `expireMilliseconds` (`SET [PX]`).
    ///
    /// - Throws: ``RedisError``; ``RedisError/Code/serverError`` for a non-positive expiry.
    public func set(key: [UInt8], value: [UInt8], expireMilliseconds: Int? = nil) throws(RedisError) {
        var arguments = [Self.name("SET"), key, value]
        if let expireMilliseconds { arguments += [Self.name("PX"), Self.decimal(expireMilliseconds)] }
        let reply = try checkedCommand(arguments)
        guard reply == .status("OK") else { throw Self.unexpected(reply, for: "SET") }
    }

    /// Stores `value` at `key` only if the key does not exist (`SET NX [PX]`); the building block of a lease.
    ///
    /// - Returns: `true` when the value was stored, `false` when the key already existed.
    public func setIfAbsent(key: [UInt8], value: [UInt8], expireMilliseconds: Int? = nil) throws(RedisError) -> Bool {
        var arguments = [Self.name("SET"), key, value, Self.name("NX")]
        if let expireMilliseconds { arguments += [Self.name("PX"), Self.decimal(expireMilliseconds)] }
        switch try checkedCommand(arguments) {
        case .status("OK"): return true
        case .null: return false
        case let other: throw Self.unexpected(other, for: "SET NX")
        }
    }

    /// Deletes `keys` (`DEL`) and returns how many existed.
    public func delete(_ keys: [UInt8]...) throws(RedisError) -> Int {
        try delete(keys: keys)
    }

    /// Deletes `keys` (`DEL`) and returns how many existed. An empty list sends nothing and returns 0.
    public func delete(keys: [[UInt8]]) throws(RedisError) -> Int {
        guard !keys.isEmpty else { return 0 }
        return try integerCommand([Self.name("DEL")] + keys, name: "DEL")
    }

    /// Sets `key` to expire after `milliseconds` (`PEXPIRE`).
    ///
    /// - Returns: `true` when the key exists and the expiry was set.
    public func pexpire(key: [UInt8], milliseconds: Int) throws(RedisError) -> Bool {
        try integerCommand([Self.name("PEXPIRE"), key, Self.decimal(milliseconds)], name: "PEXPIRE") == 1
    }

    /// The remaining time to live of `key` in milliseconds (`PTTL`): -2 when the key does not exist, -1 when it has
    /// no expiry.
    public func pttl(key: [UInt8]) throws(RedisError) -> Int {
        try integerCommand([Self.name("PTTL"), key], name: "PTTL")
    }

    /// Checks that the server answers (`PING`).
    ///
    /// - Throws: ``RedisError`` when it does not answer `PONG`.
    public func ping() throws(RedisError) {
        let reply = try checkedCommand([Self.name("PING")])
        guard reply == .status("PONG") else { throw Self.unexpected(reply, for: "PING") }
    }

    /// The number of keys in the selected database (`DBSIZE`).
    public func dbSize() throws(RedisError) -> Int {
        try integerCommand([Self.name("DBSIZE")], name: "DBSIZE")
    }

    /// All keys matching the glob `pattern`, found with `SCAN` (not `KEYS`, which blocks the server).
    ///
    /// Meant for tests and maintenance; the result has no duplicates and no particular order. Keys written or
    /// deleted during the scan may or may not be included.
    public func keys(matching pattern: [UInt8]) throws(RedisError) -> [[UInt8]] {
        var cursor = Self.name("0")
        var seen = Set<[UInt8]>()
        var result: [[UInt8]] = []
        repeat {
            let reply = try checkedCommand([
                Self.name("SCAN"), cursor, Self.name("MATCH"), pattern, Self.name("COUNT"), Self.name("1000"),
            ])
            guard case .array(let parts) = reply, parts.count == 2, case .bytes(let next) = parts[0],
                case .array(let batch) = parts[1]
            else {
                throw Self.unexpected(reply, for: "SCAN")
            }
            for case .bytes(let key) in batch where seen.insert(key).inserted {
                result.append(key)
            }
            cursor = next
        } while cursor != Self.name("0")
        return result
    }

    // MARK: Helpers shared by the typed commands.

    /// Runs a command and turns an error reply into a thrown ``RedisError``.
    func checkedCommand(_ arguments: [[UInt8]]) throws(RedisError) -> RedisValue {
        let reply = try command(arguments)
        if case .error(let line) = reply {
            let isAuthentication = line.hasPrefix("NOAUTH") || line.hasPrefix("WRONGPASS")
            throw RedisError(code: isAuthentication ? .authenticationFailed : .serverError, message: line)
        }
        return reply
    }

    func integerCommand(_ arguments: [[UInt8]], name: String) throws(RedisError) -> Int {
        let reply = try checkedCommand(arguments)
        guard case .integer(let value) = reply else { throw Self.unexpected(reply, for: name) }
        return value
    }

    static func unexpected(_ reply: RedisValue, for command: String) -> RedisError {
        RedisError(code: .protocolError, message: "unexpected reply to \(command): \(reply.kind)")
    }

    static func name(_ text: StaticString) -> [UInt8] {
        Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    static func decimal(_ value: Int) -> [UInt8] {
        Array(String(value).utf8)
    }
}

extension RedisValue {
    /// The case name, for error messages (never the payload, which may be large or secret).
    fileprivate var kind: String {
        switch self {
        case .bytes(let bytes): "bulk string of \(bytes.count) bytes"
        case .integer: "integer"
        case .array(let elements): "array of \(elements.count)"
        case .null: "nil"
        case .status: "status"
        case .error: "error"
        }
    }
}
