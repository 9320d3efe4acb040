public import ZKServiceKit

/// The router counters on `/metrics`: proof-cache and program-cache tiers, jobs, and each backend, as in `Stats`.
extension RouterService: MetricsReporting {
    public func metricSamples() -> [MetricSample] {
        let stats = stats()
        var samples = MetricSample.tiers(stats.tiers, prefix: "zkfaas_router", what: "Cache tier")
        samples += [
            MetricSample(
                "zkfaas_router_dedup_joins_total", .counter, stats.dedupJoins,
                help: "Prove calls that joined an identical job already running"
            ),
            MetricSample("zkfaas_router_jobs_started_total", .counter, stats.jobsStarted, help: "Jobs started"),
            MetricSample("zkfaas_router_jobs_succeeded_total", .counter, stats.jobsSucceeded, help: "Jobs succeeded"),
            MetricSample("zkfaas_router_jobs_failed_total", .counter, stats.jobsFailed, help: "Jobs failed"),
            MetricSample(
                "zkfaas_router_integrity_failures_total", .counter, stats.integrityFailures,
                help: "Programs whose bytes did not match their registered hash (never executed)"
            ),
            MetricSample(
                "zkfaas_router_rate_limited_total", .counter, stats.rateLimited,
                help: "Calls refused by a rate limit, quota or concurrency cap"
            ),
        ]
        for backend in stats.backends {
            let labels = [(name: "backend", value: backend.name)]
            samples += [
                MetricSample(
                    "zkfaas_router_backend_executions_total", .counter, backend.executions, labels: labels,
                    help: "Jobs run by the backend"
                ),
                MetricSample(
                    "zkfaas_router_backend_failures_total", .counter, backend.failures, labels: labels,
                    help: "Backend runs that failed"
                ),
                MetricSample(
                    "zkfaas_router_backend_queue_depth", .gauge, UInt64(backend.queueDepth), labels: labels,
                    help: "Jobs waiting for the backend"
                ),
                MetricSample(
                    "zkfaas_router_backend_in_flight", .gauge, UInt64(backend.inFlight), labels: labels,
                    help: "Jobs running on the backend"
                ),
                MetricSample(
                    "zkfaas_router_backend_healthy", .gauge, backend.healthy ? 1 : 0, labels: labels,
                    help: "1 while the backend's circuit is not open"
                ),
            ]
        }
        return samples
    }
}
