import Foundation
import Logging
import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRegistryService
import ZKTestSupport

/// A registry service on a real TCP port, backed by SQLite in a temporary folder, optionally checking a
/// ``FakeStorageService`` on its own port.
struct RegistryHarness: Sendable {
    /// The fixed registration time the harness's clock reports.
    static let timestamp: UInt64 = 1_750_000_000

    let client: RegistryClient
    let storage: FakeStorageService
    let directory: String
    /// `HOST:PORT` of the registry.
    let registryAddress: String
    /// `HOST:PORT` of the fake storage.
    let storageAddress: String

    /// Calls RegisterProgram, claiming `author` in call metadata if given.
    func register(_ request: RegisterProgramRequest, author: String? = nil) async throws
        -> ProgramMetadata
    {
        var metadata = Metadata()
        if let author { metadata.add(RegistryService.authorMetadataKey, author) }
        let response = try await client.rpc.unary(
            RegistryMethods.registerProgram, request, metadata: metadata)
        return try #require(response.program)
    }

    func get(_ programHash: [UInt8]) async throws -> ProgramMetadata {
        let response = try await client.rpc.unary(
            RegistryMethods.getProgram, GetProgramRequest(programHash: programHash))
        return try #require(response.program)
    }

    func list(_ request: ListProgramsRequest) async throws -> ListProgramsResponse {
        try await client.rpc.unary(RegistryMethods.listPrograms, request)
    }

    /// Runs `body` against a fresh registry (or one over `directory`, to test restarts).
    static func with<Result: Sendable>(
        storageCheck: Bool = false,
        directory: String? = nil,
        storageAddress: String? = nil,
        _ body: (RegistryHarness) async throws -> Result
    ) async throws -> Result {
        let folder = try directory ?? TestEnvironment.temporaryDirectory("registry").path
        let storage = FakeStorageService()
        return try await withServer(services: [storage]) { storagePort, _ in
            let store = try SQLiteRegistryStore(directory: folder)
            var configuration = RegistryService.Configuration(clock: { RegistryHarness.timestamp })
            if storageCheck {
                configuration.storageCheck = try StorageIntegrityCheck(
                    address: storageAddress ?? "127.0.0.1:\(storagePort)",
                    timeout: .seconds(3)
                )
            }
            let service = RegistryService(
                store: store, configuration: configuration, logger: Logger(label: "test"))
            return try await withServer(services: [service]) { port, _ in
                try await RegistryClient(address: "127.0.0.1:\(port)").closing { client in
                    try await body(
                    RegistryHarness(
                        client: client,
                        storage: storage,
                        directory: folder,
                        registryAddress: "127.0.0.1:\(port)",
                        storageAddress: "127.0.0.1:\(storagePort)"
                    )
                )
                }
            }
        }
    }
}
