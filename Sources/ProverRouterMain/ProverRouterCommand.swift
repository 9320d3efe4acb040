import ArgumentParser
import ZKRouterService
import ZKServiceKit

@main
struct ProverRouterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prover-router",
        abstract: "ZK-FaaS prover router: proof cache, in-flight dedup, verified program resolution, backends."
    )

    @OptionGroup var service: ServiceOptions

    func run() async throws {
        let options: ResolvedServiceOptions
        do {
            options = try service.resolve(service: "router", defaultPort: 7100)
        } catch {
            throw ValidationError(error.description)
        }
        let (logger, _) = ServiceRunner.bootstrap(options)
        let router = RouterService(logger: logger)
        try await ServiceRunner.run(options: options, services: [router], logger: logger)
    }
}
