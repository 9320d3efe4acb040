import Testing
import ZKRedis
import ZKTestSupport

@testable import ZKRouterService

@Suite("Redis proof store")
struct RedisProofStoreTests {
    @Test(
        "a proof record is stored with an expiry (a Redis that never evicts stays bounded)",
        .enabled(if: RedisTestServer.isAvailable, "redis-server is not installed")
    )
    func recordsExpire() throws {
        let server = try RedisTestServer.start()
        defer { server.stop() }
        let store = try RedisProofStore(url: server.url())
        defer { store.close() }
        let key = ProofCacheKey(
            programHash: [UInt8](repeating: 7, count: 32), publicInputs: [], privateInputs: [], backend: "auto",
            mode: .dev, zkvmVersion: "", tenant: nil
        )
        try store.put(key, [1, 2, 3])
        #expect(try store.get(key) == [1, 2, 3])
        let client = RedisClient(configuration: try RedisConfiguration(url: server.url()))
        defer { client.close() }
        let ttl = try client.command([Array("PTTL".utf8), Array("zkfaas:proof:\(key.hex)".utf8)])
        guard case .integer(let milliseconds) = ttl else {
            Issue.record("PTTL answered \(ttl)")
            return
        }
        #expect(milliseconds > 0, "the record has no expiry")
        #expect(milliseconds <= Int(RedisProofStore.defaultProofLifetime / .milliseconds(1)))
    }
}
