import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKTestSupport

/// What the typed clients add over the raw call: the method each calls, the request they build, and answers missing
/// their required part.
@Suite("Typed client calls")
struct TypedClientCallsTests {
    @Test("job calls reach their methods with the job id; waitJob sends the wait in ms and outwaits it")
    func routerJobCalls() async throws {
        try await withServer(services: [EchoRouterService()]) { port, _ in
            let client = try RouterClient(address: "127.0.0.1:\(port)")
            #expect(try await client.getJob("a").backend == "GetJob")
            #expect(try await client.getJob("a").jobID == "a")
            #expect(try await client.cancelJob("b").backend == "CancelJob")
            #expect(try await client.waitJob("c", wait: .milliseconds(1500)).backend == "WaitJob 1500 true")
            // Sub-millisecond parts are dropped, not rounded up.
            let rounded = try await client.waitJob("d", wait: .seconds(2) + .microseconds(999))
            #expect(rounded.backend == "WaitJob 2000 true")
            #expect(rounded.jobID == "d")
            #expect(try await client.waitJob("e", wait: .zero).backend == "WaitJob 0 true")
            let job = try await client.prove(ProveRequest(programHash: [1, 2, 3], backend: "local"))
            #expect(job.jobID == "job-3" && job.backend == "local")
            await client.close()
        }
    }

    @Test("an answer without its required part is INTERNAL")
    func missingParts() async throws {
        try await withServer(services: [EchoRouterService(), EmptyRegistryService()]) { port, _ in
            let router = try RouterClient(address: "127.0.0.1:\(port)")
            let registry = RegistryClient(rpc: router.rpc)
            let noJob = try await #require(throws: RPCError.self) { try await router.prove(ProveRequest()) }
            #expect(noJob.code == .internalError)
            let noProgram = try await #require(throws: RPCError.self) { try await registry.getProgram([1]) }
            #expect(noProgram.code == .internalError)
            // A method the server does not host.
            let missing = try await #require(throws: RPCError.self) { try await router.stats() }
            #expect(missing.code == .unimplemented)
            await router.close()
        }
    }

    @Test("S4: a registry answering for another program hash than the one asked is DATA_LOSS")
    func registryAnswersForAnotherHash() async throws {
        let hash = [UInt8](repeating: 7, count: 32)
        try await withServer(services: [SquattingRegistryService(honest: false)]) { port, _ in
            let registry = try RegistryClient(address: "127.0.0.1:\(port)")
            let error = try await #require(throws: RPCError.self) { try await registry.getProgram(hash) }
            #expect(error.code == .dataLoss)
            await registry.close()
        }
        try await withServer(services: [SquattingRegistryService(honest: true)]) { port, _ in
            let registry = try RegistryClient(address: "127.0.0.1:\(port)")
            #expect(try await registry.getProgram(hash).programHash == hash)
            await registry.close()
        }
    }
}
