import NIOPosix
import Synchronization
import Testing
import ZKRPC

@testable import ZKRouterService

@Suite("Job lease: renewals and release run inside the job's task; a lost lease fences the job")
struct JobLeaseTests {
    static let key = ProofCacheKey(
        programHash: [UInt8](repeating: 3, count: 32), publicInputs: [], privateInputs: [], backend: "auto",
        mode: .dev, zkvmVersion: "v5.2.4", tenant: nil
    )

    static func withPool(_ body: (NIOThreadPool) async throws -> Void) async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        do { try await body(pool) } catch {
            try await pool.shutdownGracefully()
            throw error
        }
        try await pool.shutdownGracefully()
    }

    @Test(
        "D6: a renewal that finds the lease taken stops the running body and the call throws ABORTED",
        .timeLimit(.minutes(1))  // without the fence the body would wait forever
    )
    func lostWhileRunning() async throws {
        try await Self.withPool { pool in
            let store = ScriptedSharedStore(renewals: false)
            let lease = JobLease(
                shared: store, key: Self.key, owner: "j-1", milliseconds: 30_000, renewEvery: .milliseconds(1), io: pool
            )
            let (stopped, stop) = AsyncStream.makeStream(of: Void.self)
            let error = await #expect(throws: RPCError.self) {
                try await lease.hold(onLost: { stop.finish() }) {
                    // The body ends only when the job is stopped: no timing involved.
                    for await _ in stopped {}
                    return 1
                }
            }
            #expect(error?.code == .aborted)
            #expect(lease.isLost)
            let state = store.state.withLock { ($0.refreshes, $0.releases) }
            #expect(state.0 == 1)
            // The release ran before hold returned (not in a task left behind).
            #expect(state.1 == 1)
        }
    }

    @Test("D6: confirm() before storing throws ABORTED when the lease was taken, even if no renewal ran yet")
    func confirmFences() async throws {
        try await Self.withPool { pool in
            let store = ScriptedSharedStore(renewals: false)
            let lease = JobLease(
                shared: store, key: Self.key, owner: "j-1", milliseconds: 30_000, renewEvery: .seconds(3600), io: pool
            )
            let stored = Mutex(false)
            let error = await #expect(throws: RPCError.self) {
                try await lease.hold(onLost: {}) {
                    try await lease.confirm()
                    stored.withLock { $0 = true }
                    return 1
                }
            }
            #expect(error?.code == .aborted)
            #expect(!stored.withLock { $0 })
            #expect(store.state.withLock { $0.releases } == 1)
        }
    }

    @Test("D6: when the job ends, its renewal task has ended too and the lease is released")
    func renewalsEndWithTheJob() async throws {
        try await Self.withPool { pool in
            let store = ScriptedSharedStore(renewals: true)
            let lease = JobLease(
                shared: store, key: Self.key, owner: "j-1", milliseconds: 30_000, renewEvery: .milliseconds(1), io: pool
            )
            // The body waits until the renewal loop has renewed three times (counted by the store).
            let value = try await lease.hold(onLost: {}) {
                while store.state.withLock({ $0.refreshes }) < 3 { await Task.yield() }
                return 7
            }
            #expect(value == 7)
            let after = store.state.withLock { ($0.refreshes, $0.releases) }
            #expect(after.1 == 1)
            // The task group awaited its renewal child: no renewal can start after hold returned.
            for _ in 0..<100 { await Task.yield() }
            try await pool.runIfActive {}  // drains any renewal queued on the pool
            #expect(store.state.withLock { $0.refreshes } == after.0)
        }
    }
}
