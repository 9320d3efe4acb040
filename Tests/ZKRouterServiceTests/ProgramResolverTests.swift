import Logging
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
        try await withServer(services: [registryService]) { port, _ in
            let resolver = ProgramResolver(
                registry: try RegistryClient(address: "127.0.0.1:\(port)"),
                storage: try StorageClient(address: "127.0.0.1:1"),  // never called
                programCacheEntries: 4,
                maxELFBytes: 1 << 20,
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
}
