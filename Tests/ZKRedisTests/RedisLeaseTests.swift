import Testing
import ZKRedis
import ZKTestSupport

@Suite("Leases: compare-and-delete and compare-and-expire", .enabled(if: RedisTestServer.isAvailable))
struct RedisLeaseTests {
    @Test("compareAndDelete releases only the owner's lease")
    func compareAndDelete() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            let key = bytes("lease:job-1")
            let owner: [UInt8] = [0x41, 0, 0x42, 0xff]  // Tokens are binary; NUL must not truncate the compare.
            let other: [UInt8] = [0x41, 0, 0x43, 0xff]
            #expect(try client.setIfAbsent(key: key, value: owner, expireMilliseconds: 10_000))
            #expect(try !client.compareAndDelete(key: key, expected: other))
            #expect(try !client.compareAndDelete(key: key, expected: [0x41]))
            #expect(try client.get(key: key) == owner)
            #expect(try client.compareAndDelete(key: key, expected: owner))
            #expect(try client.get(key: key) == nil)
            #expect(try !client.compareAndDelete(key: key, expected: owner))
        }
    }

    @Test("compareAndExpire refreshes only the owner's lease")
    func compareAndExpire() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            let key = bytes("lease:job-2")
            #expect(try client.setIfAbsent(key: key, value: bytes("replica-a"), expireMilliseconds: 500))
            #expect(try !client.compareAndExpire(key: key, expected: bytes("replica-b"), milliseconds: 60_000))
            #expect(try client.pttl(key: key) <= 500)
            #expect(try client.compareAndExpire(key: key, expected: bytes("replica-a"), milliseconds: 60_000))
            #expect(try client.pttl(key: key) > 59_000)
            #expect(try !client.compareAndExpire(key: bytes("lease:none"), expected: bytes("x"), milliseconds: 1_000))
            #expect(try client.pttl(key: bytes("lease:none")) == -2)
        }
    }

    @Test("An expired lease taken over by another replica is not released or refreshed by the old owner")
    func takenOver() async throws {
        try await withRedisServer { server in
            let client = try server.client()
            let key = bytes("lease:job-3")
            #expect(try client.setIfAbsent(key: key, value: bytes("a"), expireMilliseconds: 100))
            try await Task.sleep(for: .milliseconds(250))
            #expect(try client.setIfAbsent(key: key, value: bytes("b"), expireMilliseconds: 10_000))
            #expect(try !client.compareAndExpire(key: key, expected: bytes("a"), milliseconds: 60_000))
            #expect(try !client.compareAndDelete(key: key, expected: bytes("a")))
            #expect(try client.get(key: key) == bytes("b"))
            #expect(try client.pttl(key: key) <= 10_000)
        }
    }
}
