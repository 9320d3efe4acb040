import ArgumentParser
import ZKProto
import ZKRPCTransportNIO

/// Load on any service's `Health` method (answered on the event loop): the RPC layer's own cost.
struct HealthLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Unary Health calls.")

    @OptionGroup var load: LoadOptions
    @Option(help: "Service whose Health to call: Registry, Storage or Router.") var service: String = "Registry"

    func run() async throws {
        let method = MethodDescriptor<HealthRequest, HealthResponse>("zkfaas.v1.\(service)/Health")
        let result = try await LoadGenerator.run(load) { connection, _ in
            _ = try await connection.call(method, HealthRequest())
        }
        print(result.line)
    }
}
