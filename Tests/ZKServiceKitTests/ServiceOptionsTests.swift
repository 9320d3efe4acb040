import Logging
import Testing
import ZKServiceKit

/// ``ServiceOptions/resolve(service:defaultPort:environment:)``: every service option from its flag, its variable or
/// its default, and the settings it refuses.
@Suite("ServiceOptions")
struct ServiceOptionsTests {
    static func resolve(
        _ arguments: [String],
        _ environment: [String: String] = [:]
    ) throws -> ResolvedServiceOptions {
        try ServiceOptions.parse(arguments)
            .resolve(service: "storage", defaultPort: 7002, environment: EnvironmentResolver(environment: environment))
    }

    static let environment = [
        "ZKFAAS_HOST": "0.0.0.0", "ZKFAAS_PORT": "9000", "ZKFAAS_DATA_DIR": "/env/data", "ZKFAAS_LOG_LEVEL": "DEBUG",
        "ZKFAAS_MAX_FRAME_BYTES": "2048", "ZKFAAS_DRAIN_SECONDS": "3", "ZKFAAS_METRICS_PORT": "9100",
    ]

    @Test("nothing set: the defaults")
    func defaults() throws {
        let options = try Self.resolve([])
        #expect(options.service == "storage")
        #expect(options.host == "127.0.0.1" && options.port == 7002)
        #expect(options.dataDirectory == ".zkfaas-data/storage")
        #expect(options.logLevel == .info)
        #expect(options.maximumFrameBytes == 68_157_440)
        #expect(options.drainTimeout == .seconds(10))
        #expect(options.metricsPort == nil)
    }

    @Test("variables set: their values")
    func fromEnvironment() throws {
        let options = try Self.resolve([], Self.environment)
        #expect(options.host == "0.0.0.0" && options.port == 9000)
        #expect(options.dataDirectory == "/env/data")
        #expect(options.logLevel == .debug)
        #expect(options.maximumFrameBytes == 2048)
        #expect(options.drainTimeout == .seconds(3))
        #expect(options.metricsPort == 9100)
    }

    @Test("flags beat variables, every one of them")
    func flagsWin() throws {
        let options = try Self.resolve(
            [
                "--host", "::1", "--port", "0", "--data-dir", "/flag/data", "--log-level", "warning",
                "--max-frame-bytes", "1024", "--drain-seconds", "0", "--metrics-port", "0",
            ],
            Self.environment
        )
        #expect(options.host == "::1" && options.port == 0)
        #expect(options.dataDirectory == "/flag/data")
        #expect(options.logLevel == .warning)
        #expect(options.maximumFrameBytes == 1024)
        #expect(options.drainTimeout == .zero)
        #expect(options.metricsPort == 0)
    }

    @Test("every log level name, in any case", arguments: Logger.Level.allCases)
    func logLevels(level: Logger.Level) throws {
        #expect(try Self.resolve(["--log-level", level.rawValue.uppercased()]).logLevel == level)
        #expect(try Self.resolve([], ["ZKFAAS_LOG_LEVEL": level.rawValue]).logLevel == level)
    }

    /// Settings that must be refused, with the setting the error names.
    static let refused: [(arguments: [String], environment: [String: String], setting: String)] = [
        (["--port", "65536"], [:], "--port"),
        (["--port=-1"], [:], "--port"),
        ([], ["ZKFAAS_PORT": "http"], "ZKFAAS_PORT"),
        ([], ["ZKFAAS_PORT": "70000"], "--port"),
        (["--log-level", "verbose"], [:], "--log-level"),
        ([], ["ZKFAAS_LOG_LEVEL": "loud"], "--log-level"),
        (["--max-frame-bytes", "1023"], [:], "--max-frame-bytes"),
        (["--max-frame-bytes", "\(1 << 30 + 1)"], [:], "--max-frame-bytes"),
        ([], ["ZKFAAS_MAX_FRAME_BYTES": "64MiB"], "ZKFAAS_MAX_FRAME_BYTES"),
        (["--drain-seconds=-1"], [:], "--drain-seconds"),
        ([], ["ZKFAAS_DRAIN_SECONDS": "ten"], "ZKFAAS_DRAIN_SECONDS"),
        ([], ["ZKFAAS_METRICS_PORT": "none"], "ZKFAAS_METRICS_PORT"),
        (["--metrics-port", "65536"], [:], "--metrics-port"),
        ([], ["ZKFAAS_METRICS_PORT": "-5"], "--metrics-port"),
    ]

    @Test("bad values are ConfigurationErrors naming the setting", arguments: refused.indices)
    func badValues(index: Int) throws {
        let (arguments, environment, setting) = Self.refused[index]
        let error = try #require(throws: ConfigurationError.self) { try Self.resolve(arguments, environment) }
        #expect(error.setting == setting)
        #expect(!error.message.isEmpty)
    }

    @Test("the limits themselves are accepted")
    func limits() throws {
        #expect(try Self.resolve(["--port", "65535"]).port == 65535)
        #expect(try Self.resolve(["--max-frame-bytes", "\(1 << 30)"]).maximumFrameBytes == 1 << 30)
        #expect(try Self.resolve(["--metrics-port", "65535"]).metricsPort == 65535)
        // A bad variable is not read when its flag is given.
        #expect(try Self.resolve(["--port", "1"], ["ZKFAAS_PORT": "http"]).port == 1)
    }
}
