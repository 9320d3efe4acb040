import Logging
import ZKRPC
import ZKRPCTransportNIO

/// Runs an ``RPCServer`` on a free loopback port for the duration of `body`.
public func withServer<Result: Sendable>(
    services: [any RPCService],
    maximumFrameBytes: Int = RPCServerConfiguration.defaultMaximumFrameBytes,
    drainTimeout: Duration = .seconds(5),
    _ body: (_ port: Int, _ server: RPCServer) async throws -> Result
) async throws -> Result {
    let logger = Logger(label: "test.server")
    let server = RPCServer(
        configuration: RPCServerConfiguration(
            host: "127.0.0.1",
            port: 0,
            maximumFrameBytes: maximumFrameBytes,
            drainTimeout: drainTimeout
        ),
        services: services,
        logger: logger
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        var port: Int?
        for _ in 0..<500 {
            if let bound = server.localAddress?.port { port = bound; break }
            try await Task.sleep(for: .milliseconds(5))
        }
        guard let port else { throw RPCError(code: .unavailable, message: "server did not start") }
        defer { group.cancelAll() }
        return try await body(port, server)
    }
}
