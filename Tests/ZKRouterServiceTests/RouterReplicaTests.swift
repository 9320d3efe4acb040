import Foundation
import Logging
import NIOPosix
import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKTestSupport

@testable import ZKRouterService

/// A router with a scripted shared tier (Redis) and in-process registry and storage serving the example guests.
@Suite("Router replicas: fenced jobs and shared failures")
struct RouterReplicaTests {
    static func u32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    static func withRouter(
        _ shared: ScriptedSharedStore?,
        _ body: (RouterClient, RouterService, GuestProgramServices) async throws -> Void
    ) async throws {
        let programs = try GuestProgramServices(["fibonacci", "panic", "sha256"])
        let directory = try TestEnvironment.temporaryDirectory("router-replica").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withServer(services: programs.services) { port, _ in
            let configuration = RouterConfiguration(
                registryAddress: "127.0.0.1:\(port)",
                storageAddress: "127.0.0.1:\(port)",
                dataDirectory: directory,
                // Generous for a loaded machine, yet a waiter that ignored a published failure would end in time.
                jobTimeout: .seconds(60),
                workers: 1,
                leaseDuration: .seconds(30)
            )
            let router = try RouterService(
                configuration: configuration, sharedStore: shared.map { $0 as any SharedProofStore },
                logger: Logger(label: "test.router")
            )
            try await withServer(services: [router]) { routerPort, _ in
                let client = try RouterClient(address: "127.0.0.1:\(routerPort)")
                do { try await body(client, router, programs) } catch {
                    await client.close()
                    await router.shutdown()
                    throw error
                }
                await client.close()
                await router.shutdown()
            }
        }
    }

    @Test("D6: a job whose lease was taken by another replica ends FAILED ABORTED and stores nothing in Redis")
    func lostLeaseFencesTheJob() async throws {
        let shared = ScriptedSharedStore(renewals: false)
        try await Self.withRouter(shared) { client, router, _ in
            let status = try await client.prove(
                ProveRequest(programHash: try GuestProgramServices.hash(of: "fibonacci"), publicInputs: [Self.u32(10)], wait: true)
            )
            #expect(status.state == .failed)
            #expect(status.error?.code == RPCError.Code.aborted.rawValue)
            #expect(status.error?.message.contains("lost its lease") == true)
            #expect(shared.state.withLock { $0.records.isEmpty }, "a fenced job's result reached the shared tier")
            #expect(shared.state.withLock { $0.failures.isEmpty }, "a fenced job published a failure")
            #expect(router.stats().jobsFailed == 1)
        }
    }

    @Test("D7: the replica holding the lease publishes a job's failure (code, short TTL) before releasing it")
    func holderPublishesFailure() async throws {
        let shared = ScriptedSharedStore()
        try await Self.withRouter(shared) { client, _, _ in
            let status = try await client.prove(
                ProveRequest(programHash: try GuestProgramServices.hash(of: "panic"), wait: true)
            )
            #expect(status.state == .failed)
            let failures = shared.state.withLock { $0.failures }
            let published = try #require(failures.values.first)
            let error = RPCError(status: try Status(serializedBytes: published.status))
            #expect(error.code.rawValue == status.error?.code)
            #expect(published.milliseconds == 60_000)
            #expect(shared.state.withLock { $0.records.isEmpty })
        }
    }

    @Test("D7: a replica waiting on a job another replica failed finishes with that failure without running it")
    func waiterTakesPublishedFailure() async throws {
        let shared = ScriptedSharedStore(leaseAvailable: false)  // another replica holds the lease
        try await Self.withRouter(shared) { client, _, programs in
            let hash = try GuestProgramServices.hash(of: "fibonacci")
            let request = ProveRequest(programHash: hash, publicInputs: [Self.u32(10)], wait: true)
            let key = ProofCacheKey(
                programHash: hash, publicInputs: request.publicInputs, privateInputs: [], backend: "auto", mode: .dev,
                zkvmVersion: "v5.2.4", tenant: nil
            )
            let failure = RPCError(code: .failedPrecondition, message: "guest execution failed: on the other replica")
            try shared.putFailure(key, Status(failure).serializedBytes(), milliseconds: 60_000)
            let status = try await client.prove(request)
            #expect(status.state == .failed)
            #expect(status.error?.code == RPCError.Code.failedPrecondition.rawValue)
            #expect(status.error?.message == failure.message)
            #expect(programs.storageCalls.load(ordering: .relaxed) == 0, "the waiter fetched the program to run it")
        }
    }

    @Test("C1/D5: a Prove with more than 64 KiB of inputs is keyed on the program threads, never on the event loop")
    func bigRequestsLeaveTheEventLoop() async throws {
        try await Self.withRouter(nil) { client, router, _ in
            let request = ProveRequest(
                programHash: try GuestProgramServices.hash(of: "sha256"),
                publicInputs: [[UInt8](repeating: 0xAB, count: 100 << 10)],
                wait: true
            )
            let first = try await client.prove(request)
            #expect(first.state == .succeeded)
            let second = try await client.prove(request)
            #expect(second.state == .succeeded && second.cached)
            // Both were hashed off the loop; the second (an L1 hit) was not answered by the event-loop fast path.
            #expect(router.keyHashedOffLoop.load(ordering: .relaxed) == 2)
            let small = ProveRequest(programHash: request.programHash, publicInputs: [[1, 2, 3]], wait: true)
            _ = try await client.prove(small)
            #expect(router.keyHashedOffLoop.load(ordering: .relaxed) == 2)
        }
    }

    @Test("D3: the program cache holds decoded programs up to --program-cache-bytes, whatever the entry count")
    func programCacheBytes() async throws {
        let programs = try GuestProgramServices(["fibonacci", "panic", "sha256"])
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        try await withServer(services: programs.services) { port, _ in
            let probe = ProgramResolver(
                registry: try RegistryClient(address: "127.0.0.1:\(port)"),
                storage: try StorageClient(address: "127.0.0.1:\(port)"),
                programCacheEntries: 100, maxELFBytes: 1 << 24, cpu: pool, logger: Logger(label: "test.resolver")
            )
            let fibonacci = try await probe.resolve(try GuestProgramServices.hash(of: "fibonacci"))
            let elf = try #require(programs.guests[try GuestProgramServices.hash(of: "fibonacci")]).elf
            let one = ProgramResolver.estimatedBytes(
                elfBytes: elf.count, instructions: fibonacci.executor.program.instructionCount
            )
            #expect(probe.programBytes == one, "a cached program is not counted at its decoded size")
            await probe.close()
            let resolver = ProgramResolver(
                registry: try RegistryClient(address: "127.0.0.1:\(port)"),
                storage: try StorageClient(address: "127.0.0.1:\(port)"),
                programCacheEntries: 100, programCacheBytes: one * 3 / 2, maxELFBytes: 1 << 24, cpu: pool,
                logger: Logger(label: "test.resolver")
            )
            for name in ["fibonacci", "panic", "sha256"] { _ = try await resolver.resolve(try GuestProgramServices.hash(of: name)) }
            #expect(resolver.programBytes <= one * 3 / 2)
            #expect(resolver.programCount < 3, "three programs kept over a byte bound that fits one and a half")
            await resolver.close()
        }
        try await pool.shutdownGracefully()
    }
}
