import ZKProto

/// JSON of cache and storage tier counters.
enum TierJSON {
    static func tier(_ tier: TierStats) -> JSONText.Value {
        .object([
            ("tier", .string(tier.tier)), ("hits", .uint(tier.hits)), ("misses", .uint(tier.misses)),
            ("entries", .uint(tier.entries)), ("bytes", .uint(tier.bytes)), ("evictions", .uint(tier.evictions)),
            ("integrity_failures", .uint(tier.integrityFailures)),
        ])
    }
}
