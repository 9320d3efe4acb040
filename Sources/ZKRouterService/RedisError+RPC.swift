public import ZKRPC
public import ZKRedis

extension RedisError: RPCErrorConvertible {
    /// How a failure of the shared tier reaches callers: the router cannot coordinate with its replicas right now, so
    /// the call may be retried (UNAVAILABLE with a retry hint). The server's own words are not sent: they may name
    /// keys.
    public var rpcError: RPCError {
        RPCError(
            code: .unavailable,
            message: "the shared proof cache (Redis) is unavailable: \(code)",
            details: [RPCError.retryAfterKey: "1000"]
        )
    }
}
