import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKTestSupport

/// The initialisers every typed client shares (``ServiceClient``).
@Suite("Typed service clients")
struct ServiceClientTests {
    @Test("HOST:PORT and metadata reach the pooled client, for every typed client")
    func addressAndMetadata() throws {
        let metadata: Metadata = [Metadata.apiKey: "k1"]
        let configurations = [
            try RegistryClient(address: "10.1.2.3:7001", metadata: metadata).rpc.configuration,
            try StorageClient(address: "[::1]:7002", metadata: metadata).rpc.configuration,
            try RouterClient(address: ":7003", metadata: metadata).rpc.configuration,
        ]
        #expect(configurations.map(\.host) == ["10.1.2.3", "::1", "127.0.0.1"])
        #expect(configurations.map(\.port) == [7001, 7002, 7003])
        #expect(configurations.allSatisfy { $0.metadata[Metadata.apiKey] == "k1" })
    }

    @Test("an address without a port is INVALID_ARGUMENT", arguments: ["localhost", "host:", "host:99999"])
    func badAddress(address: String) throws {
        let error = try #require(throws: RPCError.self) { try StorageClient(address: address) }
        #expect(error.code == .invalidArgument)
    }

    @Test("typed clients made from one RPCClient share its connections, and Health goes through it")
    func sharedRPCClient() async throws {
        try await withServer(services: [StorageHealthService()]) { port, _ in
            let rpc = RPCClient(configuration: RPCClient.Configuration(host: "127.0.0.1", port: port))
            let storage = StorageClient(rpc: rpc)
            let registry = RegistryClient(rpc: rpc)
            #expect(storage.rpc === registry.rpc)
            let health = try await storage.health()
            #expect(health.service == StorageHealthService.answer.service)
            await registry.close()
            await #expect(throws: RPCError.self) { try await storage.health() }
        }
    }
}
