import Metrics

/// Counters of an ``RPCServer``, created once per server.
struct ServerMetrics: Sendable {
    let requests: Counter
    let errors: Counter
    let connections: Counter
    /// Connections closed at once because ``RPCServerConfiguration/maximumConnections`` were open.
    let rejectedConnections: Counter
    /// Connections closed by ``RPCServerConfiguration/idleTimeout``.
    let idleClosed: Counter

    init(service: String) {
        requests = Counter(label: "zkfaas_rpc_requests_total", dimensions: [("service", service)])
        errors = Counter(label: "zkfaas_rpc_errors_total", dimensions: [("service", service)])
        connections = Counter(label: "zkfaas_rpc_connections_total", dimensions: [("service", service)])
        rejectedConnections = Counter(
            label: "zkfaas_rpc_connections_rejected_total",
            dimensions: [("service", service)]
        )
        idleClosed = Counter(label: "zkfaas_rpc_connections_idle_closed_total", dimensions: [("service", service)])
    }
}
