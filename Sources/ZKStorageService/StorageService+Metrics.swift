public import ZKServiceKit

/// The storage counters on `/metrics`: the tiers and the upstream and Arweave counters of `Stats`.
extension StorageService: MetricsReporting {
    public func metricSamples() -> [MetricSample] {
        let stats = stats()
        return MetricSample.tiers(stats.tiers, prefix: "zkfaas_storage", what: "Program tier")
            + MetricSample.counters([
                (
                    "zkfaas_storage_upstream_fetches_total", stats.upstreamFetches,
                    "Fetches from IPFS or Arweave (concurrent gets of one program make one)"
                ),
                (
                    "zkfaas_storage_joined_fetches_total", stats.joinedFetches,
                    "Gets that joined an upstream fetch already running"
                ),
                (
                    "zkfaas_storage_rejected_upstream_total", stats.rejectedUpstream,
                    "Upstream answers rejected because their bytes did not match the address"
                ),
                (
                    "zkfaas_storage_arweave_uploads_total", stats.arweaveUploads,
                    "Programs uploaded to Arweave and accepted by the gateway"
                ),
                (
                    "zkfaas_storage_arweave_upload_failures_total", stats.arweaveUploadFailures,
                    "Arweave uploads that failed (the puts still succeeded)"
                ),
            ])
    }
}
