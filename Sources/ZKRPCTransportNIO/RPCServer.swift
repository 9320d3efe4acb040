public import Logging
public import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization
public import ZKRPC

/// A TCP server speaking the ZK-FaaS frame protocol for a set of services.
///
/// Run it in a `ServiceGroup`: on graceful shutdown it stops accepting, lets in-flight calls finish (up to
/// ``RPCServerConfiguration/drainTimeout``), refuses new calls with UNAVAILABLE, then returns.
public final class RPCServer: Service, Sendable {
    private let configuration: RPCServerConfiguration
    private let router: RPCMethodRouter
    private let logger: Logger
    private let metrics: ServerMetrics
    private let boundAddress = Mutex<SocketAddress?>(nil)
    /// Connections closed at once because the limit was reached (for tests; also counted in the metrics).
    let rejectedConnections = Atomic<Int>(0)

    public init(configuration: RPCServerConfiguration, services: [any RPCService], logger: Logger) {
        self.configuration = configuration
        self.router = RPCMethodRouter(services: services)
        self.logger = logger
        self.metrics = ServerMetrics(service: services.map(\.serviceName).joined(separator: ","))
    }

    /// The address the server listens on, once it does.
    public var localAddress: SocketAddress? { boundAddress.withLock { $0 } }

    public func run() async throws {
        let registry = ConnectionRegistry()
        let router = self.router
        let logger = self.logger
        let metrics = self.metrics
        let maximumFrameBytes = configuration.maximumFrameBytes
        let maximumCalls = configuration.maximumCallsPerConnection
        let maximumConnections = configuration.maximumConnections
        let idleTimeout = configuration.idleTimeout.map { TimeAmount($0) }
        let serverChannel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard registry.add(channel, limit: maximumConnections) else {
                        // Failing the initializer closes the accepted socket before it is ever read.
                        metrics.rejectedConnections.increment()
                        rejectedConnections.add(1, ordering: .relaxed)
                        throw RPCError(code: .resourceExhausted, message: "\(maximumConnections) connections are open")
                    }
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(
                        ServerConnectionHandler(
                            router: router,
                            maximumCalls: maximumCalls,
                            maximumFrameBytes: maximumFrameBytes,
                            idleTimeout: idleTimeout,
                            logger: logger,
                            metrics: metrics
                        )
                    )
                    metrics.connections.increment()
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        let address = serverChannel.localAddress
        boundAddress.withLock { $0 = address }
        if let address {
            logger.info("listening", metadata: ["rpc.address": "\(address)"])
            configuration.onListening?(address)
        }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await serverChannel.closeFuture.get()
            } onGracefulShutdown: {
                logger.info("graceful shutdown: no longer accepting connections")
                serverChannel.close(promise: nil)
            }
        } onCancel: {
            serverChannel.close(promise: nil)
            registry.closeAll()
        }
        await registry.drain(timeout: configuration.drainTimeout)
        logger.info("stopped")
    }
}
