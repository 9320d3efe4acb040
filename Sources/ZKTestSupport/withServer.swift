import Logging
public import ZKRPC
public import ZKRPCTransportNIO

/// Serves `services` on an ephemeral loopback port for the duration of `body`, then stops the server and shuts the
/// services down (``RPCService/shutdown()``), so whatever they hold — a data folder's lock, a database, a thread
/// pool — is released when this returns, not whenever `deinit` runs.
///
/// The port is the one the server reports once it listens (no polling, so a slow machine cannot miss it).
public func withServer<Result: Sendable>(
    services: [any RPCService],
    maximumFrameBytes: Int = RPCServerConfiguration.defaultMaximumFrameBytes,
    drainTimeout: Duration = .seconds(5),
    _ body: (_ port: Int, _ server: RPCServer) async throws -> Result
) async throws -> Result {
    let logger = Logger(label: "test.server")
    let (ports, listening) = AsyncStream.makeStream(of: Int.self)
    let server = RPCServer(
        configuration: RPCServerConfiguration(
            host: "127.0.0.1",
            port: 0,
            maximumFrameBytes: maximumFrameBytes,
            drainTimeout: drainTimeout,
            onListening: { address in
                listening.yield(address.port ?? 0)
                listening.finish()
            }
        ),
        services: services,
        logger: logger
    )
    let outcome: Swift.Result<Result, any Error>
    do {
        let value = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // A server that fails to start ends the stream, so the wait below never hangs.
                defer { listening.finish() }
                try await server.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()
                throw RPCError(code: .unavailable, message: "the test server stopped before it listened")
            }
            defer { group.cancelAll() }
            return try await body(port, server)
        }
        outcome = .success(value)
    } catch {
        outcome = .failure(error)
    }
    for service in services { await service.shutdown() }
    return try outcome.get()
}
