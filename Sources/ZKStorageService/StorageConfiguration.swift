public import ZKServiceKit

/// What storage-cache-service is configured with. Executables fill it from flags and environment variables.
public struct StorageConfiguration: Sendable {
    /// Folder of the disk tier.
    public var dataDirectory: String
    /// Programs in the memory tier (default 100); values at or above 2^31 are clamped.
    public var memoryPrograms: Int
    /// Compressed bytes in the memory tier (default 1 GiB).
    public var memoryBytes: Int
    /// Compressed bytes in the disk tier (default 10 GiB).
    public var diskBytes: Int
    /// Largest uncompressed ELF accepted (default 64 MiB); also the cap on any declared size.
    public var maxELFBytes: Int
    /// Kubo RPC API base URL (e.g. `http://127.0.0.1:5001`); puts are also added there.
    public var ipfsAPI: String?
    /// Trustless gateway base URL (e.g. `http://127.0.0.1:8080`) for misses; every block is verified.
    public var ipfsGateway: String?
    /// Arweave gateway base URL (e.g. `https://arweave.net`) for programs with a transaction id.
    public var arweaveGateway: String?
    /// Arweave JWK wallet file (an RSA key). With ``arweaveGateway``, every new program is uploaded to Arweave on
    /// put, signed with this key.
    public var arweaveWallet: String?
    /// Largest program sent inline in Arweave's `POST /tx` (default 10 MiB); larger ones go by `POST /chunk`.
    public var arweaveMaxInlineBytes: Int
    /// Timeout of one upstream fetch (default 60 s).
    public var upstreamTimeout: Duration
    /// Write keys: when set, `PutProgram`, `Pin` and `Unpin` need one of them in the `api-key` call metadata
    /// (UNAUTHENTICATED otherwise); gets, stats and health stay open. `nil` (default) is the open mode: anyone
    /// may write, for local development only. See ``StorageWriteKeys``.
    public var writeKeys: Set<String>?
    /// Most compressed bytes pinned on disk (default: half of ``diskBytes``); a pin or pinned put beyond it is
    /// refused with RESOURCE_EXHAUSTED. The memory tier never pins: it stays within ``memoryBytes``.
    public var maxPinnedBytes: Int
    /// Most distinct upstream fetches (IPFS, Arweave) running at once (default 64); a get that would start one
    /// more is refused with RESOURCE_EXHAUSTED (joining a running fetch is always allowed).
    public var maxUpstreamFetches: Int
    /// Most `PutProgram` calls processed at once (default 8), from verification through publishing; more are
    /// refused with RESOURCE_EXHAUSTED instead of queueing their decompressed copies behind the I/O pool.
    public var maxConcurrentPuts: Int

    public init(
        dataDirectory: String,
        memoryPrograms: Int = 100,
        memoryBytes: Int = 1 << 30,
        diskBytes: Int = 10 << 30,
        maxELFBytes: Int = 64 << 20,
        ipfsAPI: String? = nil,
        ipfsGateway: String? = nil,
        arweaveGateway: String? = nil,
        arweaveWallet: String? = nil,
        arweaveMaxInlineBytes: Int = 10 << 20,
        upstreamTimeout: Duration = .seconds(60),
        writeKeys: Set<String>? = nil,
        maxPinnedBytes: Int? = nil,
        maxUpstreamFetches: Int = 64,
        maxConcurrentPuts: Int = 8
    ) {
        self.dataDirectory = dataDirectory
        self.memoryPrograms = memoryPrograms
        self.memoryBytes = memoryBytes
        self.diskBytes = diskBytes
        self.maxELFBytes = maxELFBytes
        self.ipfsAPI = ipfsAPI
        self.ipfsGateway = ipfsGateway
        self.arweaveGateway = arweaveGateway
        self.arweaveWallet = arweaveWallet
        self.arweaveMaxInlineBytes = arweaveMaxInlineBytes
        self.upstreamTimeout = upstreamTimeout
        self.writeKeys = writeKeys
        self.maxPinnedBytes = maxPinnedBytes ?? diskBytes / 2
        self.maxUpstreamFetches = maxUpstreamFetches
        self.maxConcurrentPuts = maxConcurrentPuts
    }

    /// Checks the Arweave settings: a wallet needs a gateway, and the wallet file must hold a usable RSA key.
    ///
    /// - Throws: ``ZKServiceKit/ConfigurationError`` naming `--arweave-wallet`.
    public func validateArweave() throws(ConfigurationError) {
        _ = try UpstreamFactory.makeArweaveUploader(configuration: self)
    }
}
