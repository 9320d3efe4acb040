/// An error raised by ``RedisClient`` or ``RedisConfiguration``, carrying a stable ``Code``.
///
/// Match on ``code``; ``message`` is for humans and logs (for ``Code/serverError`` it is the server's error line,
/// e.g. `WRONGTYPE Operation against a key holding the wrong kind of value`, whose first word is available as
/// ``serverErrorPrefix``).
///
/// ```swift
/// do {
///     _ = try client.get(key: key)
/// } catch let error where error.code == .timeout {
///     // treat the L3 cache as a miss
/// }
/// ```
public struct RedisError: Error, Sendable, Hashable {
    /// What went wrong, as a stable code.
    public var code: Code

    /// A description of the failure; not stable, do not match on it.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The first word of a server error line (`ERR`, `WRONGTYPE`, `NOSCRIPT`, `WRONGPASS`, ...), or `nil` when
    /// ``code`` is not ``Code/serverError`` or ``Code/authenticationFailed``.
    public var serverErrorPrefix: String? {
        guard code == .serverError || code == .authenticationFailed else { return nil }
        return message.split(separator: " ", maxSplits: 1).first.map(String.init)
    }
}

extension RedisError: CustomStringConvertible {
    public var description: String { "RedisError(\(code)): \(message)" }
}
