import Foundation
import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKTestSupport

/// The router with `--api-keys`: every method needs a key, jobs belong to their key, private-input requests are
/// cached and joined per key, and Execute is admitted like a job. Long-running jobs are the `loop` guest, which
/// runs until it is cancelled (or the 300 s job timeout), so nothing here depends on timing.
@Suite("prover-router keyed mode", .serialized)
struct RouterKeyedModeTests {
    static func u32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }

    /// The code `body` fails with; nil when it succeeds (or fails with something other than an RPCError).
    static func code(_ body: () async throws -> Void) async -> RPCError.Code? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error.code
        } catch {
            return nil
        }
    }

    static func keyed(_ label: String, keys: String, _ extra: [String] = []) throws -> Cluster {
        let cluster = try Cluster(label: label)
        let file = cluster.directory.appendingPathComponent("keys.txt")
        try keys.write(to: file, atomically: true, encoding: .utf8)
        try cluster.startRouter(["--api-keys", file.path] + extra)
        return cluster
    }

    @Test("H3: without a known key every method but Health is UNAUTHENTICATED; a job is another key's NOT_FOUND")
    func jobOwnership() async throws {
        let cluster = try Self.keyed("owner", keys: "a\nb\n")
        defer { cluster.stop() }
        let loop = try cluster.register("loop")
        let a = try cluster.client(apiKey: "a")
        let b = try cluster.client(apiKey: "b")
        let anonymous = try cluster.client()
        let unknown = try cluster.client(apiKey: "nobody")

        // The review's trigger: key a starts a job, then callers without a (known) key try every method on it.
        let request = ProveRequest(programHash: loop, publicInputs: [[7]], wait: false)
        let started = try await a.prove(request)
        #expect(started.state == .queued || started.state == .running)
        #expect(started.jobID.hasPrefix("j-") && started.jobID.count == 34, "\(started.jobID)")
        let id = started.jobID
        for client in [anonymous, unknown] {
            let calls: [(String, () async throws -> Void)] = [
                ("Prove", { _ = try await client.prove(request) }),
                ("GetJob", { _ = try await client.getJob(id) }),
                ("WaitJob", { _ = try await client.waitJob(id, wait: .milliseconds(1)) }),
                ("CancelJob", { _ = try await client.cancelJob(id) }),
                ("Execute", { _ = try await client.execute(ExecuteRequest(programHash: loop, maxCycles: 10)) }),
                ("ListBackends", { _ = try await client.listBackends() }),
                ("Stats", { _ = try await client.stats() }),
            ]
            for (name, call) in calls {
                #expect(await Self.code(call) == .unauthenticated, "\(name)")
            }
            // Health stays open: a load balancer probes it without a key.
            #expect(try await client.health().status == .serving)
        }
        let still = try await a.getJob(id)
        #expect(still.state == .queued || still.state == .running)  // the unauthenticated cancel did nothing

        // Another key: the job does not exist for it.
        #expect(await Self.code { _ = try await b.getJob(id) } == .notFound)
        #expect(await Self.code { _ = try await b.waitJob(id, wait: .milliseconds(1)) } == .notFound)
        #expect(await Self.code { _ = try await b.cancelJob(id) } == .notFound)

        // Joining the identical (public-only) request lets b read the job, not cancel it.
        let joined = try await b.prove(request)
        #expect(joined.joined && joined.jobID == id)
        #expect(try await b.getJob(id).jobID == id)
        #expect(await Self.code { _ = try await b.cancelJob(id) } == .permissionDenied)
        #expect(try await a.getJob(id).state != .cancelled)

        _ = try await a.cancelJob(id)
        let cancelled = try await b.waitJob(id, wait: .seconds(60))
        #expect(cancelled.state == .cancelled)
        for client in [a, b, anonymous, unknown] { await client.close() }
    }

    @Test("H3: every call takes a token from its key's bucket, not only Prove and Execute")
    func everyCallTakesAToken() async throws {
        let cluster = try Self.keyed("tokens", keys: "slow rate=0.001 burst=4\n")
        defer { cluster.stop() }
        let slow = try cluster.client(apiKey: "slow")
        _ = try await slow.stats()
        _ = try await slow.listBackends()
        #expect(await Self.code { _ = try await slow.getJob("j-00000000000000000000000000000000") } == .notFound)
        #expect(await Self.code { _ = try await slow.cancelJob("j-00000000000000000000000000000000") } == .notFound)
        // Four tokens used; the bucket refills one per 1000 s.
        #expect(await Self.code { _ = try await slow.stats() } == .resourceExhausted)
        #expect(await Self.code { _ = try await slow.waitJob("j-0", wait: .milliseconds(1)) } == .resourceExhausted)
        await slow.close()
    }

    @Test("S2: a request with private inputs is neither a cache hit nor a join for another key; public ones are")
    func perTenantCache() async throws {
        let cluster = try Self.keyed("tenant", keys: "a\nb\n")
        defer { cluster.stop() }
        let fibonacci = try cluster.register("fibonacci")
        let loop = try cluster.register("loop")
        let a = try cluster.client(apiKey: "a")
        let b = try cluster.client(apiKey: "b")

        // The review's trigger: a proves with a private input; b guesses the same input.
        let secret = ProveRequest(programHash: fibonacci, publicInputs: [Self.u32(12)], privateInputs: [[4, 2]], wait: true)
        let first = try await a.prove(secret)
        #expect(first.state == .succeeded && !first.cached)
        let again = try await a.prove(secret)
        #expect(again.cached && again.jobID.hasPrefix("c-"))
        // The `c-` id of a's cached private record: a reads it, b gets NOT_FOUND.
        #expect(try await a.getJob(again.jobID).proof == first.proof)
        #expect(await Self.code { _ = try await b.getJob(again.jobID) } == .notFound)

        let guess = try await b.prove(secret)
        #expect(guess.state == .succeeded && !guess.cached && !guess.joined)
        #expect(try await b.stats().jobsStarted == 2)
        // Now the same `c-` id names, for b, b's own record (made by b's own job), and still a's for a.
        #expect(try await b.getJob(again.jobID).proof == guess.proof)
        #expect(try await a.getJob(again.jobID).proof == first.proof)

        // Public-only requests stay shared across keys.
        let open = ProveRequest(programHash: fibonacci, publicInputs: [Self.u32(13)], wait: true)
        let made = try await a.prove(open)
        let hit = try await b.prove(open)
        #expect(!made.cached && hit.cached && hit.proof == made.proof)
        #expect(try await b.getJob(hit.jobID).proof == made.proof)

        // A running job with private inputs is not joined by another key either.
        let running = ProveRequest(programHash: loop, publicInputs: [[1]], privateInputs: [[9]], wait: false)
        let mine = try await a.prove(running)
        let theirs = try await b.prove(running)
        #expect(!theirs.joined && theirs.jobID != mine.jobID)
        let mineAgain = try await a.prove(running)
        #expect(mineAgain.joined && mineAgain.jobID == mine.jobID)
        _ = try await a.cancelJob(mine.jobID)
        _ = try await b.cancelJob(theirs.jobID)
        #expect(try await a.waitJob(mine.jobID, wait: .seconds(60)).state == .cancelled)
        #expect(try await b.waitJob(theirs.jobID, wait: .seconds(60)).state == .cancelled)
        await a.close()
        await b.close()
    }

    @Test("D4: Execute takes the key's concurrency slot, the router's queue bound and the daily cycle quota")
    func executeAdmission() async throws {
        let cluster = try Self.keyed("execute", keys: "one concurrent=1\nsmall cycles=100000\nfree\n")
        defer { cluster.stop() }
        let keys = cluster.directory.appendingPathComponent("keys.txt").path
        try cluster.startRouter(["--api-keys", keys, "--queue-capacity", "1"])
        let fibonacci = try cluster.register("fibonacci")
        let loop = try cluster.register("loop")
        let dryRun = ExecuteRequest(programHash: fibonacci, publicInputs: [Self.u32(10)])

        // Concurrency: a key at its cap of one running job cannot start an Execute beside it.
        let one = try cluster.client(apiKey: "one")
        let job = try await one.prove(ProveRequest(programHash: loop, publicInputs: [[3]], wait: false))
        let busy = await #expect(throws: RPCError.self) { try await one.execute(dryRun) }
        #expect(busy?.code == .resourceExhausted && busy?.message.contains("concurrent") == true)
        _ = try await one.cancelJob(job.jobID)

        // Cycles: an Execute is charged what it ran, and a key whose daily cycles are used gets no more.
        let small = try cluster.client(apiKey: "small")
        let limited = await #expect(throws: RPCError.self) {
            try await small.execute(ExecuteRequest(programHash: loop, publicInputs: []))
        }
        #expect(limited?.code == .resourceExhausted)  // cut at the 100,000 cycles the key had left
        let quota = await #expect(throws: RPCError.self) { try await small.execute(dryRun) }
        #expect(quota?.code == .resourceExhausted && quota?.message.contains("cycles") == true)

        // The queue bound: router 1 holds one job at most, and an Execute needs a place in it.
        let free = try cluster.client(1, apiKey: "free")
        let holder = try await free.prove(ProveRequest(programHash: loop, publicInputs: [[4]], wait: false))
        let full = await #expect(throws: RPCError.self) { try await free.execute(dryRun) }
        #expect(full?.code == .resourceExhausted && full?.message.contains("queue") == true)
        _ = try await free.cancelJob(holder.jobID)
        #expect(try await free.waitJob(holder.jobID, wait: .seconds(60)).state == .cancelled)
        for client in [one, small, free] { await client.close() }
    }
}
