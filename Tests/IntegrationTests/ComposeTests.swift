import Foundation
import Testing
import ZKTestSupport

/// Compose/docker-compose.yml, checked without a Docker engine: docker-compose 1.29.2 (PyPI) validates it, and
/// every flag and variable it passes is accepted by the binary it starts (`--check-config`).
@Suite("Compose file")
struct ComposeTests {
    static let composeFile = TestEnvironment.repositoryRoot.appendingPathComponent("Compose/docker-compose.yml").path

    static var dockerCompose: String {
        URL(fileURLWithPath: TestEnvironment.python).deletingLastPathComponent().appendingPathComponent("docker-compose").path
    }

    /// An API keys file in the router's format, for the compose secret.
    static let apiKeysFile: String = {
        let path = NSTemporaryDirectory() + "zkfaas-compose-api-keys"
        _ = FileManager.default.createFile(atPath: path, contents: Data("compose-test-key rate=10 burst=20\n".utf8))
        return path
    }()

    /// What an operator must give the file before it starts anything.
    static let operatorEnvironment = ["ZKFAAS_API_KEYS_FILE": apiKeysFile, "ZKFAAS_REDIS_PASSWORD": "0123abcd"]

    @Test(
        "docker-compose config -q accepts the file once the operator gives the API keys and the Redis password",
        .enabled(if: FileManager.default.isExecutableFile(atPath: dockerCompose), "docker-compose is not in the venv")
    )
    func valid() throws {
        let result = try CommandRunner.run(
            Self.dockerCompose, ["-f", Self.composeFile, "config", "-q"], environment: Self.operatorEnvironment
        )
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(
        "safe by default: no API keys or no Redis password, no deployment; keys required, Redis authenticated, no eviction",
        .enabled(if: FileManager.default.isExecutableFile(atPath: dockerCompose), "docker-compose is not in the venv")
    )
    func safeByDefault() throws {
        for missing in Self.operatorEnvironment.keys {
            var environment = Self.operatorEnvironment
            environment.removeValue(forKey: missing)
            let result = try CommandRunner.run(
                Self.dockerCompose, ["-f", Self.composeFile, "config", "-q"], environment: environment
            )
            #expect(result.status != 0 && result.stderr.contains(missing), "\(missing): \(result.stderr)")
        }
        let script = """
            import json, subprocess, sys, yaml
            text = subprocess.run([sys.argv[1], "-f", sys.argv[2], "config"], check=True, capture_output=True, text=True).stdout
            print(json.dumps(yaml.safe_load(text)))
            """
        let result = try CommandRunner.python(
            script, arguments: [Self.dockerCompose, Self.composeFile], environment: Self.operatorEnvironment
        )
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)"
        )
        let services = try #require(document["services"] as? [String: [String: Any]])
        let router = try #require(services["prover-router"])
        let routerCommand = try #require(router["command"] as? [String])
        let keysFlag = try #require(routerCommand.firstIndex(of: "--api-keys"))
        #expect(routerCommand[keysFlag + 1] == "/run/secrets/zkfaas_api_keys")
        let redisURL = try #require((router["environment"] as? [String: Any])?["ZKFAAS_REDIS_URL"] as? String)
        #expect(redisURL.hasPrefix("redis://:0123abcd@"))
        let redis = try #require(services["redis"])
        let redisCommand = (redis["command"] as? [String] ?? []).joined(separator: " ")
        #expect(redisCommand.contains("--requirepass"))
        #expect(redisCommand.contains("--maxmemory-policy noeviction"))
        #expect(!redisCommand.contains("0123abcd"), "the password stays off the command line")
        // Registry and storage take writes from anyone who reaches them: the host's loopback only.
        for name in ["registry-service", "storage-cache-service"] {
            let ports = try #require(services[name]?["ports"] as? [Any])
            for port in ports {
                let text = (port as? String) ?? ((port as? [String: Any])?["host_ip"] as? String ?? "")
                #expect(text.hasPrefix("127.0.0.1"), "\(name) publishes \(port)")
            }
        }
    }

    /// Each zkfaas service's command and environment, as docker-compose resolves them.
    static func services() throws -> [(name: String, command: [String], environment: [String: String])] {
        let script = """
            import json, subprocess, sys, yaml
            text = subprocess.run([sys.argv[1], "-f", sys.argv[2], "config"], check=True, capture_output=True, text=True).stdout
            doc = yaml.safe_load(text)
            out = []
            for name, svc in doc["services"].items():
                if svc.get("image", "").startswith("zkfaas"):
                    env = svc.get("environment", {})
                    if isinstance(env, list):
                        env = dict(item.split("=", 1) for item in env)
                    out.append({"name": name, "command": svc["command"], "environment": {k: str(v) for k, v in env.items()}})
            print(json.dumps(out))
            """
        let result = try CommandRunner.python(
            script, arguments: [dockerCompose, composeFile], environment: operatorEnvironment
        )
        guard result.status == 0, let data = result.stdout.data(using: .utf8),
            let array = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { throw ServiceProcessError(message: "cannot read the compose file: \(result.stderr)") }
        return array.map {
            ($0["name"] as? String ?? "", $0["command"] as? [String] ?? [], $0["environment"] as? [String: String] ?? [:])
        }
    }

    @Test(
        "every flag and ZKFAAS_* variable passed to a service is one its binary accepts",
        .enabled(if: FileManager.default.isExecutableFile(atPath: dockerCompose), "docker-compose is not in the venv")
    )
    func flagsAccepted() throws {
        let services = try Self.services()
        #expect(Set(services.map(\.name)) == ["storage-cache-service", "registry-service", "prover-router"])
        for service in services {
            let binary = try #require(service.command.first)
            var environment = service.environment
            environment["ZKFAAS_DATA_DIR"] = NSTemporaryDirectory() + "zkfaas-compose-check"
            // Secrets are mounted under /run/secrets in the container; here the file they come from stands in.
            let arguments = service.command.dropFirst().map {
                $0 == "/run/secrets/zkfaas_api_keys" ? Self.apiKeysFile : $0
            }
            let result = try CommandRunner.run(binary, arguments + ["--check-config"], environment: environment)
            #expect(result.status == 0, "\(service.name): \(result.stderr)")
            #expect(result.stdout.contains("configuration OK"))
        }
    }

    @Test("a misspelt variable or an unknown flag is refused by --check-config")
    func checkCanFail() throws {
        let variable = try CommandRunner.run("prover-router", ["--check-config"], environment: ["ZKFAAS_REDIS_ULR": "x"])
        #expect(variable.status != 0 && variable.stderr.contains("ZKFAAS_REDIS_ULR"))
        let flag = try CommandRunner.run("registry-service", ["--no-such-flag", "--check-config"])
        #expect(flag.status != 0)
        // A lease shorter than three Redis connect + command timeouts could lapse while a renewal waits: refused, by
        // flag or variable.
        let directory = NSTemporaryDirectory() + "zkfaas-lease-check"
        let short = try CommandRunner.run("prover-router", ["--lease-ms", "11999", "--data-dir", directory, "--check-config"])
        #expect(short.status != 0 && short.stderr.contains("--lease-ms"), "\(short.stderr)")
        let shortVariable = try CommandRunner.run(
            "prover-router", ["--data-dir", directory, "--check-config"], environment: ["ZKFAAS_LEASE_MS": "1000"]
        )
        #expect(shortVariable.status != 0)
        let enough = try CommandRunner.run("prover-router", ["--lease-ms", "12000", "--data-dir", directory, "--check-config"])
        #expect(enough.status == 0, "\(enough.stderr)")
    }
}
