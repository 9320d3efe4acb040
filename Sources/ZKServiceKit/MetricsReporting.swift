/// A service with counters of its own (cache tiers, jobs, uploads) beyond the RPC counters every server has. When
/// the service runs with `--metrics-port`, `/metrics` includes ``metricSamples()`` on every scrape.
public protocol MetricsReporting: Sendable {
    /// The current values; called off the event loops, on every scrape.
    func metricSamples() -> [MetricSample]
}
