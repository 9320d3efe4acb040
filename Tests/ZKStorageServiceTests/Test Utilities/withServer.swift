import Logging
import ZKRPC
import ZKRPCTransportNIO

/// Runs an ``RPCServer`` with `services` on a free loopback port for the duration of `body`.
func withServer<Result: Sendable>(
    services: [any RPCService],
    _ body: (_ port: Int) async throws -> Result
) async throws -> Result {
    let server = RPCServer(
        configuration: RPCServerConfiguration(host: "127.0.0.1", port: 0, drainTimeout: .seconds(1)),
        services: services,
        logger: Logger(label: "test.server")
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        defer { group.cancelAll() }
        var port: Int?
        for _ in 0..<1000 {
            if let bound = server.localAddress?.port {
                port = bound
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        guard let port else { throw RPCError(code: .unavailable, message: "server did not start") }
        return try await body(port)
    }
}
