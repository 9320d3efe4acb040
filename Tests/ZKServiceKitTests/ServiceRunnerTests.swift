import Metrics
import Testing
import ZKServiceKit

/// ``ServiceRunner/bootstrap(_:)`` sets process-wide state (logging, metrics, malloc), so each test runs it in a
/// child process of its own (an exit test).
@Suite("ServiceRunner")
struct ServiceRunnerTests {
    @Test("bootstrap: stderr logs from the configured level up, tagged with the service; metrics reach the registry")
    func bootstrap() async throws {
        let result = try await #require(
            await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
                let options = ResolvedServiceOptions(
                    service: "unit",
                    host: "127.0.0.1",
                    port: 0,
                    dataDirectory: "/nonexistent",
                    logLevel: .debug,
                    maximumFrameBytes: 1 << 20,
                    drainTimeout: .seconds(1)
                )
                let (logger, registry) = ServiceRunner.bootstrap(options)
                logger.trace("trace-line-hidden")
                logger.debug("debug-line-shown")
                // Through swift-metrics, as the RPC server counts calls.
                Metrics.Counter(label: "zkfaas_unit_total", dimensions: [("method", "M")]).increment(by: Int64(2))
                let exposition = registry.emitToString()
                if logger.logLevel != .debug || !exposition.contains("zkfaas_unit_total{method=\"M\"} 2") {
                    fatalError("bootstrap did not configure the logger or the registry")
                }
            }
        )
        let stderr = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(stderr.contains("debug-line-shown"))
        #expect(stderr.contains("zkfaas.unit"))
        #expect(stderr.contains("service=unit"))
        #expect(!stderr.contains("trace-line-hidden"))
    }

    @Test("glibc accepts the malloc settings")
    func mallocTuning() async {
        await #expect(processExitsWith: .success) {
            if !MallocTuning.apply() { fatalError("mallopt refused the thresholds") }
        }
    }
}
