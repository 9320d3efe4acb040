import Testing
import ZKRPC
@testable import ZKRouterService

@Suite("Admission: rate limits and quotas per API key")
struct AdmissionControllerTests {
    @Test("open mode admits everyone, with or without a key")
    func openMode() throws {
        let admission = AdmissionController(policies: nil)
        for _ in 0..<1000 { try admission.admitCall(apiKey: nil) }
        _ = try admission.reserveJob(apiKey: "anything")
    }

    @Test("unknown and missing keys are UNAUTHENTICATED")
    func unknownKey() {
        let admission = AdmissionController(policies: ["k": APIKeyPolicy()])
        for key in [nil, "other"] as [String?] {
            do {
                try admission.admitCall(apiKey: key)
                Issue.record("admitted \(String(describing: key))")
            } catch {
                #expect(error.code == .unauthenticated)
            }
        }
    }

    @Test("the token bucket refuses beyond the burst with a retry hint")
    func tokenBucket() throws {
        let admission = AdmissionController(policies: ["k": APIKeyPolicy(requestsPerSecond: 1, burst: 3)])
        for _ in 0..<3 { try admission.admitCall(apiKey: "k") }
        do {
            try admission.admitCall(apiKey: "k")
            Issue.record("fourth call admitted")
        } catch {
            #expect(error.code == .resourceExhausted)
            let retry = try #require(error.retryAfterMilliseconds)
            #expect(retry > 0 && retry <= 1000)
        }
        #expect(admission.refusals == 1)
    }

    @Test("daily proof quota, concurrency cap, and cycle quota")
    func quotas() throws {
        let admission = AdmissionController(
            policies: ["k": APIKeyPolicy(dailyProofs: 2, dailyCycles: 1000, maxConcurrentJobs: 1)]
        )
        let first = try admission.reserveJob(apiKey: "k")
        #expect(throws: RPCError.self) { try admission.reserveJob(apiKey: "k") }  // concurrency 1
        admission.finish(first, cycles: 400)
        #expect(admission.remainingCycles(apiKey: "k") == 600)
        let second = try admission.reserveJob(apiKey: "k")
        admission.finish(second, cycles: 700)
        do {
            _ = try admission.reserveJob(apiKey: "k")
            Issue.record("third proof admitted")
        } catch {
            #expect(error.code == .resourceExhausted)
            #expect(error.message.contains("proofs") || error.message.contains("cycles"))
        }
    }

    @Test("the keys file parses and bad lines are reported")
    func keysFile() throws {
        let keys = try APIKeyPolicy.parseFile("""
            # comment
            alpha rate=5 burst=10 proofs=100 cycles=5000 concurrent=2
            beta
            """)
        #expect(keys["alpha"] == APIKeyPolicy(requestsPerSecond: 5, burst: 10, dailyProofs: 100, dailyCycles: 5000, maxConcurrentJobs: 2))
        #expect(keys["beta"] == APIKeyPolicy())
        #expect(throws: RPCError.self) { try APIKeyPolicy.parseFile("gamma rate=fast") }
    }
}
