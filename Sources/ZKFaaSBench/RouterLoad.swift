import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRPCTransportNIO

/// Load on the router: `router-prove` (the same Prove again and again: L1 cache hits answered on the event loop)
/// and `router-dedup` (many identical Prove calls at once on a cold cache: one execution).
enum RouterLoad {
    static func input(_ n: UInt32) -> [UInt8] { withUnsafeBytes(of: n.littleEndian, Array.init) }

    /// `zkfaas-bench router-prove`.
    struct Prove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "router-prove",
            abstract: "Prove calls answered from the L1 proof cache (the first call warms it)."
        )

        @OptionGroup var load: LoadOptions
        @Option(help: "A registered program hash (hex).") var programHash: String
        @Option(help: "The u32 input.") var n: UInt32 = 1000

        func run() async throws {
            let hash = try Hex.decode(programHash)
            let request = ProveRequest(programHash: hash, publicInputs: [RouterLoad.input(n)], wait: true)
            let client = RouterClient(configuration: try RPCClient.Configuration(address: load.target))
            let warm = try await client.prove(request, timeout: .seconds(300))
            await client.close()
            guard warm.state == .succeeded else { throw ValidationError("warm-up proof failed: \(warm)") }
            printError("request_bytes=\(request.serializedBytes().count) response_bytes=\(ProveResponse(job: warm).serializedBytes().count)")
            let result = try await LoadGenerator.run(load) { connection, _ in
                let response = try await connection.call(RouterMethods.prove, request)
                guard response.job?.cached == true else {
                    throw RPCError(code: .internalError, message: "not a cache hit")
                }
            }
            print(result.line)
        }
    }

    /// `zkfaas-bench router-dedup`.
    struct Dedup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "router-dedup",
            abstract: "Identical Prove calls at once on a cold cache; prints the time until all are answered."
        )

        @Option(help: "Router HOST:PORT.") var target: String
        @Option(help: "A registered program hash (hex).") var programHash: String
        @Option(help: "The u32 input (pick one not proved before).") var n: UInt32
        @Option(help: "Concurrent identical requests.") var requests: Int = 1000
        @Option(help: "Connections.") var connections: Int = 4

        func run() async throws {
            let hash = try Hex.decode(programHash)
            let request = ProveRequest(programHash: hash, publicInputs: [RouterLoad.input(n)], wait: true)
            var configuration = try RPCClient.Configuration(address: target)
            configuration.connections = connections
            let client = RouterClient(configuration: configuration)
            let before = try await client.stats()
            let start = ContinuousClock.now
            let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<requests {
                    group.addTask { try await client.prove(request, timeout: .seconds(600)).state == .succeeded }
                }
                var succeeded = 0
                for try await ok in group where ok { succeeded += 1 }
                return succeeded
            }
            let elapsed = ContinuousClock.now - start
            let after = try await client.stats()
            await client.close()
            let executions = (after.backends.first { $0.name == "local" }?.executions ?? 0)
                - (before.backends.first { $0.name == "local" }?.executions ?? 0)
            print(
                "RESULT label=dedup requests=\(requests) succeeded=\(answers) executions=\(executions)"
                    + " dedup_joins=\(after.dedupJoins - before.dedupJoins)"
                    + " all_answered_ms=\(Int(elapsed / .milliseconds(1)))"
            )
        }
    }
}
