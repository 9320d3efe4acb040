public import ZKServiceKit

/// The router counters on `/metrics`: proof-cache and program-cache tiers, jobs, and each backend, as in `Stats`.
extension RouterService: MetricsReporting {
    public func metricSamples() -> [MetricSample] {
        let stats = stats()
        var samples = MetricSample.tiers(stats.tiers, prefix: "zkfaas_router", what: "Cache tier")
        samples += MetricSample.counters([
            ("zkfaas_router_dedup_joins_total", stats.dedupJoins, "Prove calls that joined an identical job running"),
            ("zkfaas_router_jobs_started_total", stats.jobsStarted, "Jobs started"),
            ("zkfaas_router_jobs_succeeded_total", stats.jobsSucceeded, "Jobs succeeded"),
            ("zkfaas_router_jobs_failed_total", stats.jobsFailed, "Jobs failed"),
            (
                "zkfaas_router_integrity_failures_total", stats.integrityFailures,
                "Programs whose bytes did not match their registered hash (never executed)"
            ),
            (
                "zkfaas_router_rate_limited_total", stats.rateLimited,
                "Calls refused by a rate limit, quota or concurrency cap"
            ),
        ])
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
