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

    @Test(
        "docker-compose config -q accepts the file",
        .enabled(if: FileManager.default.isExecutableFile(atPath: dockerCompose), "docker-compose is not in the venv")
    )
    func valid() throws {
        let result = try CommandRunner.run(Self.dockerCompose, ["-f", Self.composeFile, "config", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
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
        let result = try CommandRunner.python(script, arguments: [dockerCompose, composeFile])
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
            let result = try CommandRunner.run(binary, Array(service.command.dropFirst()) + ["--check-config"], environment: environment)
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
        // A lease shorter than a second could lapse between its renewals: refused, by flag or variable.
        let directory = NSTemporaryDirectory() + "zkfaas-lease-check"
        let short = try CommandRunner.run("prover-router", ["--lease-ms", "999", "--data-dir", directory, "--check-config"])
        #expect(short.status != 0 && short.stderr.contains("--lease-ms"), "\(short.stderr)")
        let shortVariable = try CommandRunner.run(
            "prover-router", ["--data-dir", directory, "--check-config"], environment: ["ZKFAAS_LEASE_MS": "100"]
        )
        #expect(shortVariable.status != 0)
        let enough = try CommandRunner.run("prover-router", ["--lease-ms", "1000", "--data-dir", directory, "--check-config"])
        #expect(enough.status == 0, "\(enough.stderr)")
    }
}
