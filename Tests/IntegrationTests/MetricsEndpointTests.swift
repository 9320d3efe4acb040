import Foundation
import Testing
import ZKFaaSClient
import ZKTestSupport

@Suite("Prometheus /metrics endpoint")
struct MetricsEndpointTests {
    @Test("--metrics-port serves the RPC counters in the Prometheus text format")
    func scrape() async throws {
        let data = try TestEnvironment.temporaryDirectory("metrics")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try RedisTestServer.freePort()
        let registry = try ServiceProcess("registry-service", arguments: ["--data-dir", data.path, "--metrics-port", "\(port)"])
        defer { registry.stop() }
        let client = try RegistryClient(address: registry.address)
        for _ in 0..<3 { _ = try await client.health() }
        await client.close()
        let socket = try RawSocket(port: port)
        socket.send(Array("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8))
        let response = String(decoding: socket.readToEnd(), as: UTF8.self)
        #expect(response.hasPrefix("HTTP/1.1 200"))
        let line = try #require(response.split(separator: "\n").first { $0.hasPrefix("zkfaas_rpc_requests_total{") })
        #expect(Int(line.split(separator: " ").last ?? "") ?? 0 >= 3)
    }
}
