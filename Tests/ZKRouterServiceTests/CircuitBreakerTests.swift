import Testing
@testable import ZKRouterService

@Suite("Circuit breaker")
struct CircuitBreakerTests {
    @Test("opens after the threshold, half-opens after the pause, closes on success")
    func cycle() async throws {
        let breaker = CircuitBreaker(failureThreshold: 3, openDuration: .milliseconds(100))
        for _ in 0..<2 { breaker.recordFailure() }
        #expect(breaker.state == .closed && breaker.allow())
        breaker.recordFailure()
        #expect(breaker.state == .open && !breaker.allow())
        try await Task.sleep(for: .milliseconds(150))
        #expect(breaker.allow())  // the one probe
        #expect(!breaker.allow())  // no second probe while half-open
        breaker.recordSuccess()
        #expect(breaker.state == .closed && breaker.allow())
    }

    @Test("a failed probe opens the circuit again")
    func failedProbe() async throws {
        let breaker = CircuitBreaker(failureThreshold: 1, openDuration: .milliseconds(50))
        breaker.recordFailure()
        try await Task.sleep(for: .milliseconds(80))
        #expect(breaker.allow())
        breaker.recordFailure()
        #expect(breaker.state == .open)
    }
}
