import Testing

@testable import ZKRedis
import ZKTestSupport

@Suite("RedisConnection (one hiredis context)", .enabled(if: RedisTestServer.isAvailable))
struct RedisConnectionTests {
    @Test("A connection closed by the server is seen as unusable, and writing to it fails with ioError, not SIGPIPE")
    func closedByServer() async throws {
        try await withRedisServer { server in
            let configuration = try RedisConfiguration(url: server.url())
            let connection = try RedisConnection.connect(configuration, generation: 0)
            #expect(connection.isUsableWhenIdle)
            let id = try #require(try connection.execute([bytes("CLIENT"), bytes("ID")]).integer)

            let admin = try server.client()
            let killed = try admin.command([bytes("CLIENT"), bytes("KILL"), bytes("ID"), bytes("\(id)")])
            #expect(killed == .integer(1))
            try await Task.sleep(for: .milliseconds(50))
            #expect(!connection.isUsableWhenIdle)

            // Writing a large command into the half-closed socket: the peer answers with a reset, and the next
            // write(2) would raise SIGPIPE if the command were not guarded.
            let huge = [UInt8](repeating: 0x42, count: 32 << 20)
            do throws(RedisError) {
                _ = try connection.execute([bytes("SET"), bytes("k"), huge])
                Issue.record("expected a failure on a closed connection")
            } catch {
                #expect(error.code == .ioError)
            }
            #expect(connection.failure == .ioError)
            #expect(!connection.isUsableWhenIdle)
        }
    }
}
