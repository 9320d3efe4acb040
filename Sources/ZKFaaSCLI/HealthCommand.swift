import ArgumentParser
import ZKFaaSClient
import ZKProto
import ZKRPC

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Show each service's health; exit non-zero when one is down.",
        discussion: "With no address flags, checks all three services at their default addresses."
    )

    @Option(help: "prover-router HOST:PORT.") var router: String?
    @Option(help: "registry-service HOST:PORT.") var registry: String?
    @Option(help: "storage-cache-service HOST:PORT.") var storage: String?
    @Option(help: "Seconds to wait for each answer.") var timeout: Int = 3
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        var targets: [(String, String)] = []
        if let router { targets.append(("prover-router", router)) }
        if let registry { targets.append(("registry-service", registry)) }
        if let storage { targets.append(("storage-cache-service", storage)) }
        if targets.isEmpty {
            let endpoints = try EndpointOptions.parse([])
            targets = [
                ("prover-router", endpoints.routerAddress),
                ("registry-service", endpoints.registryAddress),
                ("storage-cache-service", endpoints.storageAddress),
            ]
        }
        var allUp = true
        var rows: [String] = []
        for (name, address) in targets {
            let outcome: Result<HealthResponse, any Error>
            do {
                outcome = .success(try await Self.health(name: name, address: address, timeout: timeout))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let health) where health.status == .serving:
                let line = "\(name) \(address): SERVING (\(health.service) \(health.version), up \(health.uptimeMs / 1000) s)"
                rows.append(json ? JSONText.object(["service": .string(name), "address": .string(address), "status": .string("SERVING"), "version": .string(health.version)]) : line)
            case .success(let health):
                allUp = false
                rows.append(json ? JSONText.object(["service": .string(name), "address": .string(address), "status": .string("\(health.status)")]) : "\(name) \(address): \(health.status)")
            case .failure(let error):
                allUp = false
                let message = (error as? RPCError)?.description ?? "\(error)"
                rows.append(json ? JSONText.object(["service": .string(name), "address": .string(address), "status": .string("DOWN"), "error": .string(message)]) : "\(name) \(address): DOWN (\(message))")
            }
        }
        if json {
            print("[" + rows.joined(separator: ",") + "]")
        } else {
            rows.forEach { print($0) }
        }
        if !allUp { throw ExitCode(1) }
    }

    static func health(name: String, address: String, timeout: Int) async throws -> HealthResponse {
        let timeout = Duration.seconds(max(1, timeout))
        switch name {
        case "registry-service":
            return try await RegistryClient(address: address).closing { try await $0.health(timeout: timeout) }
        case "storage-cache-service":
            return try await StorageClient(address: address).closing { try await $0.health(timeout: timeout) }
        default:
            return try await RouterClient(address: address).closing { try await $0.health(timeout: timeout) }
        }
    }
}
