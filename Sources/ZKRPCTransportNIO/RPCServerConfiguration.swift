public import NIOCore

/// How an ``RPCServer`` listens and what it accepts.
public struct RPCServerConfiguration: Sendable {
    /// Address to bind; default `127.0.0.1`.
    public var host: String
    /// Port to bind; 0 picks a free one (see ``RPCServer/localAddress``).
    public var port: Int
    /// Largest frame accepted, from the 4-byte header; larger ones get RESOURCE_EXHAUSTED and the connection closes.
    /// Default ``defaultMaximumFrameBytes``.
    public var maximumFrameBytes: Int
    /// Calls one connection may have in flight; more get RESOURCE_EXHAUSTED. Default 4,096.
    public var maximumCallsPerConnection: Int
    /// How long in-flight calls may run after a graceful shutdown begins. Default 10 s.
    public var drainTimeout: Duration
    /// Connections open at once; a connection accepted beyond them is closed at once (counted in
    /// `zkfaas_rpc_connections_rejected_total`). Default ``defaultMaximumConnections``.
    public var maximumConnections: Int
    /// How long a connection may bring no whole frame while it has no call in flight before it is closed (a frame
    /// that never completes keeps no connection open); nil: never. Default ``defaultIdleTimeout``.
    public var idleTimeout: Duration?
    /// Called once the server listens, with the bound address.
    public var onListening: (@Sendable (SocketAddress) -> Void)?

    /// 65 MiB: a program of the default `--max-elf-bytes` (64 MiB) fits even incompressible — zstd adds at most
    /// ~0.4% to data it cannot compress — with the message and frame fields around it.
    public static let defaultMaximumFrameBytes = 65 * 1024 * 1024
    /// 4,096 connections.
    public static let defaultMaximumConnections = 4096
    /// 300 s.
    public static let defaultIdleTimeout = Duration.seconds(300)

    public init(
        host: String = "127.0.0.1",
        port: Int,
        maximumFrameBytes: Int = defaultMaximumFrameBytes,
        maximumCallsPerConnection: Int = 4096,
        drainTimeout: Duration = .seconds(10),
        maximumConnections: Int = defaultMaximumConnections,
        idleTimeout: Duration? = defaultIdleTimeout,
        onListening: (@Sendable (SocketAddress) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.maximumFrameBytes = maximumFrameBytes
        self.maximumCallsPerConnection = maximumCallsPerConnection
        self.drainTimeout = drainTimeout
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
        self.onListening = onListening
    }
}
