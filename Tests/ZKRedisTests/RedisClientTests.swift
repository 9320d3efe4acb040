import Foundation
import Testing
import ZKRedis
import ZKTestSupport

@Suite("RedisClient commands against a real redis-server", .enabled(if: RedisTestServer.isAvailable))
struct RedisClientTests {
    @Test("PING, DBSIZE and a lazy first connection")
    func pingAndDBSize() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            #expect(client.idleConnectionCount == 0)
            try client.ping()
            #expect(client.idleConnectionCount == 1)
            #expect(try client.dbSize() == 0)
            try client.set(key: bytes("a"), value: bytes("1"))
            #expect(try client.dbSize() == 1)
        }
    }

    @Test("Binary keys and values with NUL bytes round-trip exactly")
    func binaryRoundTrip() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            let key: [UInt8] = [0, 1, 0, 0xff, 0x0d, 0x0a, 0x24, 0]
            let value = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            try client.set(key: key, value: value)
            #expect(try client.get(key: key) == value)
            // The key with its NUL bytes is distinct from its prefix up to the first NUL.
            #expect(try client.get(key: []) == nil)
            #expect(try client.get(key: [0]) == nil)
            #expect(try client.command([bytes("STRLEN"), key]) == .integer(value.count))
            try client.set(key: bytes("empty"), value: [])
            #expect(try client.get(key: bytes("empty")) == [])
        }
    }

    @Test("A 1 MiB random value round-trips")
    func largeValue() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            var generator = SystemRandomNumberGenerator()
            let value = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try client.set(key: bytes("proof:big"), value: value)
            let fetched = try #require(try client.get(key: bytes("proof:big")))
            #expect(fetched.count == value.count)
            #expect(fetched == value)
            #expect(try client.command([bytes("STRLEN"), bytes("proof:big")]) == .integer(1 << 20))
        }
    }

    @Test("A missing key reads as nil; SET overwrites")
    func missingAndOverwrite() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            #expect(try client.get(key: bytes("nope")) == nil)
            try client.set(key: bytes("k"), value: bytes("one"))
            try client.set(key: bytes("k"), value: bytes("two"))
            #expect(try client.get(key: bytes("k")) == bytes("two"))
        }
    }

    @Test("SET NX: the second writer fails and the first value stays")
    func setIfAbsent() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            #expect(try client.setIfAbsent(key: bytes("lease"), value: bytes("A")))
            #expect(try !client.setIfAbsent(key: bytes("lease"), value: bytes("B")))
            #expect(try client.get(key: bytes("lease")) == bytes("A"))
            #expect(try client.pttl(key: bytes("lease")) == -1)
        }
    }

    @Test("PX expiry: keys vanish after their time and SET NX succeeds again")
    func expiry() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            try client.set(key: bytes("short"), value: bytes("v"), expireMilliseconds: 150)
            #expect(try client.setIfAbsent(key: bytes("lease"), value: bytes("A"), expireMilliseconds: 150))
            let ttl = try client.pttl(key: bytes("short"))
            #expect((1...150).contains(ttl))
            #expect(try client.get(key: bytes("short")) == bytes("v"))
            #expect(try !client.setIfAbsent(key: bytes("lease"), value: bytes("B"), expireMilliseconds: 150))
            try await Task.sleep(for: .milliseconds(350))
            #expect(try client.get(key: bytes("short")) == nil)
            #expect(try client.pttl(key: bytes("short")) == -2)
            #expect(try client.setIfAbsent(key: bytes("lease"), value: bytes("B"), expireMilliseconds: 5_000))
            #expect(try client.get(key: bytes("lease")) == bytes("B"))
        }
    }

    @Test("DEL counts the keys that existed; PEXPIRE reports whether the key exists")
    func deleteAndPexpire() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            try client.set(key: bytes("a"), value: bytes("1"))
            try client.set(key: bytes("b"), value: bytes("2"))
            #expect(try client.delete(keys: []) == 0)
            #expect(try client.pexpire(key: bytes("missing"), milliseconds: 1_000) == false)
            #expect(try client.pexpire(key: bytes("a"), milliseconds: 60_000))
            #expect(try client.pttl(key: bytes("a")) > 59_000)
            #expect(try client.delete(bytes("a"), bytes("b"), bytes("c")) == 2)
            #expect(try client.dbSize() == 0)
        }
    }

    @Test("keys(matching:) finds exactly the matching keys through SCAN")
    func scan() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            var expected = Set<[UInt8]>()
            for index in 0..<2_500 {
                let key = bytes("proof:\(index)")
                try client.set(key: key, value: [UInt8(truncatingIfNeeded: index)])
                expected.insert(key)
            }
            for index in 0..<40 { try client.set(key: bytes("lease:\(index)"), value: bytes("x")) }
            let found = try client.keys(matching: bytes("proof:*"))
            #expect(found.count == expected.count)
            #expect(Set(found) == expected)
            #expect(try client.keys(matching: bytes("nothing:*")).isEmpty)
        }
    }

    @Test("Raw commands return every kind of RedisValue; error replies are values")
    func rawCommand() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            #expect(try client.command([bytes("PING")]) == .status("PONG"))
            #expect(try client.command([bytes("INCR"), bytes("n")]) == .integer(1))
            #expect(try client.command([bytes("GET"), bytes("missing")]) == .null)
            #expect(try client.command([bytes("RPUSH"), bytes("l"), [0, 1], bytes("b")]) == .integer(2))
            #expect(
                try client.command([bytes("LRANGE"), bytes("l"), bytes("0"), bytes("-1")])
                    == .array([.bytes([0, 1]), .bytes(bytes("b"))])
            )
            let reply = try client.command([bytes("NOSUCHCOMMAND"), bytes("x")])
            guard case .error(let line) = reply else {
                Issue.record("expected an error reply, got \(reply)")
                return
            }
            #expect(line.hasPrefix("ERR"))
            // The connection is still fine after an error reply.
            #expect(try client.command([bytes("GET"), bytes("n")]) == .bytes(bytes("1")))
        }
    }

    @Test("Typed commands throw serverError for error replies; an empty command is rejected")
    func typedErrors() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            _ = try client.command([bytes("RPUSH"), bytes("list"), bytes("x")])
            do throws(RedisError) {
                _ = try client.get(key: bytes("list"))
                Issue.record("expected WRONGTYPE")
            } catch {
                #expect(error.code == .serverError)
                #expect(error.serverErrorPrefix == "WRONGTYPE")
            }
            #expect(throws: RedisError(code: .invalidArgument, message: "a command needs at least its name")) {
                try client.command([])
            }
            do throws(RedisError) {
                try client.set(key: bytes("k"), value: bytes("v"), expireMilliseconds: 0)
                Issue.record("expected an error for PX 0")
            } catch {
                #expect(error.code == .serverError)
            }
        }
    }

    @Test("close() drops idle connections and later commands throw clientClosed")
    func close() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            try client.ping()
            client.close()
            #expect(client.idleConnectionCount == 0)
            do throws(RedisError) {
                try client.ping()
                Issue.record("expected clientClosed")
            } catch {
                #expect(error.code == .clientClosed)
            }
        }
    }
}
