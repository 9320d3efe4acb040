import ArgumentParser
import ZKCrypto
import ZKRouterService
import ZKServiceKit

/// prover-router's own options; each also reads an environment variable, and the flag wins.
struct RouterOptions: ParsableArguments {
    @Option(help: "registry-service HOST:PORT. [env: ZKFAAS_REGISTRY] (default: 127.0.0.1:7101)")
    var registry: String?
    @Option(help: "storage-cache-service HOST:PORT. [env: ZKFAAS_STORAGE] (default: 127.0.0.1:7102)")
    var storage: String?
    @Option(help: "Redis URL of the shared L3 proof cache and replica leases. [env: ZKFAAS_REDIS_URL] (default: none)")
    var redisURL: String?
    @Option(help: "API keys file (one key a line: KEY rate=R burst=B proofs=P cycles=C concurrent=N); every method but Health then needs a known key, and jobs belong to their key. Without it the router runs in open mode. [env: ZKFAAS_API_KEYS_FILE]")
    var apiKeys: String?
    @Option(help: "L1 proof cache entries, below 2^31. [env: ZKFAAS_CACHE_ENTRIES] (default: 1000)")
    var cacheEntries: Int?
    @Option(help: "L1 proof cache bytes (each answer kept once, encoded). [env: ZKFAAS_CACHE_MEMORY_BYTES] (default: 256 MiB)")
    var cacheMemoryBytes: Int?
    @Option(help: "L2 proof cache bytes. [env: ZKFAAS_CACHE_DISK_BYTES] (default: 10 GiB)")
    var cacheDiskBytes: Int?
    @Option(help: "Resolved programs kept in memory, below 2^31. [env: ZKFAAS_PROGRAM_CACHE_ENTRIES] (default: 100)")
    var programCacheEntries: Int?
    @Option(help: "Bytes of decoded programs kept in memory (ELF bytes + 64 per instruction); a bigger program runs uncached. [env: ZKFAAS_PROGRAM_CACHE_BYTES] (default: 2 GiB)")
    var programCacheBytes: Int?
    @Option(help: "Bytes of finished job statuses (proof records with their public values) kept for GetJob; the oldest are forgotten beyond it. [env: ZKFAAS_JOB_RETENTION_BYTES] (default: 64 MiB)")
    var jobRetentionBytes: Int?
    @Option(help: "Cycle limit per job. [env: ZKFAAS_MAX_CYCLES] (default: 1000000000)")
    var maxCycles: UInt64?
    @Option(help: "Seconds a job may run. [env: ZKFAAS_JOB_TIMEOUT_SECONDS] (default: 300)")
    var jobTimeoutSeconds: Int?
    @Option(help: "Guest memory bytes one run of the local executor may write, ELF image included; at most one run per worker. [env: ZKFAAS_MAX_GUEST_MEMORY] (default: 512 MiB)")
    var maxGuestMemory: UInt64?
    @Option(help: "Executor threads. [env: ZKFAAS_WORKERS] (default: cores)")
    var workers: Int?
    @Option(help: "Jobs queued or running at once. [env: ZKFAAS_QUEUE_CAPACITY] (default: 1000)")
    var queueCapacity: Int?
    @Option(help: "Largest ELF accepted from storage. [env: ZKFAAS_MAX_ELF_BYTES] (default: 64 MiB)")
    var maxELFBytes: Int?
    @Option(help: "auto policy: the local backend takes jobs up to this many cycles, bigger ones go to the next backend. [env: ZKFAAS_LOCAL_MAX_CYCLES] (default: no limit)")
    var localMaxCycles: UInt64?
    @Option(help: "Milliseconds a replica's Redis lease on a job lasts without renewal (renewed every third of it while the job runs; a replica that dies loses its jobs to the others after this). [env: ZKFAAS_LEASE_MS] (default: 30000)")
    var leaseMs: Int?

    /// The environment variables these options read.
    static let environmentNames = [
        "ZKFAAS_REGISTRY", "ZKFAAS_STORAGE", "ZKFAAS_REDIS_URL", "ZKFAAS_API_KEYS_FILE", "ZKFAAS_CACHE_ENTRIES",
        "ZKFAAS_CACHE_DISK_BYTES", "ZKFAAS_PROGRAM_CACHE_ENTRIES", "ZKFAAS_MAX_CYCLES", "ZKFAAS_JOB_TIMEOUT_SECONDS",
        "ZKFAAS_WORKERS", "ZKFAAS_QUEUE_CAPACITY", "ZKFAAS_MAX_ELF_BYTES", "ZKFAAS_LOCAL_MAX_CYCLES", "ZKFAAS_LEASE_MS",
        "ZKFAAS_MAX_GUEST_MEMORY", "ZKFAAS_CACHE_MEMORY_BYTES", "ZKFAAS_PROGRAM_CACHE_BYTES", "ZKFAAS_JOB_RETENTION_BYTES",
    ]

    /// The most executor threads `--workers` may ask for.
    static let maximumWorkers = 1024

    func configuration(dataDirectory: String, environment env: EnvironmentResolver = EnvironmentResolver()) throws
        -> RouterConfiguration
    {
        var configuration = RouterConfiguration(dataDirectory: dataDirectory)
        configuration.registryAddress = env.resolve(registry, "ZKFAAS_REGISTRY", default: configuration.registryAddress)
        configuration.storageAddress = env.resolve(storage, "ZKFAAS_STORAGE", default: configuration.storageAddress)
        configuration.redisURL = env.resolve(redisURL, "ZKFAAS_REDIS_URL")
        configuration.memoryCacheEntries = try count(
            env.resolve(cacheEntries, "ZKFAAS_CACHE_ENTRIES", default: configuration.memoryCacheEntries), "--cache-entries")
        configuration.memoryCacheBytes = try positive(
            env.resolve(cacheMemoryBytes, "ZKFAAS_CACHE_MEMORY_BYTES", default: configuration.memoryCacheBytes),
            "--cache-memory-bytes")
        configuration.diskCacheBytes = try positive(
            env.resolve(cacheDiskBytes, "ZKFAAS_CACHE_DISK_BYTES", default: configuration.diskCacheBytes), "--cache-disk-bytes")
        configuration.programCacheEntries = try count(
            env.resolve(programCacheEntries, "ZKFAAS_PROGRAM_CACHE_ENTRIES", default: configuration.programCacheEntries),
            "--program-cache-entries")
        configuration.programCacheBytes = try positive(
            env.resolve(programCacheBytes, "ZKFAAS_PROGRAM_CACHE_BYTES", default: configuration.programCacheBytes),
            "--program-cache-bytes")
        configuration.jobRetentionBytes = try positive(
            env.resolve(jobRetentionBytes, "ZKFAAS_JOB_RETENTION_BYTES", default: configuration.jobRetentionBytes),
            "--job-retention-bytes")
        configuration.maxCycles = try env.resolve(maxCycles, "ZKFAAS_MAX_CYCLES", default: configuration.maxCycles) {
            UInt64($0)
        }
        configuration.jobTimeout = .seconds(
            try positive(env.resolve(jobTimeoutSeconds, "ZKFAAS_JOB_TIMEOUT_SECONDS", default: 300), "--job-timeout-seconds"))
        let guestMemory = try env.resolve(
            maxGuestMemory, "ZKFAAS_MAX_GUEST_MEMORY", default: configuration.maxGuestMemoryBytes
        ) { UInt64($0) }
        // One 4 KiB page is the smallest limit the executor can apply (and the ELF image needs at least that).
        guard guestMemory >= 4096 else {
            throw ConfigurationError(setting: "--max-guest-memory", message: "must be at least 4096 (got \(guestMemory))")
        }
        configuration.maxGuestMemoryBytes = guestMemory
        configuration.workers = try count(env.resolve(workers, "ZKFAAS_WORKERS", default: configuration.workers), "--workers")
        // Each worker is a thread started at once: a count the machine cannot hold would exhaust its threads (seen: a
        // router asked for 2^31 - 1 took every pid of the machine) instead of failing.
        guard configuration.workers <= Self.maximumWorkers else {
            throw ConfigurationError(
                setting: "--workers",
                message: "at most \(Self.maximumWorkers), one thread each (got \(configuration.workers))"
            )
        }
        configuration.queueCapacity = try count(
            env.resolve(queueCapacity, "ZKFAAS_QUEUE_CAPACITY", default: configuration.queueCapacity), "--queue-capacity")
        configuration.maxELFBytes = try positive(
            env.resolve(maxELFBytes, "ZKFAAS_MAX_ELF_BYTES", default: configuration.maxELFBytes), "--max-elf-bytes")
        configuration.localCycleThreshold = try env.resolve(localMaxCycles, "ZKFAAS_LOCAL_MAX_CYCLES", default: nil) {
            (text: String) -> UInt64?? in UInt64(text).map { Optional($0) }
        }
        let leaseMilliseconds = try env.resolve(leaseMs, "ZKFAAS_LEASE_MS", default: 30_000)
        // The holder renews every third of the lease over Redis, and one renewal may take a connect and a command
        // timeout: a lease shorter than three of those could lapse while its holder still runs the job.
        let minimum = Int(RouterConfiguration.minimumLease / .milliseconds(1))
        guard leaseMilliseconds >= minimum else {
            throw ConfigurationError(
                setting: "--lease-ms", message: "must be at least \(minimum) (got \(leaseMilliseconds))")
        }
        configuration.leaseDuration = .milliseconds(leaseMilliseconds)
        if let path = env.resolve(apiKeys, "ZKFAAS_API_KEYS_FILE") {
            let text = try Self.readText(path)
            configuration.apiKeys = try APIKeyPolicy.parseFile(text)
        }
        return configuration
    }

    private func positive(_ value: Int, _ name: String) throws -> Int {
        guard value > 0 else { throw ConfigurationError(setting: name, message: "must be positive") }
        return value
    }

    /// A positive count the in-memory structures can index (below 2^31): more is a configuration error, not a trap.
    private func count(_ value: Int, _ name: String) throws -> Int {
        let value = try positive(value, name)
        guard value <= RouterConfiguration.maximumCacheEntries else {
            throw ConfigurationError(
                setting: name, message: "must be below 2^31 (at most \(RouterConfiguration.maximumCacheEntries)), got \(value)")
        }
        return value
    }

    private static func readText(_ path: String) throws -> String {
        do {
            return String(decoding: try FileBytes.read(path), as: UTF8.self)
        } catch {
            throw ConfigurationError(setting: "--api-keys", message: error.description)
        }
    }
}
