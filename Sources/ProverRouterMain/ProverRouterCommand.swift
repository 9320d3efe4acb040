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
    @OptionGroup var router: RouterOptions
    @Flag(help: "Check the configuration (flags and ZKFAAS_* variables), print it, and exit.")
    var checkConfig = false

    func run() async throws {
        let options: ResolvedServiceOptions
        let configuration: RouterConfiguration
        do {
            options = try service.resolve(service: "router", defaultPort: 7100)
            configuration = try router.configuration(dataDirectory: options.dataDirectory)
            if checkConfig { try ConfigurationCheck.rejectUnknownVariables(known: RouterOptions.environmentNames) }
        } catch {
            throw ValidationError("\(error)")
        }
        if checkConfig {
            print("prover-router configuration OK: \(options.host):\(options.port), data \(options.dataDirectory)")
            return
        }
        let (logger, metrics) = ServiceRunner.bootstrap(options)
        for name in ConfigurationCheck.unknownVariables(known: RouterOptions.environmentNames) {
            logger.warning("ignoring unknown variable", metadata: ["variable": "\(name)"])
        }
        let routerService = try RouterService(configuration: configuration, logger: logger)
        try await ServiceRunner.run(options: options, services: [routerService], metrics: metrics, logger: logger)
    }
}
