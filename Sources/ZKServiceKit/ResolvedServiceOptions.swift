public import Logging
import ZKRPCTransportNIO

/// ``ServiceOptions`` after flags, environment variables and defaults were applied.
public struct ResolvedServiceOptions: Sendable {
    public var service: String
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var logLevel: Logger.Level
    public var maximumFrameBytes: Int
    public var drainTimeout: Duration
    /// Connections open at once (``RPCServerConfiguration/maximumConnections``).
    public var maximumConnections: Int
    /// How long an idle connection stays open; nil: for ever (``RPCServerConfiguration/idleTimeout``).
    public var idleTimeout: Duration?
    /// Port of the Prometheus `/metrics` endpoint, if any.
    public var metricsPort: Int?

    public init(
        service: String,
        host: String,
        port: Int,
        dataDirectory: String,
        logLevel: Logger.Level,
        maximumFrameBytes: Int,
        drainTimeout: Duration,
        maximumConnections: Int = 4096,
        idleTimeout: Duration? = .seconds(300),
        metricsPort: Int? = nil
    ) {
        self.service = service
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.maximumFrameBytes = maximumFrameBytes
        self.drainTimeout = drainTimeout
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
        self.metricsPort = metricsPort
    }
}

extension ServiceOptions {
    /// Applies flag → environment → default.
    ///
    /// - Parameters:
    ///   - service: short name (`registry`, `storage`, `router`), used for the default data folder.
    ///   - defaultPort: the service's port.
    /// - Throws: ``ConfigurationError``.
    public func resolve(
        service: String,
        defaultPort: Int,
        environment: EnvironmentResolver = EnvironmentResolver()
    ) throws(ConfigurationError) -> ResolvedServiceOptions {
        let port = try environment.resolve(self.port, "ZKFAAS_PORT", default: defaultPort)
        guard (0...65535).contains(port) else {
            throw ConfigurationError(setting: "--port", message: "\(port) is not a TCP port")
        }
        let levelText = environment.resolve(logLevel, "ZKFAAS_LOG_LEVEL", default: "info")
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError(setting: "--log-level", message: "unknown level '\(levelText)'")
        }
        let maximumFrameBytes = try environment.resolve(maxFrameBytes, "ZKFAAS_MAX_FRAME_BYTES", default: RPCServerConfiguration.defaultMaximumFrameBytes)
        guard (1024...(1 << 30)).contains(maximumFrameBytes) else {
            throw ConfigurationError(setting: "--max-frame-bytes", message: "must be between 1 KiB and 1 GiB")
        }
        let drain = try environment.resolve(drainSeconds, "ZKFAAS_DRAIN_SECONDS", default: 10)
        guard drain >= 0 else {
            throw ConfigurationError(setting: "--drain-seconds", message: "must not be negative")
        }
        let connections = try environment.resolve(
            maxConnections,
            "ZKFAAS_MAX_CONNECTIONS",
            default: RPCServerConfiguration.defaultMaximumConnections
        )
        guard connections >= 1 else {
            throw ConfigurationError(setting: "--max-connections", message: "must be at least 1")
        }
        let idle = try environment.resolve(
            idleTimeoutSeconds,
            "ZKFAAS_IDLE_TIMEOUT_SECONDS",
            default: Int(RPCServerConfiguration.defaultIdleTimeout.components.seconds)
        )
        guard (0...86_400 * 365).contains(idle) else {
            throw ConfigurationError(setting: "--idle-timeout-seconds", message: "must be between 0 and a year")
        }
        var metrics: Int? = metricsPort
        if metrics == nil, let raw = environment["ZKFAAS_METRICS_PORT"] {
            guard let value = Int(raw) else {
                throw ConfigurationError(setting: "ZKFAAS_METRICS_PORT", message: "cannot parse '\(raw)'")
            }
            metrics = value
        }
        if let metrics, !(0...65535).contains(metrics) {
            throw ConfigurationError(setting: "--metrics-port", message: "\(metrics) is not a TCP port")
        }
        return ResolvedServiceOptions(
            service: service,
            host: environment.resolve(host, "ZKFAAS_HOST", default: "127.0.0.1"),
            port: port,
            dataDirectory: environment.resolve(dataDir, "ZKFAAS_DATA_DIR", default: ".zkfaas-data/\(service)"),
            logLevel: level,
            maximumFrameBytes: maximumFrameBytes,
            drainTimeout: .seconds(drain),
            maximumConnections: connections,
            idleTimeout: idle == 0 ? nil : .seconds(idle),
            metricsPort: metrics
        )
    }
}
