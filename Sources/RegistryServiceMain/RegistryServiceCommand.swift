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

    func run() async throws {
        let options: ResolvedServiceOptions
        let settings: RegistryOptions.Resolved
        do {
            options = try service.resolve(service: "registry", defaultPort: 7101)
            settings = try registry.resolve()
        } catch {
            throw ValidationError(error.description)
        }
        let (logger, _) = ServiceRunner.bootstrap(options)
        let store = try SQLiteRegistryStore(directory: options.dataDirectory)
        var configuration = RegistryService.Configuration(cacheEntries: settings.cacheEntries)
        if !settings.skipStorageCheck {
            configuration.storageCheck = try StorageIntegrityCheck(address: settings.storageAddress)
        } else {
            logger.warning(
                "storage check disabled: registrations are not checked against storage-cache-service")
        }
        let registryService = RegistryService(
            store: store, configuration: configuration, logger: logger)
        try await ServiceRunner.run(options: options, services: [registryService], logger: logger)
        await configuration.storageCheck?.close()
    }
}
