public import ZKProto
public import ZKRPC
public import ZKRPCTransportNIO

/// An async client of `zkfaas.v1.Storage`.
public struct StorageClient: ServiceClient {
    public let rpc: RPCClient
    public static let healthMethod = StorageMethods.health

    public init(configuration: RPCClient.Configuration) {
        self.rpc = RPCClient(configuration: configuration)
    }

    /// Connects lazily to `HOST:PORT`.
    public init(address: String, metadata: Metadata = Metadata()) throws {
        var configuration = try RPCClient.Configuration(address: address)
        configuration.metadata = metadata
        self.init(configuration: configuration)
    }
}
