import Testing
import ZKProto
import ZKRPC
@testable import ZKRouterService

@Suite("Job table: single flight and capacity")
struct JobTableTests {
    static func key(_ byte: UInt8) -> ProofCacheKey {
        ProofCacheKey(programHash: [byte], publicInputs: [], privateInputs: [], backend: "auto", mode: .dev, zkvmVersion: "", tenant: nil)
    }

    @Test("identical keys join one job; after it finishes a new one starts")
    func singleFlight() throws {
        let table = JobTable(capacity: 10, retention: 10)
        let (first, joinedFirst) = try table.joinOrCreate(Self.key(1), owner: nil)
        let (second, joinedSecond) = try table.joinOrCreate(Self.key(1), owner: nil)
        #expect(!joinedFirst && joinedSecond && first === second)
        table.finished(first)
        let (third, joinedThird) = try table.joinOrCreate(Self.key(1), owner: nil)
        #expect(!joinedThird && third !== first)
        #expect(table.job(first.id) === first)  // still retained for GetJob
    }

    @Test("the queue refuses beyond capacity with RESOURCE_EXHAUSTED")
    func capacity() throws {
        let table = JobTable(capacity: 2, retention: 10)
        _ = try table.joinOrCreate(Self.key(1), owner: nil)
        _ = try table.joinOrCreate(Self.key(2), owner: nil)
        do {
            _ = try table.joinOrCreate(Self.key(3), owner: nil)
            Issue.record("admitted beyond capacity")
        } catch {
            #expect(error.code == .resourceExhausted)
        }
    }

    @Test("job ids are 'j-' and 128 random bits in hex, with no counter or replica prefix in common")
    func unguessableIDs() throws {
        let table = JobTable(capacity: 100, retention: 100)
        var ids: Set<String> = []
        for byte in 1...50 as ClosedRange<UInt8> {
            let (job, _) = try table.joinOrCreate(Self.key(byte), owner: nil)
            #expect(job.id.hasPrefix("j-") && job.id.count == 2 + 32)
            #expect(job.id.dropFirst(2).allSatisfy { $0.isHexDigit && !$0.isUppercase })
            ids.insert(job.id)
        }
        #expect(ids.count == 50)
        // No shared prefix beyond chance: 50 ids agreeing on their first 8 random hex digits would be 2^-32 each.
        #expect(Set(ids.map { $0.dropFirst(2).prefix(8) }).count > 1)
    }

    @Test("a job is read by its owner and the keys that joined it; others cannot read it; open mode has no keys")
    func ownership() throws {
        let job = Job(id: "j-1", key: Self.key(20), owner: "a")
        #expect(job.isReadable(by: "a"))
        #expect(!job.isReadable(by: "b") && !job.isReadable(by: nil))
        job.addReader("b")
        #expect(job.isReadable(by: "b") && !job.isReadable(by: "c"))
        let open = Job(id: "j-2", key: Self.key(21), owner: nil)
        #expect(open.isReadable(by: nil))
    }

    @Test("Execute calls take queue slots: the queue bound counts them with the jobs")
    func executionSlots() throws {
        let table = JobTable(capacity: 2, retention: 10)
        try table.beginExecution()
        _ = try table.joinOrCreate(Self.key(1), owner: nil)
        #expect(throws: RPCError.self) { try table.beginExecution() }
        #expect(throws: RPCError.self) { try table.joinOrCreate(Self.key(2), owner: nil) }
        table.endExecution()
        try table.beginExecution()
    }

    @Test("finished jobs beyond the retention are forgotten")
    func retention() throws {
        let table = JobTable(capacity: 100, retention: 2)
        var ids: [String] = []
        for byte in 1...4 as ClosedRange<UInt8> {
            let (job, _) = try table.joinOrCreate(Self.key(byte), owner: nil)
            ids.append(job.id)
            table.finished(job)
        }
        #expect(table.job(ids[0]) == nil && table.job(ids[1]) == nil)
        #expect(table.job(ids[2]) != nil && table.job(ids[3]) != nil)
    }

    @Test("D8: finished statuses are bounded by bytes: big public values push the oldest jobs out, the newest stays")
    func retentionBytes() throws {
        let table = JobTable(capacity: 100, retention: 100, retentionBytes: 10_000)
        var ids: [String] = []
        for byte in 1...5 as ClosedRange<UInt8> {
            let (job, _) = try table.joinOrCreate(Self.key(byte), owner: nil)
            job.finish {
                $0.state = .succeeded
                $0.proof = ProofRecord(publicValues: [UInt8](repeating: byte, count: 4000))
            }
            ids.append(job.id)
            table.finished(job)
        }
        let retained = table.retained
        #expect(retained.bytes <= 10_000)
        #expect(retained.jobs == 2)
        #expect(ids.prefix(3).allSatisfy { table.job($0) == nil })
        #expect(ids.suffix(2).allSatisfy { table.job($0) != nil })
        // A single status bigger than the whole budget is still kept (the newest one always is).
        let (huge, _) = try table.joinOrCreate(Self.key(6), owner: nil)
        huge.finish { $0.proof = ProofRecord(publicValues: [UInt8](repeating: 6, count: 20_000)) }
        table.finished(huge)
        #expect(table.job(huge.id) != nil)
        #expect(table.retained.jobs == 1)
    }

    @Test("waiters wake when the job finishes, or at their timeout")
    func waiting() async throws {
        let job = Job(id: "j", key: Self.key(9), owner: nil)
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
        let job = Job(id: "c", key: Self.key(10), owner: nil)
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
