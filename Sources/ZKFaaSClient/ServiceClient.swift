public import ZKProto
public import ZKRPCTransportNIO

/// What every typed service client shares: the pooled connection and the Health call.
public protocol ServiceClient: Sendable {
    var rpc: RPCClient { get }
    static var healthMethod: MethodDescriptor<HealthRequest, HealthResponse> { get }
}

extension ServiceClient {
    /// Calls the service's `Health` method.
    public func health(timeout: Duration = .seconds(5)) async throws -> HealthResponse {
        try await rpc.unary(Self.healthMethod, HealthRequest(), timeout: timeout, idempotent: true)
    }

    /// Closes the client's connections.
    public func close() async {
        await rpc.close()
    }
}
