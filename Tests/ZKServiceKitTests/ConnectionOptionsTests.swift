import Testing
import ZKServiceKit

/// `--max-connections` and `--idle-timeout-seconds`: flag, variable, default, and what they refuse.
@Suite("Connection options")
struct ConnectionOptionsTests {
    static func resolve(_ arguments: [String], _ environment: [String: String] = [:]) throws -> ResolvedServiceOptions {
        try ServiceOptions.parse(arguments)
            .resolve(service: "registry", defaultPort: 7101, environment: EnvironmentResolver(environment: environment))
    }

    @Test("defaults 4096 connections and 300 s; variables and flags override them; 0 s means never")
    func values() throws {
        let defaults = try Self.resolve([])
        #expect(defaults.maximumConnections == 4096)
        #expect(defaults.idleTimeout == .seconds(300))
        let environment = ["ZKFAAS_MAX_CONNECTIONS": "10", "ZKFAAS_IDLE_TIMEOUT_SECONDS": "0"]
        let fromEnvironment = try Self.resolve([], environment)
        #expect(fromEnvironment.maximumConnections == 10)
        #expect(fromEnvironment.idleTimeout == nil)
        let fromFlags = try Self.resolve(["--max-connections", "2", "--idle-timeout-seconds", "30"], environment)
        #expect(fromFlags.maximumConnections == 2)
        #expect(fromFlags.idleTimeout == .seconds(30))
        #expect(ConfigurationCheck.unknownVariables(known: [], environment: EnvironmentResolver(environment: environment)).isEmpty)
    }

    static let refused: [([String], [String: String], String)] = [
        (["--max-connections", "0"], [:], "--max-connections"),
        (["--idle-timeout-seconds=-1"], [:], "--idle-timeout-seconds"),
        ([], ["ZKFAAS_MAX_CONNECTIONS": "many"], "ZKFAAS_MAX_CONNECTIONS"),
    ]

    @Test("fewer than one connection, a negative timeout or an unreadable value are refused", arguments: refused.indices)
    func badValues(index: Int) throws {
        let (arguments, environment, setting) = Self.refused[index]
        let error = try #require(throws: ConfigurationError.self) { try Self.resolve(arguments, environment) }
        #expect(error.setting == setting)
    }
}
