import Foundation
import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKTestSupport
import ZKWire

@Suite("Prometheus /metrics endpoint")
struct MetricsEndpointTests {
    /// The body of `GET /metrics` on `port`, after checking the status line.
    static func scrape(_ port: Int) async throws -> String {
        let socket = try RawSocket(port: port)
        socket.send(Array("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8))
        let response = String(decoding: await socket.readToEnd(), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 200"))
        return response
    }

    /// The value of the sample line that starts with `series` (name and labels), if any.
    static func value(_ series: String, in text: String) -> UInt64? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { UInt64($0.split(separator: " ").last!) }
    }

    @Test("--metrics-port serves the RPC counters and the registry's own in the Prometheus text format")
    func scrapeRegistry() async throws {
        let data = try TestEnvironment.temporaryDirectory("metrics")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try RedisTestServer.freePort()
        let registry = try ServiceProcess("registry-service", arguments: ["--data-dir", data.path, "--metrics-port", "\(port)"])
        defer { registry.stop() }
        let client = try RegistryClient(address: registry.address)
        for _ in 0..<3 { _ = try await client.health() }
        // Two lookups of an unknown program and one registration without fields: counted by outcome.
        let unknown = [UInt8](repeating: 7, count: 32)
        for _ in 0..<2 { await #expect(throws: RPCError.self) { try await client.getProgram(unknown) } }
        await #expect(throws: RPCError.self) { try await client.registerProgram(RegisterProgramRequest()) }
        await client.close()
        let response = try await Self.scrape(port)
        let line = try #require(response.split(separator: "\n").first { $0.hasPrefix("zkfaas_rpc_requests_total{") })
        #expect(Int(line.split(separator: " ").last ?? "") ?? 0 >= 6)
        #expect(Self.value("zkfaas_registry_lookups_total{result=\"not_found\"}", in: response) == 2)
        #expect(Self.value("zkfaas_registry_lookups_total{result=\"cache\"}", in: response) == 0)
        #expect(Self.value("zkfaas_registry_registrations_total{outcome=\"invalid_argument\"}", in: response) == 1)
        #expect(response.contains("# TYPE zkfaas_registry_cached_programs gauge"))
    }

    @Test("storage tiers and counters on /metrics are the values Stats answers")
    func scrapeStorage() async throws {
        let data = try TestEnvironment.temporaryDirectory("metrics-storage")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try RedisTestServer.freePort()
        let storage = try ServiceProcess(
            "storage-cache-service",
            arguments: ["--data-dir", data.path, "--metrics-port", "\(port)"]
        )
        defer { storage.stop() }
        let client = try StorageClient(address: storage.address)
        defer { Task { await client.close() } }
        let elf = try Array(Data(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("Guests/bin/sha256.elf")))
        let put = try await client.putProgram(
            PutProgramRequest(elfZstd: try Zstd.compress(elf), elfSize: UInt64(elf.count))
        )
        for _ in 0..<3 { _ = try await client.getProgram(StorageGetProgramRequest(elfHash: put.elfHash)) }
        let stats = try await client.stats()
        let text = try await Self.scrape(port)
        #expect(text.contains("# TYPE zkfaas_storage_tier_hits_total counter"))
        #expect(text.contains("# TYPE zkfaas_storage_tier_bytes gauge"))
        for tier in stats.tiers {
            #expect(Self.value("zkfaas_storage_tier_hits_total{tier=\"\(tier.tier)\"}", in: text) == tier.hits)
            #expect(Self.value("zkfaas_storage_tier_entries{tier=\"\(tier.tier)\"}", in: text) == tier.entries)
        }
        #expect(stats.tiers.first { $0.tier == "memory" }?.hits == 3)
        #expect(Self.value("zkfaas_storage_upstream_fetches_total", in: text) == stats.upstreamFetches)
    }

    @Test("router jobs, cache tiers and backends on /metrics are the values Stats answers")
    func scrapeRouter() async throws {
        let cluster = try Cluster(label: "metrics-router")
        defer { cluster.stop() }
        let port = try RedisTestServer.freePort()
        try cluster.startRouter(["--metrics-port", "\(port)"])
        let hash = try cluster.register("fibonacci")
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let request = ProveRequest(programHash: hash, publicInputs: [[10, 0, 0, 0]], wait: true)
        for _ in 0..<2 { #expect(try await client.prove(request).state == .succeeded) }
        let stats = try await client.stats()
        let text = try await Self.scrape(port)
        #expect(stats.jobsSucceeded == 1)
        #expect(Self.value("zkfaas_router_jobs_succeeded_total", in: text) == stats.jobsSucceeded)
        #expect(Self.value("zkfaas_router_tier_hits_total{tier=\"memory\"}", in: text) == 1)
        let local = try #require(stats.backends.first { $0.name == "local" })
        #expect(local.executions == 1)
        #expect(Self.value("zkfaas_router_backend_executions_total{backend=\"local\"}", in: text) == 1)
        #expect(Self.value("zkfaas_router_backend_healthy{backend=\"local\"}", in: text) == 1)
    }
}
