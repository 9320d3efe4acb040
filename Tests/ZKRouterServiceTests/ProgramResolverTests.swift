import Foundation
import Logging
import NIOPosix
import Synchronization
import ZKCrypto
import ZKWire
import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKTestSupport

@testable import ZKRouterService

@Suite("Program resolver")
struct ProgramResolverTests {
    @Test("S4: metadata for another hash than the one asked is DATA_LOSS, counted, and never cached")
    func registryAnswersForAnotherHash() async throws {
        let registryService = LyingRegistryService()
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        defer { pool.shutdownGracefully { _ in } }
        try await withServer(services: [registryService]) { port, _ in
            let resolver = ProgramResolver(
                registry: try RegistryClient(address: "127.0.0.1:\(port)"),
                storage: try StorageClient(address: "127.0.0.1:1"),  // never called
                programCacheEntries: 4,
                maxELFBytes: 1 << 20,
                cpu: pool,
                logger: Logger(label: "test.resolver")
            )
            let hash = [UInt8](repeating: 9, count: 32)
            for attempt in 1...2 {
                let error = try await #require(throws: RPCError.self) { try await resolver.metadata(for: hash) }
                #expect(error.code == .dataLoss)
                #expect(registryService.calls.load(ordering: .relaxed) == attempt)  // asked again: nothing cached
            }
            #expect(resolver.cachedMetadata(hash) == nil)
            #expect(resolver.integrityFailures == 2)
            let resolved = try await #require(throws: RPCError.self) { try await resolver.resolve(hash) }
            #expect(resolved.code == .dataLoss)
            await resolver.close()
        }
    }

    @Test("C1: decompression, SHA-256 and decode run on the router's program pool, not on the caller's executor")
    func decodeRunsOnThePool() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let poolThread = try await pool.runIfActive { pthread_self() }
        let observed = Mutex<[pthread_t]>([])
        let resolver = ProgramResolver(
            registry: try RegistryClient(address: "127.0.0.1:1"),
            storage: try StorageClient(address: "127.0.0.1:1"),
            programCacheEntries: 4,
            maxELFBytes: 1 << 20,
            cpu: pool,
            logger: Logger(label: "test.resolver"),
            onVerify: { observed.withLock { $0.append(pthread_self()) } }
        )
        let elf = Array(try Data(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("Guests/bin/fibonacci.elf")))
        let hash = SHA256.hash(elf)
        let encoded = StorageGetProgramResponse(elfZstd: try Zstd.compress(elf), elfSize: UInt64(elf.count), elfHash: hash)
            .serializedBytes()
        let stored = try GetProgramSharedResponse(decoding: SharedBytes(encoded))
        let meta = ProgramMetadata(programHash: hash, elfHash: hash, zkvm: "SP1", zkvmVersion: "v5.2.4")
        let (program, cost) = try await resolver.decode(stored, meta: meta)
        #expect(program.metadata.programHash == hash)
        let threads = observed.withLock { $0 }
        #expect(threads.count == 1)
        #expect(threads.allSatisfy { pthread_equal($0, poolThread) != 0 })
        #expect(cost == ProgramResolver.estimatedBytes(elfBytes: elf.count, instructions: program.executor.program.instructionCount))
        await resolver.close()
        try await pool.shutdownGracefully()
    }

    @Test("D3: the program cache is bounded by bytes of decoded programs; an estimate never overflows")
    func programBytes() {
        #expect(ProgramResolver.estimatedBytes(elfBytes: 64 << 20, instructions: 16 << 20) == (64 << 20) + (16 << 20) * 64)
        #expect(ProgramResolver.estimatedBytes(elfBytes: 1, instructions: Int.max / 2) == Int.max)
    }
}
