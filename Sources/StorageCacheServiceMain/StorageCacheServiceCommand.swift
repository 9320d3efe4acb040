import ArgumentParser
import ZKServiceKit
import ZKStorageService

@main
struct StorageCacheServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage-cache-service",
        abstract: "ZK-FaaS content-addressed ELF storage: memory → disk → IPFS → Arweave, every byte verified."
    )

    @OptionGroup var service: ServiceOptions
    @OptionGroup var storage: StorageOptions
    @Flag(help: "Check the configuration (flags and ZKFAAS_* variables), print it, and exit.")
    var checkConfig = false

    func run() async throws {
        let options: ResolvedServiceOptions
        let configuration: StorageConfiguration
        do {
            options = try service.resolve(service: "storage", defaultPort: 7102)
            configuration = try storage.configuration(dataDirectory: options.dataDirectory)
            if checkConfig {
                try ConfigurationCheck.rejectUnknownVariables(known: StorageOptions.environmentNames)
                try configuration.validateArweave()  // a real start checks the wallet when it loads it
            }
        } catch {
            throw ValidationError("\(error)")
        }
        if checkConfig {
            print(
                "storage-cache-service configuration OK: \(options.host):\(options.port), data \(options.dataDirectory)"
            )
            return
        }
        let (logger, metrics) = ServiceRunner.bootstrap(options)
        for name in ConfigurationCheck.unknownVariables(known: StorageOptions.environmentNames) {
            logger.warning("ignoring unknown variable", metadata: ["variable": "\(name)"])
        }
        let storageService: StorageService
        do {
            storageService = try StorageService(configuration: configuration, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationError("\(error)")
        }
        try await ServiceRunner.run(options: options, services: [storageService], metrics: metrics, logger: logger)
    }
}
