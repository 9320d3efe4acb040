public import ZKServiceKit

/// The storage counters on `/metrics`: the tiers and the upstream and Arweave counters of `Stats`.
extension StorageService: MetricsReporting {
    public func metricSamples() -> [MetricSample] {
        let stats = stats()
        return MetricSample.tiers(stats.tiers, prefix: "zkfaas_storage", what: "Program tier")
            + [
                MetricSample(
                    "zkfaas_storage_upstream_fetches_total", .counter, stats.upstreamFetches,
                    help: "Fetches from IPFS or Arweave (concurrent gets of one program make one)"
                ),
                MetricSample(
                    "zkfaas_storage_joined_fetches_total", .counter, stats.joinedFetches,
                    help: "Gets that joined an upstream fetch already running"
                ),
                MetricSample(
                    "zkfaas_storage_rejected_upstream_total", .counter, stats.rejectedUpstream,
                    help: "Upstream answers rejected because their bytes did not match the address"
                ),
                MetricSample(
                    "zkfaas_storage_arweave_uploads_total", .counter, stats.arweaveUploads,
                    help: "Programs uploaded to Arweave and accepted by the gateway"
                ),
                MetricSample(
                    "zkfaas_storage_arweave_upload_failures_total", .counter, stats.arweaveUploadFailures,
                    help: "Arweave uploads that failed (the puts still succeeded)"
                ),
            ]
    }
}
