/// Builds the configured upstream tiers, IPFS before Arweave.
enum UpstreamFactory {
    /// IPFS when a gateway (fetch) or an API (publish) is configured; Arweave when a gateway is configured.
    static func make(configuration: StorageConfiguration) -> [any UpstreamSource] {
        var upstreams: [any UpstreamSource] = []
        if configuration.ipfsGateway != nil || configuration.ipfsAPI != nil {
            upstreams.append(
                IPFSUpstream(
                    api: trimmed(configuration.ipfsAPI),
                    gateway: trimmed(configuration.ipfsGateway),
                    timeout: configuration.upstreamTimeout
                )
            )
        }
        if let gateway = trimmed(configuration.arweaveGateway) {
            upstreams.append(ArweaveUpstream(gateway: gateway, timeout: configuration.upstreamTimeout))
        }
        return upstreams
    }

    /// The URL without trailing slashes (nil stays nil).
    private static func trimmed(_ url: String?) -> String? {
        guard var url, !url.isEmpty else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
