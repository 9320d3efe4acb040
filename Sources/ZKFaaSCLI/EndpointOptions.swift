import ArgumentParser
import ZKFaaSClient
import ZKRPC
import ZKServiceKit

/// Where the services are: flag → environment variable → default.
struct EndpointOptions: ParsableArguments {
    @Option(help: "prover-router HOST:PORT. [env: ZKFAAS_ROUTER] (default: 127.0.0.1:7100)")
    var router: String?

    @Option(help: "registry-service HOST:PORT. [env: ZKFAAS_REGISTRY] (default: 127.0.0.1:7101)")
    var registry: String?

    @Option(help: "storage-cache-service HOST:PORT. [env: ZKFAAS_STORAGE] (default: 127.0.0.1:7102)")
    var storage: String?

    @Option(help: "API key sent to the router. [env: ZKFAAS_API_KEY]")
    var apiKey: String?

    @Option(
        help:
            "Write key sent to storage-cache-service (needed to upload or pin when it has --write-keys). [env: ZKFAAS_STORAGE_KEY]"
    )
    var storageKey: String?

    var environment: EnvironmentResolver { EnvironmentResolver() }

    var routerAddress: String { environment.resolve(router, "ZKFAAS_ROUTER", default: "127.0.0.1:7100") }
    var registryAddress: String { environment.resolve(registry, "ZKFAAS_REGISTRY", default: "127.0.0.1:7101") }
    var storageAddress: String { environment.resolve(storage, "ZKFAAS_STORAGE", default: "127.0.0.1:7102") }
    var resolvedAPIKey: String? { environment.resolve(apiKey, "ZKFAAS_API_KEY") }

    /// A client of the router that sends the API key, if one is set, with every call.
    func routerClient() throws -> RouterClient {
        var metadata = Metadata()
        if let key = resolvedAPIKey { metadata.add(Metadata.apiKey, key) }
        return try RouterClient(address: routerAddress, metadata: metadata)
    }

    /// Runs `body` with a client of storage-cache-service, closed afterwards whether `body` returns or throws. The
    /// write key, if one is set, is sent with every call.
    func withStorage<Result: Sendable>(_ body: (StorageClient) async throws -> Result) async throws -> Result {
        var metadata = Metadata()
        if let key = environment.resolve(storageKey, "ZKFAAS_STORAGE_KEY") { metadata.add(Metadata.apiKey, key) }
        return try await StorageClient(address: storageAddress, metadata: metadata).closing(body)
    }

    /// Runs `body` with a client of registry-service, closed afterwards whether `body` returns or throws.
    func withRegistry<Result: Sendable>(_ body: (RegistryClient) async throws -> Result) async throws -> Result {
        try await RegistryClient(address: registryAddress).closing(body)
    }
}
