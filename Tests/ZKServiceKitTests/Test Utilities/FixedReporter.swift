import ZKServiceKit

/// A service's own counters, fixed, for scraping tests.
struct FixedReporter: MetricsReporting {
    let samples: [MetricSample]

    func metricSamples() -> [MetricSample] { samples }
}
