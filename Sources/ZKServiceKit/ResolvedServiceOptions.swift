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
        metricsPort: Int? = nil
    ) {
        self.service = service
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.maximumFrameBytes = maximumFrameBytes
        self.drainTimeout = drainTimeout
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
            metricsPort: metrics
        )
    }
}
