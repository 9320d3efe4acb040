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

    func run() async throws {
        let options: ResolvedServiceOptions
        do {
            options = try service.resolve(service: "storage", defaultPort: 7102)
        } catch {
            throw ValidationError(error.description)
        }
        let (logger, _) = ServiceRunner.bootstrap(options)
        let storage = StorageService(logger: logger)
        try await ServiceRunner.run(options: options, services: [storage], logger: logger)
    }
}
