import ArgumentParser
import ZKFaaSClient
import ZKProto

/// `zkfaas storage stats`: per-tier hits, misses, entries, bytes, evictions and integrity failures.
struct StorageStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show storage-cache-service's per-tier counters (memory, disk, ipfs, arweave)."
    )
    @Flag(help: "Print one JSON object.") var json = false
    @OptionGroup var endpoints: EndpointOptions

    func run() async throws {
        let stats: StorageStatsResponse = try await endpoints.withStorage { client in
            try await client.stats()
        }
        if json {
            print(
                JSONText.render(
                    .object([
                        ("tiers", .array(stats.tiers.map(TierJSON.tier))),
                        ("upstream_fetches", .uint(stats.upstreamFetches)),
                        ("joined_fetches", .uint(stats.joinedFetches)),
                        ("rejected_upstream", .uint(stats.rejectedUpstream)),
                        ("arweave_uploads", .uint(stats.arweaveUploads)),
                        ("arweave_upload_failures", .uint(stats.arweaveUploadFailures)),
                    ])
                )
            )
        } else {
            for tier in stats.tiers {
                print(
                    "\(tier.tier): hits \(tier.hits), misses \(tier.misses), entries \(tier.entries), "
                        + "bytes \(tier.bytes), evictions \(tier.evictions), "
                        + "integrity failures \(tier.integrityFailures)"
                )
            }
            print(
                "upstream fetches \(stats.upstreamFetches), joined \(stats.joinedFetches), "
                    + "rejected \(stats.rejectedUpstream)"
            )
            print("arweave uploads \(stats.arweaveUploads), failed \(stats.arweaveUploadFailures)")
        }
    }
}
