public import ZKProto
public import ZKRPC
public import ZKRPCTransportNIO

/// What every typed service client shares: the pooled connection, how it is made, and the Health call.
///
/// A client is a thin typed face over one ``RPCClient``; conforming types only add their calls.
public protocol ServiceClient: Sendable {
    /// The pooled connections to the service.
    var rpc: RPCClient { get }
    /// The service's `Health` method.
    static var healthMethod: MethodDescriptor<HealthRequest, HealthResponse> { get }

    /// A client that calls through `rpc` (shared, e.g., by several typed clients of one endpoint).
    init(rpc: RPCClient)
}

extension ServiceClient {
    /// A client of the endpoint `configuration` names; connects lazily.
    public init(configuration: RPCClient.Configuration) {
        self.init(rpc: RPCClient(configuration: configuration))
    }

    /// A client of `HOST:PORT` (or `[V6]:PORT`) that sends `metadata` with every call; connects lazily.
    ///
    /// - Throws: ``RPCError`` INVALID_ARGUMENT when `address` is not `HOST:PORT`.
    public init(address: String, metadata: Metadata = Metadata()) throws {
        var configuration = try RPCClient.Configuration(address: address)
        configuration.metadata = metadata
        self.init(configuration: configuration)
    }

    /// Calls the service's `Health` method.
    public func health(timeout: Duration = .seconds(5)) async throws -> HealthResponse {
        try await rpc.unary(Self.healthMethod, HealthRequest(), timeout: timeout, idempotent: true)
    }

    /// Closes the client's connections.
    public func close() async {
        await rpc.close()
    }

    /// Runs `body` with this client, then closes it, whether `body` returns or throws.
    public func closing<Result: Sendable>(_ body: (Self) async throws -> Result) async throws -> Result {
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(self))
        } catch {
            result = .failure(error)
        }
        await close()
        return try result.get()
    }
}
