import ArgumentParser
import ZKServiceKit
import ZKStorageService

/// storage-cache-service's own options; each also reads an environment variable, and the flag wins.
struct StorageOptions: ParsableArguments {
    @Option(help: "Programs in the memory tier. [env: ZKFAAS_STORAGE_MEMORY_PROGRAMS] (default: 100)")
    var memoryPrograms: Int?
    @Option(help: "Compressed bytes in the memory tier. [env: ZKFAAS_STORAGE_MEMORY_BYTES] (default: 1 GiB)")
    var memoryBytes: Int?
    @Option(help: "Compressed bytes in the disk tier. [env: ZKFAAS_STORAGE_DISK_BYTES] (default: 10 GiB)")
    var diskBytes: Int?
    @Option(help: "Largest uncompressed ELF accepted. [env: ZKFAAS_MAX_ELF_BYTES] (default: 64 MiB)")
    var maxELFBytes: Int?
    @Option(help: "Kubo RPC API URL, e.g. http://127.0.0.1:5001. [env: ZKFAAS_IPFS_API] (default: none)")
    var ipfsAPI: String?
    @Option(help: "IPFS trustless gateway URL, e.g. http://127.0.0.1:8080. [env: ZKFAAS_IPFS_GATEWAY] (default: none)")
    var ipfsGateway: String?
    @Option(help: "Arweave gateway URL, e.g. https://arweave.net. [env: ZKFAAS_ARWEAVE_GATEWAY] (default: none)")
    var arweaveGateway: String?
    @Option(
        help: """
            Arweave JWK wallet file; with --arweave-gateway, new programs are uploaded to Arweave on put. \
            [env: ZKFAAS_ARWEAVE_WALLET] (default: none)
            """
    )
    var arweaveWallet: String?
    @Option(help: "Seconds one upstream fetch may take. [env: ZKFAAS_UPSTREAM_TIMEOUT_SECONDS] (default: 60)")
    var upstreamTimeoutSeconds: Int?
    @Option(
        help: """
            Write keys file (one key a line, # comments): PutProgram, Pin and Unpin then need one in the api-key \
            metadata; without it storage runs in open mode. [env: ZKFAAS_STORAGE_WRITE_KEYS_FILE] (default: none)
            """
    )
    var writeKeys: String?
    @Option(
        help: """
            Most compressed bytes pinned on disk; pins beyond are RESOURCE_EXHAUSTED. \
            [env: ZKFAAS_STORAGE_MAX_PINNED_BYTES] (default: half of --disk-bytes)
            """
    )
    var maxPinnedBytes: Int?
    @Option(
        help: """
            Distinct upstream fetches running at once; more are RESOURCE_EXHAUSTED. \
            [env: ZKFAAS_STORAGE_MAX_UPSTREAM_FETCHES] (default: 64)
            """
    )
    var maxUpstreamFetches: Int?
    @Option(
        help: """
            PutProgram calls processed at once; more are RESOURCE_EXHAUSTED. \
            [env: ZKFAAS_STORAGE_MAX_CONCURRENT_PUTS] (default: 8)
            """
    )
    var maxConcurrentPuts: Int?

    static let environmentNames = [
        "ZKFAAS_STORAGE_MEMORY_PROGRAMS", "ZKFAAS_STORAGE_MEMORY_BYTES", "ZKFAAS_STORAGE_DISK_BYTES",
        "ZKFAAS_MAX_ELF_BYTES", "ZKFAAS_IPFS_API", "ZKFAAS_IPFS_GATEWAY", "ZKFAAS_ARWEAVE_GATEWAY",
        "ZKFAAS_ARWEAVE_WALLET", "ZKFAAS_UPSTREAM_TIMEOUT_SECONDS", "ZKFAAS_STORAGE_WRITE_KEYS_FILE",
        "ZKFAAS_STORAGE_MAX_PINNED_BYTES", "ZKFAAS_STORAGE_MAX_UPSTREAM_FETCHES", "ZKFAAS_STORAGE_MAX_CONCURRENT_PUTS",
    ]

    /// The most programs the memory tier can index (its LRU uses 32-bit slots).
    static let maxMemoryPrograms = 100_000_000

    func configuration(dataDirectory: String, environment env: EnvironmentResolver = EnvironmentResolver()) throws
        -> StorageConfiguration
    {
        var configuration = StorageConfiguration(dataDirectory: dataDirectory)
        func positive(_ value: Int, _ name: String) throws -> Int {
            guard value > 0 else { throw ConfigurationError(setting: name, message: "must be positive") }
            return value
        }
        let programs = try positive(
            env.resolve(memoryPrograms, "ZKFAAS_STORAGE_MEMORY_PROGRAMS", default: configuration.memoryPrograms),
            "--memory-programs"
        )
        guard programs <= Self.maxMemoryPrograms else {
            throw ConfigurationError(
                setting: "--memory-programs",
                message: "must be at most \(Self.maxMemoryPrograms) (got \(programs))"
            )
        }
        configuration.memoryPrograms = programs
        configuration.memoryBytes = try positive(
            env.resolve(memoryBytes, "ZKFAAS_STORAGE_MEMORY_BYTES", default: configuration.memoryBytes),
            "--memory-bytes"
        )
        configuration.diskBytes = try positive(
            env.resolve(diskBytes, "ZKFAAS_STORAGE_DISK_BYTES", default: configuration.diskBytes),
            "--disk-bytes"
        )
        configuration.maxELFBytes = try positive(
            env.resolve(maxELFBytes, "ZKFAAS_MAX_ELF_BYTES", default: configuration.maxELFBytes),
            "--max-elf-bytes"
        )
        configuration.ipfsAPI = env.resolve(ipfsAPI, "ZKFAAS_IPFS_API")
        configuration.ipfsGateway = env.resolve(ipfsGateway, "ZKFAAS_IPFS_GATEWAY")
        configuration.arweaveGateway = env.resolve(arweaveGateway, "ZKFAAS_ARWEAVE_GATEWAY")
        configuration.arweaveWallet = env.resolve(arweaveWallet, "ZKFAAS_ARWEAVE_WALLET")
        configuration.upstreamTimeout = .seconds(
            try positive(
                env.resolve(upstreamTimeoutSeconds, "ZKFAAS_UPSTREAM_TIMEOUT_SECONDS", default: 60),
                "--upstream-timeout-seconds"
            )
        )
        let pinned = try env.resolve(
            maxPinnedBytes, "ZKFAAS_STORAGE_MAX_PINNED_BYTES", default: configuration.diskBytes / 2)
        guard (0...configuration.diskBytes).contains(pinned) else {
            throw ConfigurationError(
                setting: "--max-pinned-bytes",
                message: "must be between 0 and --disk-bytes (\(configuration.diskBytes)), got \(pinned)"
            )
        }
        configuration.maxPinnedBytes = pinned
        configuration.maxUpstreamFetches = try positive(
            env.resolve(maxUpstreamFetches, "ZKFAAS_STORAGE_MAX_UPSTREAM_FETCHES", default: 64),
            "--max-upstream-fetches"
        )
        configuration.maxConcurrentPuts = try positive(
            env.resolve(maxConcurrentPuts, "ZKFAAS_STORAGE_MAX_CONCURRENT_PUTS", default: 8),
            "--max-concurrent-puts"
        )
        if let path = env.resolve(writeKeys, "ZKFAAS_STORAGE_WRITE_KEYS_FILE") {
            configuration.writeKeys = try StorageWriteKeys.read(path: path)
        }
        return configuration
    }
}
