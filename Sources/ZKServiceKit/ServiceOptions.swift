public import ArgumentParser

/// The options every service executable takes. Each also reads an environment variable; the flag wins.
public struct ServiceOptions: ParsableArguments, Sendable {
    @Option(help: "Address to listen on. [env: ZKFAAS_HOST] (default: 127.0.0.1)")
    public var host: String?

    @Option(help: "Port to listen on; 0 picks a free one. [env: ZKFAAS_PORT] (default: the service's own)")
    public var port: Int?

    @Option(help: "Folder for the service's data. [env: ZKFAAS_DATA_DIR] (default: ./.zkfaas-data/<service>)")
    public var dataDir: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical. [env: ZKFAAS_LOG_LEVEL] (default: info)")
    public var logLevel: String?

    @Option(help: "Largest frame accepted, in bytes. [env: ZKFAAS_MAX_FRAME_BYTES] (default: 68157440, 65 MiB)")
    public var maxFrameBytes: Int?

    @Option(help: "Seconds in-flight calls may run after SIGTERM. [env: ZKFAAS_DRAIN_SECONDS] (default: 10)")
    public var drainSeconds: Int?

    @Option(help: "Connections open at once; more are closed at once. [env: ZKFAAS_MAX_CONNECTIONS] (default: 4096)")
    public var maxConnections: Int?

    @Option(
        help: """
            Seconds a connection may send no whole frame with no call in flight before it is closed; 0: never. \
            [env: ZKFAAS_IDLE_TIMEOUT_SECONDS] (default: 300)
            """
    )
    public var idleTimeoutSeconds: Int?

    @Option(help: "Port of the Prometheus /metrics endpoint; none when unset. [env: ZKFAAS_METRICS_PORT]")
    public var metricsPort: Int?

    public init() {}
}
