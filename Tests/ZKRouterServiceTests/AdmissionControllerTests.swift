import Foundation
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

    @Test("S7: a key canonically equivalent to a configured one but byte-different is UNAUTHENTICATED")
    func keysMatchByBytes() throws {
        let configured = "caf\u{E9}-key"  // precomposed é
        let decomposed = "cafe\u{301}-key"  // e + combining acute: equal as Swift Strings, other bytes
        #expect(configured == decomposed)
        #expect(Array(configured.utf8) != Array(decomposed.utf8))
        let admission = AdmissionController(policies: [configured: APIKeyPolicy()])
        try admission.admitCall(apiKey: configured)
        let error = #expect(throws: RPCError.self) { try admission.admitCall(apiKey: decomposed) }
        #expect(error?.code == .unauthenticated)
        #expect(throws: RPCError.self) { _ = try admission.reserveJob(apiKey: decomposed) }
        #expect(admission.remainingCycles(apiKey: decomposed) == nil)
    }

    @Test("S7: the key comparison is byte equality, lengths included", arguments: [
        ([UInt8]("abc".utf8), [UInt8]("abc".utf8), true),
        ([UInt8]("abc".utf8), [UInt8]("abd".utf8), false),
        ([UInt8]("abc".utf8), [UInt8]("abc\u{0}".utf8), false),
        ([UInt8]("".utf8), [UInt8]("".utf8), true),
        ([UInt8]("a".utf8), [UInt8]("".utf8), false),
    ])
    func constantTimeEqual(a: [UInt8], b: [UInt8], equal: Bool) {
        #expect(APIKeyTable.constantTimeEqual(a, b) == equal)
        #expect(APIKeyTable.constantTimeEqual(b, a) == equal)
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
            #expect(error.message.contains("2 proofs"))
        }

        // Plenty of proofs left, but the cycles are used up: refused until midnight UTC, naming the cycle quota.
        let cycles = AdmissionController(policies: ["c": APIKeyPolicy(dailyProofs: 100, dailyCycles: 1000)])
        cycles.finish(try cycles.reserveJob(apiKey: "c"), cycles: 1000)
        #expect(cycles.remainingCycles(apiKey: "c") == 0)
        do {
            _ = try cycles.reserveJob(apiKey: "c")
            Issue.record("a job admitted after the cycle quota was used")
        } catch {
            #expect(error.code == .resourceExhausted)
            #expect(error.message.contains("1000 cycles"))
            let retry = try #require(error.retryAfterMilliseconds)
            let now = Int(Date().timeIntervalSince1970 * 1000)
            let untilMidnight = 86_400_000 - now % 86_400_000  // next 00:00 UTC
            #expect(abs(Int(retry) - untilMidnight) < 5_000)
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
