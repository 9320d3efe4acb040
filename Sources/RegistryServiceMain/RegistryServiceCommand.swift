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

    func run() async throws {
        let options: ResolvedServiceOptions
        do {
            options = try service.resolve(service: "registry", defaultPort: 7101)
        } catch {
            throw ValidationError(error.description)
        }
        let (logger, _) = ServiceRunner.bootstrap(options)
        let registry = RegistryService(logger: logger)
        try await ServiceRunner.run(options: options, services: [registry], logger: logger)
    }
}
