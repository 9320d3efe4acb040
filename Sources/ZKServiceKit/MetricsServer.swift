public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import Prometheus
public import ServiceLifecycle

/// Serves `GET /metrics` in the Prometheus text format on its own port, for scrapers: the swift-metrics registry
/// (RPC counters) and the services' own counters (``MetricsReporting``).
public final class MetricsServer: Service, Sendable {
    private let host: String
    private let port: Int
    private let registry: PrometheusCollectorRegistry
    private let reporters: [any MetricsReporting]
    private let logger: Logger

    public init(
        host: String,
        port: Int,
        registry: PrometheusCollectorRegistry,
        reporters: [any MetricsReporting] = [],
        logger: Logger
    ) {
        self.host = host
        self.port = port
        self.registry = registry
        self.reporters = reporters
        self.logger = logger
    }

    public func run() async throws {
        let registry = self.registry
        let reporters = self.reporters
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(registry: registry, reporters: reporters))
                }
            }
            .bind(host: host, port: port)
            .get()
        logger.info("metrics endpoint", metadata: ["metrics.address": "\(channel.localAddress.map { "\($0)" } ?? "")"])
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await channel.closeFuture.get()
            } onGracefulShutdown: {
                channel.close(promise: nil)
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}
