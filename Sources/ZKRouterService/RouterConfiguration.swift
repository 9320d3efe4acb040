import NIOCore
/// Everything the prover router is configured with. Executables fill it from flags and environment variables.
public struct RouterConfiguration: Sendable {
    /// registry-service `HOST:PORT`.
    public var registryAddress: String
    /// storage-cache-service `HOST:PORT`.
    public var storageAddress: String
    /// Redis URL of the shared L3 proof cache and replica leases; nil: no L3, single-replica dedup only.
    public var redisURL: String?
    /// Folder for the L2 proof cache and the dev-proof signing key.
    public var dataDirectory: String
    /// L1 proof cache entries (default 1,000).
    public var memoryCacheEntries: Int
    /// L1 proof cache bytes: the encoded answers it keeps, each once (default 256 MiB).
    public var memoryCacheBytes: Int
    /// L2 proof cache bytes (default 10 GiB).
    public var diskCacheBytes: Int
    /// Resolved programs kept in memory (default 100).
    public var programCacheEntries: Int
    /// Bytes of resolved programs kept in memory (default 2 GiB), counted as an upper estimate of a decoded
    /// program's size (``ProgramResolver/estimatedBytes(elfBytes:instructions:)``); a program bigger than this is
    /// run but not kept.
    public var programCacheBytes: Int
    /// Cycle limit of a job when the request names none, and the most a request may ask for (default 1e9).
    public var maxCycles: UInt64
    /// Wall-clock limit of one job (default 300 s).
    public var jobTimeout: Duration
    /// Guest memory one run of the local executor may write, ELF image included (default 512 MiB); with
    /// ``workers`` runs at once, it bounds the executor's memory.
    public var maxGuestMemoryBytes: UInt64
    /// Executor threads of the local backend (default: the number of cores).
    public var workers: Int
    /// Jobs queued or running at once across all keys (default 1,000); more get RESOURCE_EXHAUSTED.
    public var queueCapacity: Int
    /// Largest ELF accepted from storage after decompression (default 64 MiB).
    public var maxELFBytes: Int
    /// Per-key limits; nil is the open mode for local development.
    public var apiKeys: [String: APIKeyPolicy]?
    /// The `auto` policy: the local backend takes a job only while it needs at most this many cycles; a bigger
    /// job moves on to the next capable backend (nil: no threshold).
    public var localCycleThreshold: UInt64?
    /// The largest entry count the in-memory caches take (`--cache-entries`, `--program-cache-entries`): an LRU
    /// cache indexes its slots with 32-bit numbers. The flags refuse more; the caches clamp to it.
    public static let maximumCacheEntries = Int(Int32.max) - 1
    /// Lease time of a job across replicas (default 30 s); a dead replica's job is taken over after it.
    /// The shortest lease `--lease-ms` accepts: three renewals' worth of a Redis connect plus a command timeout
    /// (2 s each by default), so a renewal that waits out both timeouts still lands before the lease lapses.
    public static let minimumLease: Duration = .seconds(12)
    public var leaseDuration: Duration
    /// Finished jobs remembered for GetJob/WaitJob (default 10,000).
    public var jobRetention: Int
    /// Bytes of finished job statuses remembered (their proof records, public values included; default 64 MiB):
    /// the oldest finished jobs are forgotten beyond it, the newest one always kept.
    public var jobRetentionBytes: Int
    /// Threads that decompress, hash and decode programs (default 2), off the event loops and the cooperative pool.
    public var programThreads: Int
    /// Prove requests whose inputs total at most this many bytes are looked up in L1 on the event loop; bigger ones
    /// are hashed on the program threads (default 64 KiB).
    public var fastPathInputBytes: Int
    /// How long a job's failure, published in Redis by the replica that ran it, is served to replicas that waited
    /// on the same job (default 60 s).
    public var failureLifetime: Duration

    public init(
        registryAddress: String = "127.0.0.1:7101",
        storageAddress: String = "127.0.0.1:7102",
        redisURL: String? = nil,
        dataDirectory: String,
        memoryCacheEntries: Int = 1000,
        memoryCacheBytes: Int = 256 << 20,
        diskCacheBytes: Int = 10 << 30,
        programCacheEntries: Int = 100,
        programCacheBytes: Int = 2 << 30,
        maxCycles: UInt64 = 1_000_000_000,
        jobTimeout: Duration = .seconds(300),
        maxGuestMemoryBytes: UInt64 = 512 << 20,
        workers: Int? = nil,
        queueCapacity: Int = 1000,
        maxELFBytes: Int = 64 << 20,
        apiKeys: [String: APIKeyPolicy]? = nil,
        localCycleThreshold: UInt64? = nil,
        leaseDuration: Duration = .seconds(30),
        jobRetention: Int = 10_000,
        jobRetentionBytes: Int = 64 << 20,
        programThreads: Int = 2,
        fastPathInputBytes: Int = 64 << 10,
        failureLifetime: Duration = .seconds(60)
    ) {
        self.registryAddress = registryAddress
        self.storageAddress = storageAddress
        self.redisURL = redisURL
        self.dataDirectory = dataDirectory
        self.memoryCacheEntries = memoryCacheEntries
        self.memoryCacheBytes = memoryCacheBytes
        self.diskCacheBytes = diskCacheBytes
        self.programCacheEntries = programCacheEntries
        self.programCacheBytes = programCacheBytes
        self.maxCycles = maxCycles
        self.jobTimeout = jobTimeout
        self.maxGuestMemoryBytes = maxGuestMemoryBytes
        self.workers = workers ?? System.coreCount  // NIO's count honours cgroup CPU limits (containers)
        self.queueCapacity = queueCapacity
        self.maxELFBytes = maxELFBytes
        self.apiKeys = apiKeys
        self.localCycleThreshold = localCycleThreshold
        self.leaseDuration = leaseDuration
        self.jobRetention = jobRetention
        self.jobRetentionBytes = jobRetentionBytes
        self.programThreads = programThreads
        self.fastPathInputBytes = fastPathInputBytes
        self.failureLifetime = failureLifetime
    }
}
