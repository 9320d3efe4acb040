import Foundation
import Testing
import ZKRedis
import ZKTestSupport

@Suite("RedisClient failures: dead server, timeouts, authentication", .enabled(if: RedisTestServer.isAvailable))
struct RedisFailureTests {
    @Test("Server killed mid-command: ioError, then connectFailed, then reconnects after a restart on the same port")
    func killedAndRestarted() async throws {
        try await withRedisServer { server in
            let client = try server.client(poolSize: 2, commandTimeout: .seconds(10))
            try client.set(key: bytes("k"), value: bytes("before"))
            let start = ContinuousClock.now
            async let inFlight = onThread { try client.command([bytes("BLPOP"), bytes("never"), bytes("6")]) }
            try await RedisPoolTests.waitUntilBlocked(try server.client(), clients: 1)
            server.kill()
            let result = await inFlight
            #expect(ContinuousClock.now - start < .seconds(5))  // Without the kill BLPOP would return at 6 s.
            #expect(result.redisErrorCode == .ioError)
            #expect(client.idleConnectionCount == 0)

            do throws(RedisError) {
                _ = try client.get(key: bytes("k"))
                Issue.record("expected connectFailed while the server is down")
            } catch {
                #expect(error.code == .connectFailed)
            }

            try server.restart()
            #expect(try client.get(key: bytes("k")) == nil)  // A fresh server without persistence.
            try client.set(key: bytes("k"), value: bytes("after"))
            #expect(try client.get(key: bytes("k")) == bytes("after"))
        }
    }

    @Test("Idle connections to a restarted server are detected and replaced without a failed command")
    func staleIdleConnections() async throws {
        try await withRedisServer { server in
            let client = try server.client(poolSize: 3)
            // Three overlapping commands leave three idle connections.
            let admin = try server.client(poolSize: 1)
            async let blocked: Void = onThreads(3) { index in
                _ = try? client.command([bytes("BLPOP"), bytes("list-\(index)"), bytes("5")])
            }
            try await RedisPoolTests.waitUntilBlocked(admin, clients: 3)
            for index in 0..<3 { _ = try admin.command([bytes("RPUSH"), bytes("list-\(index)"), bytes("x")]) }
            await blocked
            #expect(client.idleConnectionCount == 3)
            server.kill()
            try server.restart()
            try await Task.sleep(for: .milliseconds(50))  // Let the kernel deliver the resets of the old sockets.
            for _ in 0..<5 { try client.ping() }
            try client.set(key: bytes("k"), value: bytes("v"))
            #expect(try client.get(key: bytes("k")) == bytes("v"))
        }
    }

    @Test("A server that drops the connection mid-write yields ioError, not a SIGPIPE that kills the process")
    func brokenPipe() async throws {
        try await withRedisServer { server in
            let client = try server.client(poolSize: 1)
            // The server closes a connection sending a bulk string over this limit, while we are still writing.
            let limit = try client.command([bytes("CONFIG"), bytes("SET"), bytes("proto-max-bulk-len"), bytes("1mb")])
            #expect(limit == .status("OK"))
            let huge = [UInt8](repeating: 0x5a, count: 32 << 20)
            do throws(RedisError) {
                try client.set(key: bytes("huge"), value: huge)
                Issue.record("expected the server to refuse a 32 MiB bulk string")
            } catch {
                #expect(error.code == .ioError || error.code == .protocolError)
            }
            try client.set(key: bytes("small"), value: bytes("ok"))
            #expect(try client.get(key: bytes("small")) == bytes("ok"))
        }
    }

    @Test("A reply slower than the command timeout throws timeout; the client recovers")
    func commandTimeout() async throws {
        try await withRedisServer { server in
            let client = try server.client(commandTimeout: .milliseconds(200))
            let start = ContinuousClock.now
            let result = await onThread { try client.command([bytes("BLPOP"), bytes("never"), bytes("4")]) }
            let elapsed = ContinuousClock.now - start
            #expect(result.redisErrorCode == .timeout)
            // At least the 200 ms timeout, and well before BLPOP's own 4 s.
            #expect(elapsed >= .milliseconds(190) && elapsed < .seconds(3))
            try client.ping()
            try client.set(key: bytes("k"), value: bytes("v"))
            #expect(try client.get(key: bytes("k")) == bytes("v"))
        }
    }

    @Test("Nothing listening: connectFailed")
    func connectionRefused() throws {
        let client = try RedisClient(url: "redis://127.0.0.1:\(try RedisTestServer.freePort())")
        do throws(RedisError) {
            try client.ping()
            Issue.record("expected connectFailed")
        } catch {
            #expect(error.code == .connectFailed)
        }
    }

    @Test("AUTH and SELECT from the URL; wrong or missing password: authenticationFailed")
    func authentication() async throws {
        let password = "s3cret pw!@:/"
        try await withRedisServer(password: password) { server in
            let database2 = try server.client(database: 2)
            try database2.set(key: bytes("k"), value: bytes("in db 2"))
            #expect(try database2.get(key: bytes("k")) == bytes("in db 2"))
            #expect(try database2.dbSize() == 1)
            let database0 = try server.client()
            #expect(try database0.get(key: bytes("k")) == nil)
            #expect(try database0.dbSize() == 0)

            let wrong = try server.client(password: "not it")
            do throws(RedisError) {
                try wrong.ping()
                Issue.record("expected authenticationFailed")
            } catch {
                #expect(error.code == .authenticationFailed)
                #expect(!error.message.contains("not it"))
            }

            let anonymous = try RedisClient(url: "redis://127.0.0.1:\(server.port)")
            do throws(RedisError) {
                _ = try anonymous.get(key: bytes("k"))
                Issue.record("expected authenticationFailed")
            } catch {
                #expect(error.code == .authenticationFailed)
                #expect(error.serverErrorPrefix == "NOAUTH")
            }
        }
    }
}
