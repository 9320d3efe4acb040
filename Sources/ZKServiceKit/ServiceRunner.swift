public import Logging
import Metrics
import NIOCore
public import Prometheus
public import ServiceLifecycle
public import ZKRPC
import ZKRPCTransportNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Start-up and shutdown shared by the three service executables.
public enum ServiceRunner {
    /// Bootstraps logging (stderr, the configured level) and metrics (Prometheus) once per process, and tunes
    /// malloc for large buffers (``MallocTuning``).
    public static func bootstrap(_ options: ResolvedServiceOptions) -> (Logger, PrometheusCollectorRegistry) {
        MallocTuning.apply()
        let level = options.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "zkfaas.\(options.service)")
        logger[metadataKey: "service"] = "\(options.service)"
        return (logger, registry)
    }

    /// Serves `services` until SIGTERM or SIGINT, then drains, shuts the services down (``RPCService/shutdown()``)
    /// and returns.
    ///
    /// Prints `READY <service> <host>:<port>` on standard output once listening, for scripts and tests.
    /// - Parameter background: other long-running parts (stores, pools) started before the server and stopped
    ///   after it.
    public static func run(
        options: ResolvedServiceOptions,
        services: [any RPCService],
        background: [any Service] = [],
        metrics: PrometheusCollectorRegistry? = nil,
        logger: Logger
    ) async throws {
        var background = background
        if let metrics, let port = options.metricsPort {
            background.append(
                MetricsServer(
                    host: options.host,
                    port: port,
                    registry: metrics,
                    reporters: services.compactMap { $0 as? any MetricsReporting },
                    logger: logger
                )
            )
        }
        let name = options.service
        let server = RPCServer(
            configuration: RPCServerConfiguration(
                host: options.host,
                port: options.port,
                maximumFrameBytes: options.maximumFrameBytes,
                drainTimeout: options.drainTimeout,
                maximumConnections: options.maximumConnections,
                idleTimeout: options.idleTimeout,
                onListening: { address in
                    print("READY \(name) \(address.ipAddress ?? options.host):\(address.port ?? options.port)")
                    fflush(nil)
                }
            ),
            services: services,
            logger: logger
        )
        let group = ServiceGroup(
            configuration: .init(
                services: background.map { .init(service: $0) } + [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        let outcome: Result<Void, any Error>
        do {
            try await group.run()
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        // The server has stopped and drained: release what the services hold, whatever ended the group.
        for service in services { await service.shutdown() }
        try outcome.get()
    }
}
