import Logging
import Prometheus
import Testing
import ZKServiceKit
import ZKTestSupport

/// The `/metrics` endpoint over real HTTP/1.1.
@Suite("MetricsServer")
struct MetricsServerTests {
    static let reporter = FixedReporter(samples: [
        MetricSample("zkfaas_test_jobs_total", .counter, 5, labels: [(name: "state", value: "done")], help: "jobs"),
        MetricSample("zkfaas_test_queue", .gauge, 2, help: "queued"),
    ])

    /// Runs a server on a free port for the duration of `body`, then cancels it.
    static func withMetricsServer(
        registry: PrometheusCollectorRegistry,
        _ body: @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        let port = try RedisTestServer.freePort()
        let server = MetricsServer(
            host: "127.0.0.1",
            port: port,
            registry: registry,
            reporters: [reporter],
            logger: Logger(label: "test.metrics")
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var ready = false
            for _ in 0..<500 where !ready {
                if (try? RawSocket(port: port)) != nil {
                    ready = true
                } else {
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            try #require(ready, "the metrics server did not start")
            try await body(port)
            group.cancelAll()
        }
    }

    /// Sends `request` and reads until the server closes the connection: the status lines, headers and bodies.
    static func exchange(_ request: String, port: Int) async throws -> String {
        let socket = try RawSocket(port: port)
        socket.send(Array(request.utf8))
        return String(decoding: await socket.readToEnd(), as: UTF8.self)
    }

    /// The header block and the body of one response.
    static func split(_ response: String) -> (head: String, body: String)? {
        guard let end = response.range(of: "\r\n\r\n") else { return nil }
        return (String(response[..<end.lowerBound]), String(response[end.upperBound...]))
    }

    @Test("GET /metrics: the registry's exposition, then the reporters' samples, as text/plain version 0.0.4")
    func scrape() async throws {
        let registry = PrometheusCollectorRegistry()
        let counter = registry.makeCounter(name: "zkfaas_test_rpc_total", labels: [("method", "Get")], help: "calls")
        counter.increment(by: Int64(3))
        try await Self.withMetricsServer(registry: registry) { port in
            let response = try await Self.exchange(
                "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                port: port
            )
            let (head, body) = try #require(Self.split(response))
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            let headers = head.lowercased()
            #expect(headers.contains("content-type: text/plain; version=0.0.4"))
            #expect(headers.contains("content-length: \(body.utf8.count)"))
            var expected = registry.emitToBuffer()
            MetricSample.render(Self.reporter.samples, into: &expected)
            #expect(Array(body.utf8) == expected)
            #expect(body.contains("zkfaas_test_rpc_total{method=\"Get\"} 3"))
            #expect(body.contains("zkfaas_test_jobs_total{state=\"done\"} 5"))
        }
    }

    @Test("any other path is 404; a kept-alive connection serves the next request; Connection: close ends it")
    func pathsAndKeepAlive() async throws {
        try await Self.withMetricsServer(registry: PrometheusCollectorRegistry()) { port in
            let response = try await Self.exchange(
                "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                port: port
            )
            // The 404 body ends in "\n", so the next status line follows it directly.
            let statuses = response.components(separatedBy: "HTTP/1.1 ").dropFirst()
                .map { $0.components(separatedBy: "\r\n")[0] }
            #expect(statuses == ["404 Not Found", "200 OK"], "\(response.debugDescription)")
            #expect(response.contains("not found\n"))
            #expect(response.contains("zkfaas_test_queue 2"))
        }
    }

    @Test("an HTTP/1.0 request gets its answer and the connection closed")
    func http10() async throws {
        try await Self.withMetricsServer(registry: PrometheusCollectorRegistry()) { port in
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await Self.exchange("GET /metrics HTTP/1.0\r\n\r\n", port: port)
            // RawSocket gives up after RawSocket.receiveTimeoutSeconds (30 s); a close by the server ends the read at once.
            #expect(clock.now - start < .seconds(20))
            #expect(response.contains("200 OK") && response.contains("# TYPE zkfaas_test_queue gauge"))
        }
    }
}
