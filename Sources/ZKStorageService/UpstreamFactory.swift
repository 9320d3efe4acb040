import ZKServiceKit

/// Builds the configured upstream tiers, IPFS before Arweave.
enum UpstreamFactory {
    /// IPFS when a gateway (fetch) or a Kubo API (publish, and fetch) is configured; Arweave when a gateway is
    /// configured.
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

    /// The Arweave uploader when a wallet is configured (nil without one).
    ///
    /// - Throws: ``ZKServiceKit/ConfigurationError`` when the wallet has no gateway to upload to or the wallet file is
    ///   not a usable key.
    static func makeArweaveUploader(configuration: StorageConfiguration) throws(ConfigurationError) -> ArweaveUploader?
    {
        guard let path = configuration.arweaveWallet, !path.isEmpty else { return nil }
        guard let gateway = trimmed(configuration.arweaveGateway) else {
            throw ConfigurationError(setting: "--arweave-wallet", message: "needs --arweave-gateway to upload to")
        }
        do {
            return ArweaveUploader(
                gateway: gateway,
                wallet: try ArweaveWallet(path: path),
                timeout: configuration.upstreamTimeout,
                maxInlineBytes: configuration.arweaveMaxInlineBytes
            )
        } catch {
            throw ConfigurationError(setting: "--arweave-wallet", message: "\(error)")
        }
    }

    /// The URL without trailing slashes (nil stays nil).
    private static func trimmed(_ url: String?) -> String? {
        guard var url, !url.isEmpty else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
