import Foundation
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKTestSupport

/// storage-cache-service, registry-service and one or more prover-routers as real processes on free ports, with
/// the example guests registered through the `zkfaas` CLI.
final class Cluster: @unchecked Sendable {
    let directory: URL
    let storage: ServiceProcess
    let registry: ServiceProcess
    private(set) var routers: [ServiceProcess] = []
    let redis: RedisTestServer?
    /// With Redis, the routers are replicas of one deployment and share one DEV signing key (each router serves
    /// only records signed by a key it trusts, its own today; issue 18 makes the shared key a configured secret).
    private let sharedSigningKey: [UInt8]?
    private var routerArguments: [[String]] = []

    init(label: String, redis: Bool = false) throws {
        directory = try TestEnvironment.temporaryDirectory(label)
        storage = try ServiceProcess("storage-cache-service", arguments: ["--data-dir", directory.appendingPathComponent("storage").path])
        registry = try ServiceProcess(
            "registry-service",
            arguments: ["--data-dir", directory.appendingPathComponent("registry").path, "--storage", storage.address]
        )
        self.redis = redis ? try RedisTestServer.start() : nil
        sharedSigningKey = redis ? (0..<32).map { _ in UInt8.random(in: 0...255) } : nil
    }

    /// Starts a router (data folder `router<index>`), optionally pointed at another storage address.
    @discardableResult
    func startRouter(_ extra: [String] = [], storageAddress: String? = nil) throws -> ServiceProcess {
        let index = routers.count
        let dataDirectory = directory.appendingPathComponent("router\(index)")
        if let sharedSigningKey {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            try Data(sharedSigningKey).write(to: dataDirectory.appendingPathComponent("dev-signing.key"))
        }
        var arguments = [
            "--data-dir", dataDirectory.path,
            "--registry", registry.address,
            "--storage", storageAddress ?? storage.address,
            "--workers", "2",
        ]
        if let redis { arguments += ["--redis-url", redis.url()] }
        arguments += extra
        let router = try ServiceProcess("prover-router", arguments: arguments)
        routers.append(router)
        routerArguments.append(arguments)
        return router
    }

    /// Stops router `index` and starts it again on the same data folder (a new port).
    func restartRouter(_ index: Int) throws -> ServiceProcess {
        routers[index].stop()
        let router = try ServiceProcess("prover-router", arguments: routerArguments[index])
        routers[index] = router
        return router
    }

    /// Registers a guest from Guests/bin through the CLI and returns its program hash.
    func register(_ guest: String) throws -> [UInt8] {
        let key = directory.appendingPathComponent("author.key").path
        if !FileManager.default.fileExists(atPath: key) {
            let made = try CommandRunner.run("zkfaas", ["keys", "new", "-o", key])
            guard made.status == 0 else { throw ServiceProcessError(message: "keys new: \(made.stderr)") }
        }
        let elf = TestEnvironment.repositoryRoot.appendingPathComponent("Guests/bin/\(guest).elf").path
        let result = try CommandRunner.run(
            "zkfaas",
            [
                "program", "register", elf, "--zkvm", "sp1", "--zkvm-version", "v5.2.4", "--description", guest,
                "--key", key, "--registry", registry.address, "--storage", storage.address, "--json",
            ]
        )
        guard result.status == 0 else { throw ServiceProcessError(message: "register \(guest): \(result.stderr)") }
        return SHA256.hash(try Data(contentsOf: URL(fileURLWithPath: elf)))
    }

    func client(_ router: Int = 0, apiKey: String? = nil) throws -> RouterClient {
        var metadata = Metadata()
        if let apiKey { metadata.add("api-key", apiKey) }
        return try RouterClient(address: routers[router].address, metadata: metadata)
    }

    func stop() {
        for router in routers { router.stop() }
        registry.stop()
        storage.stop()
        redis?.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
