extension RedisClient {
    /// Deletes `KEYS[1]` only while it still holds `ARGV[1]`. Lua compares strings byte for byte.
    private static let compareAndDeleteScript = name(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end
        """
    )

    /// Sets `KEYS[1]` to expire after `ARGV[2]` milliseconds only while it still holds `ARGV[1]`.
    private static let compareAndExpireScript = name(
        """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end
        """
    )

    /// Deletes `key` only if its value is still `expected`, atomically (one `EVAL`).
    ///
    /// Releases a lease taken with ``setIfAbsent(key:value:expireMilliseconds:)`` using a unique owner token as the
    /// value: if the lease expired and someone else took it, their lease is left alone.
    ///
    /// - Returns: `true` when the key held `expected` and was deleted.
    public func compareAndDelete(key: [UInt8], expected: [UInt8]) throws(RedisError) -> Bool {
        let arguments = [Self.name("EVAL"), Self.compareAndDeleteScript, Self.name("1"), key, expected]
        return try integerCommand(arguments, name: "EVAL compareAndDelete") == 1
    }

    /// Sets `key` to expire after `milliseconds` only if its value is still `expected`, atomically (one `EVAL`).
    ///
    /// Refreshes a lease only while the caller still owns it.
    ///
    /// - Returns: `true` when the key held `expected` and its expiry was set.
    public func compareAndExpire(key: [UInt8], expected: [UInt8], milliseconds: Int) throws(RedisError) -> Bool {
        let arguments = [
            Self.name("EVAL"), Self.compareAndExpireScript, Self.name("1"), key, expected, Self.decimal(milliseconds),
        ]
        return try integerCommand(arguments, name: "EVAL compareAndExpire") == 1
    }
}
