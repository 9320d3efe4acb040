import Testing
import ZKRPC
import ZKRedis

@testable import ZKRouterService

@Suite("Redis failures as RPC errors")
struct RedisErrorMappingTests {
    @Test("a Redis outage is UNAVAILABLE with a retry hint, never INTERNAL; the server's own words stay out")
    func unavailable() {
        for code in [RedisError.Code.connectFailed, .ioError, .timeout, .serverError, .authenticationFailed] {
            let error = RPCError(mapping: RedisError(code: code, message: "OOM command not allowed on key zkfaas:lease:ab"))
            #expect(error.code == .unavailable)
            #expect(error.retryAfterMilliseconds == 1000)
            #expect(!error.message.contains("zkfaas:lease"))
        }
    }
}
