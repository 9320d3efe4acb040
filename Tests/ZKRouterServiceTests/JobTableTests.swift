import Testing
import ZKProto
import ZKRPC
@testable import ZKRouterService

@Suite("Job table: single flight and capacity")
struct JobTableTests {
    static func key(_ byte: UInt8) -> ProofCacheKey {
        ProofCacheKey(programHash: [byte], publicInputs: [], privateInputs: [], backend: "auto", mode: .dev, zkvmVersion: "")
    }

    @Test("identical keys join one job; after it finishes a new one starts")
    func singleFlight() throws {
        let table = JobTable(capacity: 10, retention: 10, replica: "r")
        let (first, joinedFirst) = try table.joinOrCreate(Self.key(1))
        let (second, joinedSecond) = try table.joinOrCreate(Self.key(1))
        #expect(!joinedFirst && joinedSecond && first === second)
        table.finished(first)
        let (third, joinedThird) = try table.joinOrCreate(Self.key(1))
        #expect(!joinedThird && third !== first)
        #expect(table.job(first.id) === first)  // still retained for GetJob
    }

    @Test("the queue refuses beyond capacity with RESOURCE_EXHAUSTED")
    func capacity() throws {
        let table = JobTable(capacity: 2, retention: 10, replica: "r")
        _ = try table.joinOrCreate(Self.key(1))
        _ = try table.joinOrCreate(Self.key(2))
        do {
            _ = try table.joinOrCreate(Self.key(3))
            Issue.record("admitted beyond capacity")
        } catch {
            #expect(error.code == .resourceExhausted)
        }
    }

    @Test("finished jobs beyond the retention are forgotten")
    func retention() throws {
        let table = JobTable(capacity: 100, retention: 2, replica: "r")
        var ids: [String] = []
        for byte in 1...4 as ClosedRange<UInt8> {
            let (job, _) = try table.joinOrCreate(Self.key(byte))
            ids.append(job.id)
            table.finished(job)
        }
        #expect(table.job(ids[0]) == nil && table.job(ids[1]) == nil)
        #expect(table.job(ids[2]) != nil && table.job(ids[3]) != nil)
    }

    @Test("waiters wake when the job finishes, or at their timeout")
    func waiting() async throws {
        let job = Job(id: "j", key: Self.key(9))
        let start = ContinuousClock.now
        await job.wait(timeout: .milliseconds(50))
        #expect(ContinuousClock.now - start >= .milliseconds(50))
        async let waited: Void = job.wait(timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(20))
        job.finish { $0.state = .succeeded }
        await waited
        #expect(job.status.state == .succeeded)
    }

    @Test("a caller cancelled before it waits, or while it waits, returns at once, not at the timeout")
    func cancelledWaiters() async throws {
        let job = Job(id: "c", key: Self.key(10))
        let start = ContinuousClock.now
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }  // cancelled before wait registers
            await job.wait(timeout: .seconds(30))
        }
        await early.value
        let waiting = Task { await job.wait(timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        await waiting.value
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(!job.isFinished)
    }
}
