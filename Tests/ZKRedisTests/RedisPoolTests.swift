import Foundation
import Synchronization
import Testing
import ZKRedis
import ZKTestSupport

@Suite("RedisClient connection pool under concurrency", .enabled(if: RedisTestServer.isAvailable))
struct RedisPoolTests {
    @Test("16 threads hammering GET/SET/INCR share a pool of 4 connections")
    func hammer() async throws {
        try await withRedisServer { server in
            let client = try server.client(poolSize: 4)
            let connectionsBefore = try Self.info(client, section: "stats", field: "total_connections_received")
            let failures = Mutex<[String]>([])
            let iterations = 200
            await onThreads(16) { thread in
                for iteration in 0..<iterations {
                    do {
                        let key = bytes("t\(thread):\(iteration % 10)")
                        let value = bytes("\(thread)-\(iteration)") + [0, UInt8(thread), 0]
                        try client.set(key: key, value: value)
                        let fetched = try client.get(key: key)
                        if fetched != value { failures.withLock { $0.append("thread \(thread): wrong value") } }
                        _ = try client.command([bytes("INCR"), bytes("counter")])
                    } catch {
                        failures.withLock { $0.append("thread \(thread): \(error)") }
                    }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            #expect(try client.get(key: bytes("counter")) == bytes("\(16 * iterations)"))
            #expect(try client.dbSize() == 16 * 10 + 1)
            // Never more than 4 connections: the first one existed before, at most 3 more were opened.
            let connectionsAfter = try Self.info(client, section: "stats", field: "total_connections_received")
            #expect(connectionsAfter - connectionsBefore <= 3)
            #expect(try Self.info(client, section: "clients", field: "connected_clients") <= 4)
            #expect((1...4).contains(client.idleConnectionCount))
        }
    }

    @Test("With every connection busy a caller waits for one, and gets timeout after the connect timeout")
    func waitsForAFreeConnection() async throws {
        try await withRedisServer { server in
            let admin = try server.client()

            let patient = try server.client(poolSize: 1, connectTimeout: .seconds(3))
            let start = ContinuousClock.now
            async let blocked = onThread { try patient.command([bytes("BLPOP"), bytes("list-a"), bytes("1")]) }
            try await Self.waitUntilBlocked(admin, clients: 1)
            let waited = await onThread { try patient.ping() }
            // The only connection was inside BLPOP, which the server holds for one second after `start`.
            #expect(ContinuousClock.now - start >= .milliseconds(900))
            #expect(throws: Never.self) { try waited.get() }
            #expect(try await blocked.get() == .null)

            let impatient = try server.client(poolSize: 1, connectTimeout: .milliseconds(200))
            async let blockedAgain = onThread { try impatient.command([bytes("BLPOP"), bytes("list-b"), bytes("10")]) }
            try await Self.waitUntilBlocked(admin, clients: 1)
            let gaveUp = await onThread { try impatient.ping() }
            #expect(gaveUp.redisErrorCode == .timeout)
            _ = try admin.command([bytes("RPUSH"), bytes("list-b"), bytes("x")])  // Releases the BLPOP.
            #expect(try await blockedAgain.get() == .array([.bytes(bytes("list-b")), .bytes(bytes("x"))]))
            #expect(try impatient.ping() == ())
        }
    }

    /// Waits until the server reports `clients` clients blocked in a blocking command.
    static func waitUntilBlocked(_ admin: RedisClient, clients: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while try info(admin, section: "clients", field: "blocked_clients") < clients {
            guard ContinuousClock.now < deadline else {
                Issue.record("no client blocked within 5 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Reads an integer field from `INFO section`.
    static func info(_ client: RedisClient, section: String, field: String) throws -> Int {
        let reply = try client.command([bytes("INFO"), bytes(section)])
        let text = String(decoding: try #require(reply.bytes), as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("\(field):") {
            return try #require(Int(line.dropFirst(field.count + 1)))
        }
        Issue.record("INFO \(section) has no \(field)")
        return -1
    }
}
