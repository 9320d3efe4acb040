import Metrics

/// Counters of an ``RPCServer``, created once per server.
struct ServerMetrics: Sendable {
    let requests: Counter
    let errors: Counter
    let connections: Counter

    init(service: String) {
        requests = Counter(label: "zkfaas_rpc_requests_total", dimensions: [("service", service)])
        errors = Counter(label: "zkfaas_rpc_errors_total", dimensions: [("service", service)])
        connections = Counter(label: "zkfaas_rpc_connections_total", dimensions: [("service", service)])
    }
}
