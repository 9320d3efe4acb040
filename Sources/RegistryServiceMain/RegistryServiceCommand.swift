import ArgumentParser
import ZKRegistryService
import ZKServiceKit

@main
struct RegistryServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry-service",
        abstract: "ZK-FaaS program registry: programHash → metadata, signed, immutable."
    )

    @OptionGroup var service: ServiceOptions
    @OptionGroup var registry: RegistryOptions
    @Flag(help: "Check the configuration (flags and ZKFAAS_* variables), print it, and exit.")
    var checkConfig = false

    /// The environment variables registry-service reads besides the common ones.
    static let environmentNames = [
        "ZKFAAS_STORAGE", "ZKFAAS_STORAGE_KEY", "ZKFAAS_REGISTRY_SKIP_STORAGE_CHECK", "ZKFAAS_REGISTRY_CACHE_ENTRIES",
    ]

    func run() async throws {
        let options: ResolvedServiceOptions
        let settings: RegistryOptions.Resolved
        do {
            options = try service.resolve(service: "registry", defaultPort: 7101)
            settings = try registry.resolve()
            if checkConfig { try ConfigurationCheck.rejectUnknownVariables(known: Self.environmentNames) }
        } catch {
            throw ValidationError("\(error)")
        }
        if checkConfig {
            print("registry-service configuration OK: \(options.host):\(options.port), data \(options.dataDirectory)")
            return
        }
        let (logger, metrics) = ServiceRunner.bootstrap(options)
        for name in ConfigurationCheck.unknownVariables(known: Self.environmentNames) {
            logger.warning("ignoring unknown variable", metadata: ["variable": "\(name)"])
        }
        let store = try SQLiteRegistryStore(directory: options.dataDirectory)
        var configuration = RegistryService.Configuration(cacheEntries: settings.cacheEntries)
        if !settings.skipStorageCheck {
            configuration.storageCheck = try StorageIntegrityCheck(
                address: settings.storageAddress,
                writeKey: settings.storageKey
            )
        } else {
            logger.warning(
                "storage check disabled: registrations are not checked against storage-cache-service")
        }
        let registryService = RegistryService(
            store: store, configuration: configuration, logger: logger)
        try await ServiceRunner.run(options: options, services: [registryService], metrics: metrics, logger: logger)
    }
}
