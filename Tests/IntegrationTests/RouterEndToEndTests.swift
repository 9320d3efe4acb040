import Foundation
import Logging
import Testing
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKRedis
import ZKTestSupport

/// The router through all three services as real processes, with a real redis-server where Redis is involved.
@Suite("prover-router end to end", .serialized)
struct RouterEndToEndTests {
    static func u32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }

    static func fibonacci(_ n: UInt32) -> (UInt32, UInt32) {
        var (previous, current): (UInt32, UInt32) = (1, 0)
        for _ in 0..<n { (previous, current) = (current, previous &+ current) }
        return (previous, current)
    }

    @Test("prove, then the same request is answered from the cache; the proof verifies; Execute is a dry run")
    func proveAndCache() async throws {
        let cluster = try Cluster(label: "e2e")
        defer { cluster.stop() }
        try cluster.startRouter()
        let hash = try cluster.register("fibonacci")
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let request = ProveRequest(programHash: hash, publicInputs: [Self.u32(25)], wait: true)
        let first = try await client.prove(request)
        #expect(first.state == .succeeded && !first.cached)
        let record = try #require(first.proof)
        let (previous, current) = Self.fibonacci(25)
        #expect(record.publicValues == Self.u32(25) + Self.u32(previous) + Self.u32(current))
        #expect(record.kind == "dev-execution-attestation" && !record.zeroKnowledge && !record.succinct)
        #expect(record.publicValuesDigest == SHA256.hash(record.publicValues))

        let second = try await client.prove(request)
        #expect(second.cached && second.cacheTier == "memory" && second.proof == record)

        let proofFile = cluster.directory.appendingPathComponent("fib.proof")
        try Data(record.serializedBytes()).write(to: proofFile)
        let verified = try CommandRunner.run(
            "zkfaas",
            ["proof", "verify", proofFile.path, "--router", cluster.routers[0].address, "--json"]
        )
        #expect(verified.status == 0 && verified.stdout.contains("\"valid\":true"))
        var tampered = record
        tampered.publicValues[0] ^= 1
        try Data(tampered.serializedBytes()).write(to: proofFile)
        let rejected = try CommandRunner.run("zkfaas", ["proof", "verify", proofFile.path, "--router", cluster.routers[0].address])
        #expect(rejected.status != 0)

        // S3: the review's trigger — an arbitrary public_values_digest and succinct = true on a valid record — and
        // the other fields format 1 left unsigned: each makes the record invalid now.
        #expect(record.formatVersion == 2)
        let changes: [(String, @Sendable (inout ProofRecord) -> Void)] = [
            ("digest and succinct", { $0.publicValuesDigest = Array(repeating: 0x42, count: 32); $0.succinct = true }),
            ("public_values_digest", { $0.publicValuesDigest = Array(repeating: 0x42, count: 32) }),
            ("succinct", { $0.succinct = true }),
            ("exit_code", { $0.exitCode = 1 }),
            ("backend", { $0.backend = "sp1-network" }),
            ("created_at_ms", { $0.createdAtMs += 1 }),
        ]
        for (name, change) in changes {
            var changed = record
            change(&changed)
            try Data(changed.serializedBytes()).write(to: proofFile)
            let result = try CommandRunner.run(
                "zkfaas",
                ["proof", "verify", proofFile.path, "--router", cluster.routers[0].address, "--json"]
            )
            #expect(result.status != 0 && result.stdout.contains("\"valid\":false"), "\(name): \(result.stdout)")
        }
        // The fields the signature covers are printed; the current format leaves none out.
        try Data(record.serializedBytes()).write(to: proofFile)
        let covered = try CommandRunner.run("zkfaas", ["proof", "verify", proofFile.path, "--router", cluster.routers[0].address])
        #expect(covered.status == 0 && covered.stdout.contains("signed fields:") && covered.stdout.contains("public_values_digest"))
        #expect(!covered.stdout.contains("NOT signed"))
        // A format-1 record (signed here with the router's key file) still verifies, and the client names what its
        // signature does not cover.
        let keyFile = cluster.directory.appendingPathComponent("router0/dev-signing.key")
        let routerKey = try Ed25519.PrivateKey(rawRepresentation: Array(try Data(contentsOf: keyFile)))
        var legacy = record
        legacy.formatVersion = 1
        legacy.proof = try routerKey.signature(for: #require(DevAttestation.message(for: legacy)))
        try Data(legacy.serializedBytes()).write(to: proofFile)
        let old = try CommandRunner.run("zkfaas", ["proof", "verify", proofFile.path, "--router", cluster.routers[0].address])
        #expect(old.status == 0 && old.stdout.contains("NOT signed:") && old.stdout.contains("succinct"), "\(old.stdout)")
        let oldJSON = try CommandRunner.run(
            "zkfaas", ["proof", "verify", proofFile.path, "--router", cluster.routers[0].address, "--json"]
        )
        #expect(oldJSON.stdout.contains("\"unsigned_fields\":[\"format_version\",\"kind\""), "\(oldJSON.stdout)")

        let dryRun = try await client.execute(ExecuteRequest(programHash: hash, publicInputs: [Self.u32(25)]))
        #expect(dryRun.publicValues == record.publicValues && dryRun.cycles == record.cycles)
        let stats = try await client.stats()
        #expect(stats.backends.first { $0.name == "local" }?.executions == 1)
    }

    @Test("200 concurrent identical requests make exactly one execution")
    func dedup() async throws {
        let cluster = try Cluster(label: "dedup")
        defer { cluster.stop() }
        try cluster.startRouter()
        let hash = try cluster.register("fibonacci")
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let request = ProveRequest(programHash: hash, publicInputs: [Self.u32(3_000_000)], wait: true)
        let results = try await withThrowingTaskGroup(of: JobStatus.self) { group in
            for _ in 0..<200 { group.addTask { try await client.prove(request, timeout: .seconds(120)) } }
            var all: [JobStatus] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(results.allSatisfy { $0.state == .succeeded })
        #expect(Set(results.compactMap { $0.proof?.publicValues }).count == 1)
        let stats = try await client.stats()
        #expect(stats.backends.first { $0.name == "local" }?.executions == 1)
        #expect(stats.jobsStarted == 1)
        #expect(stats.dedupJoins + UInt64(results.filter(\.cached).count) == 199)
    }

    @Test("after a router restart the proof comes from the disk tier")
    func diskTierAfterRestart() async throws {
        let cluster = try Cluster(label: "l2")
        defer { cluster.stop() }
        try cluster.startRouter()
        let hash = try cluster.register("fibonacci")
        let request = ProveRequest(programHash: hash, publicInputs: [Self.u32(40)], wait: true)
        let first = try await cluster.client().prove(request)
        #expect(first.state == .succeeded)
        _ = try cluster.restartRouter(0)
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let again = try await client.prove(request)
        #expect(again.cached && again.cacheTier == "disk" && again.proof == first.proof)
        #expect(try await client.stats().backends.first { $0.name == "local" }?.executions == 0)
    }

    @Test("two routers on one Redis given the same request at once make one execution")
    func twoReplicas() async throws {
        let cluster = try Cluster(label: "replicas", redis: true)
        defer { cluster.stop() }
        try cluster.startRouter()
        try cluster.startRouter()
        let hash = try cluster.register("fibonacci")
        let request = ProveRequest(programHash: hash, publicInputs: [Self.u32(2_000_000)], wait: true)
        let clients = [try cluster.client(0), try cluster.client(1)]
        let results = try await withThrowingTaskGroup(of: JobStatus.self) { group in
            for index in 0..<20 { group.addTask { try await clients[index % 2].prove(request, timeout: .seconds(120)) } }
            var all: [JobStatus] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(results.allSatisfy { $0.state == .succeeded })
        #expect(Set(results.compactMap { $0.proof?.publicValues }).count == 1)
        var executions: UInt64 = 0
        for client in clients {
            executions += try await client.stats().backends.first { $0.name == "local" }?.executions ?? 0
            await client.close()
        }
        #expect(executions == 1)
    }

    @Test("S1: a record SET in Redis under a request's key is checked: a wrong or tampered one is not served, the job runs")
    func poisonedRedis() async throws {
        let cluster = try Cluster(label: "poison", redis: true)
        defer { cluster.stop() }
        try cluster.startRouter()
        try cluster.startRouter()
        let hash = try cluster.register("fibonacci")
        let redis = try #require(try cluster.redis?.client())
        defer { redis.close() }
        let first = try cluster.client(0)
        /// Proves `n` on router 0 and returns its record and the Redis key it was stored under.
        func proveOnFirst(_ n: UInt32) async throws -> (ProofRecord, [UInt8]) {
            let before = Set(try redis.keys(matching: Array("zkfaas:proof:*".utf8)))
            let status = try await first.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(n)], wait: true))
            let after = Set(try redis.keys(matching: Array("zkfaas:proof:*".utf8)))
            let added = after.subtracting(before)
            #expect(added.count == 1)
            return (try #require(status.proof), try #require(added.first))
        }
        let (record20, _) = try await proveOnFirst(20)
        let (_, key21) = try await proveOnFirst(21)
        let (record22, key22) = try await proveOnFirst(22)
        await first.close()

        // The review's trigger: another request's (validly signed) record under 21's key, and 22's own record with
        // its public values changed.
        try redis.set(key: key21, value: record20.serializedBytes())
        var tampered = record22
        tampered.publicValues[0] ^= 1
        tampered.publicValuesDigest = SHA256.hash(tampered.publicValues)
        try redis.set(key: key22, value: tampered.serializedBytes())

        let second = try cluster.client(1)
        defer { Task { await second.close() } }
        for n: UInt32 in [21, 22] {
            let status = try await second.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(n)], wait: true))
            #expect(status.state == .succeeded && !status.cached, "\(n)")
            let (previous, current) = Self.fibonacci(n)
            #expect(status.proof?.publicValues == Self.u32(n) + Self.u32(previous) + Self.u32(current))
        }
        let stats = try await second.stats()
        #expect(stats.backends.first { $0.name == "local" }?.executions == 2)  // both jobs ran
        #expect(stats.integrityFailures >= 2)
        #expect((stats.tiers.first { $0.tier == "redis" }?.integrityFailures ?? 0) >= 2)
        // Nothing bad was copied to the disk tier: it holds the two records the jobs made, which are served again.
        #expect(stats.tiers.first { $0.tier == "disk" }?.entries == 2)
        let again = try await second.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(21)], wait: true))
        #expect(again.cached && again.proof?.publicValues.prefix(4) == Self.u32(21)[...])
    }

    @Test("GetJob shows the cycles a running job has done so far; they only grow, up to the proof's count")
    func progress() async throws {
        let cluster = try Cluster(label: "progress")
        defer { cluster.stop() }
        try cluster.startRouter()
        let hash = try cluster.register("fibonacci")
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let n: UInt32 = 20_000_000
        let request = ProveRequest(programHash: hash, publicInputs: [Self.u32(n)], wait: false)
        let submitted = try await client.prove(request)
        var samples: [UInt64] = []
        var status = submitted
        for _ in 0..<2_000 where status.state != .succeeded && status.state != .failed {
            status = try await client.getJob(submitted.jobID)
            if status.state == .running, status.cyclesSoFar > 0 { samples.append(status.cyclesSoFar) }
            try await Task.sleep(for: .milliseconds(5))
        }
        if status.state != .succeeded { status = try await client.waitJob(submitted.jobID, wait: .seconds(120)) }
        #expect(status.state == .succeeded)
        let total = try #require(status.proof?.cycles)
        #expect(samples.count >= 2, "progress seen \(samples.count) times")
        #expect(samples == samples.sorted())
        #expect((samples.last ?? .max) <= total)
        #expect(status.cyclesSoFar == total)
    }

    @Test("a replica killed (-9) holding a job's lease: another replica asked for the job takes the lease over, runs it")
    func leaseTakeover() async throws {
        let cluster = try Cluster(label: "takeover", redis: true)
        defer { cluster.stop() }
        // The shortest lease allowed (RouterConfiguration.minimumLease).
        let doomed = try cluster.startRouter(["--lease-ms", "12000"])
        try cluster.startRouter(["--lease-ms", "12000"])
        let hash = try cluster.register("fibonacci")
        let redis = try #require(try cluster.redis?.client())
        defer { redis.close() }
        /// The owner (a job id) of the one job lease in Redis, if any.
        @Sendable func leaseOwner() throws -> String? {
            guard let key = try redis.keys(matching: Array("zkfaas:lease:*".utf8)).first else { return nil }
            return try redis.get(key: key).map { String(decoding: $0, as: UTF8.self) }
        }
        // Long enough (~10^8 cycles) to still be running when the replica is killed.
        let n: UInt32 = 20_000_000
        let request = ProveRequest(programHash: hash, publicInputs: [Self.u32(n)], wait: false)
        let first = try cluster.client(0)
        let submitted = try await first.prove(request)
        await first.close()
        // Bounded by a generous deadline, not a count of sleeps: a loaded machine may take long to start the job.
        var owner = try leaseOwner()
        let ownerDeadline = ContinuousClock.now + .seconds(120)
        while owner == nil && ContinuousClock.now < ownerDeadline {
            try await Task.sleep(for: .milliseconds(10))
            owner = try leaseOwner()
        }
        #expect(owner == submitted.jobID)  // the first replica runs the job under its lease
        doomed.signal(SIGKILL)
        #expect(doomed.waitForExit() == 128 + SIGKILL)

        let second = try cluster.client(1)
        var waiting = request
        waiting.wait = true
        let answer = Task { try await second.prove(waiting, timeout: .seconds(240)) }
        // The dead replica's lease keeps its owner until it expires; then the second replica's job holds it.
        var takenBy: String?
        let takeoverDeadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < takeoverDeadline {
            if let current = try leaseOwner(), current != submitted.jobID {
                takenBy = current
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let status = try await answer.value
        #expect(status.state == .succeeded, "\(String(describing: status.error))")
        #expect(takenBy == status.jobID)
        let (previous, current) = Self.fibonacci(n)
        #expect(status.proof?.publicValues == Self.u32(n) + Self.u32(previous) + Self.u32(current))
        #expect(try await second.stats().backends.first { $0.name == "local" }?.executions == 1)
        await second.close()
    }

    @Test("an ELF from storage that does not match the registered hash is never executed nor cached")
    func tamperedELF() async throws {
        let loop = try Array(Data(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("Guests/bin/loop.elf")))
        let fake = RPCServer(
            configuration: RPCServerConfiguration(port: 0),
            services: [TamperingStorageService(elf: loop)],
            logger: Logger(label: "tampering-storage")
        )
        let serverTask = Task { try await fake.run() }
        defer { serverTask.cancel() }
        while fake.localAddress == nil { try await Task.sleep(for: .milliseconds(5)) }
        let cluster = try Cluster(label: "tamper")
        defer { cluster.stop() }
        let hash = try cluster.register("fibonacci")
        try cluster.startRouter(storageAddress: "127.0.0.1:\(fake.localAddress!.port!)")
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let request = ProveRequest(programHash: hash, publicInputs: [Self.u32(10)], wait: true)
        for _ in 0..<2 {
            let status = try await client.prove(request)
            #expect(status.state == .failed)
            #expect(status.error?.code == RPCError.Code.dataLoss.rawValue)
        }
        let stats = try await client.stats()
        #expect(stats.backends.first { $0.name == "local" }?.executions == 0)
        #expect(stats.integrityFailures == 2)
        #expect(stats.tiers.first { $0.tier == "memory" }?.entries == 0)
    }

    @Test("rate limits and quotas per API key give RESOURCE_EXHAUSTED with a retry hint")
    func admission() async throws {
        let cluster = try Cluster(label: "keys")
        defer { cluster.stop() }
        let keys = cluster.directory.appendingPathComponent("keys.txt")
        try "slow rate=0.5 burst=2\nonce proofs=1\n".write(to: keys, atomically: true, encoding: .utf8)
        try cluster.startRouter(["--api-keys", keys.path])
        let hash = try cluster.register("fibonacci")
        let anonymous = try cluster.client()
        let missing = try await #require(throws: RPCError.self) {
            try await anonymous.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(1)], wait: true))
        }
        #expect(missing.code == .unauthenticated)

        let slow = try cluster.client(apiKey: "slow")
        var codes: [RPCError.Code] = []
        for n in 0..<4 as Range<UInt32> {
            do {
                _ = try await slow.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(n)], wait: true))
            } catch let error as RPCError {
                codes.append(error.code)
                #expect(error.retryAfterMilliseconds != nil)
            }
        }
        #expect(codes.count == 2 && codes.allSatisfy { $0 == .resourceExhausted })

        let once = try cluster.client(apiKey: "once")
        _ = try await once.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(100)], wait: true))
        // A cache hit does not use the quota; a new proof does.
        _ = try await once.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(100)], wait: true))
        let quota = try await #require(throws: RPCError.self) {
            try await once.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(101)], wait: true))
        }
        #expect(quota.code == .resourceExhausted && quota.message.contains("quota"))
        for client in [anonymous, slow, once] { await client.close() }
    }

    @Test("a guest that loops forever is stopped by the cycle limit, and by the job timeout; cancel stops a job")
    func limitsAndCancel() async throws {
        let cluster = try Cluster(label: "limits")
        defer { cluster.stop() }
        try cluster.startRouter(["--job-timeout-seconds", "2"])
        let loop = try cluster.register("loop")
        let client = try cluster.client()
        defer { Task { await client.close() } }

        let limited = try await client.prove(ProveRequest(programHash: loop, wait: true, maxCycles: 2_000_000))
        #expect(limited.state == .failed && limited.error?.code == RPCError.Code.resourceExhausted.rawValue)

        let timedOut = try await client.prove(
            ProveRequest(programHash: loop, publicInputs: [[1]], wait: true),
            timeout: .seconds(30)
        )
        #expect(timedOut.state == .failed && timedOut.error?.code == RPCError.Code.deadlineExceeded.rawValue)

        let started = try await client.prove(ProveRequest(programHash: loop, publicInputs: [[2]], wait: false))
        #expect(started.state == .queued || started.state == .running)
        // Open mode has no tenants: a key a client sends anyway hides nothing from it.
        let keyed = try cluster.client(apiKey: "any")
        #expect(try await keyed.getJob(started.jobID).jobID == started.jobID)
        await keyed.close()
        _ = try await client.cancelJob(started.jobID)
        let cancelled = try await client.waitJob(started.jobID, wait: .seconds(10))
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.error?.code == RPCError.Code.cancelled.rawValue)
    }

    @Test("private inputs never reach the data folder, Redis or the logs")
    func privateInputsStayInMemory() async throws {
        let cluster = try Cluster(label: "private", redis: true)
        defer { cluster.stop() }
        try cluster.startRouter(["--log-level", "trace"])
        let hash = try cluster.register("fibonacci")
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let status = try await client.prove(
            ProveRequest(programHash: hash, publicInputs: [Self.u32(12)], privateInputs: [secret], wait: true)
        )
        #expect(status.state == .succeeded)
        cluster.routers[0].stop()  // flush everything it would write

        let needles = [secret, Array(Hex.encode(secret).utf8)]
        var haystacks: [(String, [UInt8])] = []
        let enumerator = FileManager.default.enumerator(at: cluster.directory.appendingPathComponent("router0"), includingPropertiesForKeys: nil)
        while let file = enumerator?.nextObject() as? URL {
            if let data = try? Data(contentsOf: file) { haystacks.append((file.path, Array(data))) }
        }
        haystacks.append(("router log", Array(cluster.routers[0].log.utf8)))
        let redis = try #require(cluster.redis).client()
        let keys = try redis.keys(matching: Array("*".utf8))
        #expect(!keys.isEmpty)
        for key in keys { haystacks.append(("redis \(String(decoding: key, as: UTF8.self))", key + ((try redis.get(key: key)) ?? []))) }
        for (name, bytes) in haystacks {
            for needle in needles {
                #expect(!Self.contains(bytes, needle), "private input found in \(name)")
            }
        }
        #expect(haystacks.count > 3)
    }

    @Test(
        "private inputs a guest reads (to hash, to fail on) reach no file, log line, Redis key or other key's view",
        .enabled(if: RedisTestServer.isAvailable, "redis-server is not installed")
    )
    func privateInputsReadByTheGuest() async throws {
        let cluster = try Cluster(label: "private-read", redis: true)
        defer { cluster.stop() }
        let keys = cluster.directory.appendingPathComponent("keys.txt")
        try "a\nb\n".write(to: keys, atomically: true, encoding: .utf8)
        try cluster.startRouter(["--api-keys", keys.path, "--log-level", "trace"])
        let sha256 = try cluster.register("sha256")
        let fibonacci = try cluster.register("fibonacci")
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let a = try cluster.client(apiKey: "a")
        let b = try cluster.client(apiKey: "b")
        defer { Task { await a.close(); await b.close() } }

        // sha256 reads its one buffer, here the private input, and commits its digest: the guest used the secret.
        let hashed = try await a.prove(ProveRequest(programHash: sha256, privateInputs: [secret], wait: true))
        #expect(hashed.state == .succeeded)
        #expect(hashed.proof?.publicValues == SHA256.hash(secret))
        // fibonacci reads the private input as n and panics on its length: a failure that depends on the secret.
        let failed = try await a.prove(ProveRequest(programHash: fibonacci, privateInputs: [secret], wait: true))
        #expect(failed.state == .failed)
        #expect(failed.error?.message.contains("exit code 1") == true, "\(String(describing: failed.error))")
        // The same guest with a 4-byte private input succeeds: the outcome depends on the private input.
        let fine = try await a.prove(ProveRequest(programHash: fibonacci, privateInputs: [Self.u32(7)], wait: true))
        #expect(fine.state == .succeeded)
        let executeError = await #expect(throws: RPCError.self) {
            _ = try await a.execute(ExecuteRequest(programHash: fibonacci, privateInputs: [secret]))
        }

        // Another key sees neither job, and its identical requests neither hit a's cache nor join a's jobs.
        var views: [(String, [UInt8])] = []
        for id in [hashed.jobID, failed.jobID] {
            do {
                let status = try await b.getJob(id)
                views.append(("b GetJob \(id)", status.serializedBytes()))
                Issue.record("key b read key a's job \(id)")
            } catch let error as RPCError {
                #expect(error.code == .notFound)
                views.append(("b GetJob error", Array(error.message.utf8)))
            }
        }
        let bHashed = try await b.prove(ProveRequest(programHash: sha256, privateInputs: [secret], wait: true))
        #expect(!bHashed.cached && !bHashed.joined)
        views.append(("b Stats", try await b.stats().serializedBytes()))
        views.append(("b ListBackends", try await b.listBackends().serializedBytes()))
        // a's own failed status carries only what the guest printed, not the input.
        views.append(("a failed status", failed.serializedBytes()))
        views.append(("a Execute error", Array((executeError?.message ?? "").utf8)))
        cluster.routers[0].stop()  // flush everything it would write

        let needles = [secret, Array(Hex.encode(secret).utf8)]
        var haystacks = views
        let enumerator = FileManager.default.enumerator(
            at: cluster.directory.appendingPathComponent("router0"), includingPropertiesForKeys: nil
        )
        while let file = enumerator?.nextObject() as? URL {
            if let data = try? Data(contentsOf: file) { haystacks.append((file.path, Array(data))) }
        }
        let log = cluster.routers[0].log
        #expect(log.contains("prove") || !log.isEmpty)
        haystacks.append(("router log", Array(log.utf8)))
        let redis = try #require(cluster.redis).client()
        let redisKeys = try redis.keys(matching: Array("*".utf8))
        #expect(redisKeys.contains { String(decoding: $0, as: UTF8.self).hasPrefix("zkfaas:failure:") })
        for key in redisKeys {
            haystacks.append(("redis \(String(decoding: key, as: UTF8.self))", key + ((try redis.get(key: key)) ?? [])))
        }
        for (name, bytes) in haystacks {
            for needle in needles {
                #expect(!Self.contains(bytes, needle), "private input found in \(name)")
            }
        }
    }

    @Test(
        "D7: with redis-server stopped, a new job reaches its caller as UNAVAILABLE with a retry hint, not INTERNAL",
        .enabled(if: RedisTestServer.isAvailable, "redis-server is not installed")
    )
    func redisOutageIsUnavailable() async throws {
        let cluster = try Cluster(label: "redis-outage", redis: true)
        defer { cluster.stop() }
        try cluster.startRouter()
        let hash = try cluster.register("fibonacci")
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let before = try await client.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(5)], wait: true))
        #expect(before.state == .succeeded)
        try #require(cluster.redis).stop()
        let status = try await client.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(6)], wait: true))
        #expect(status.state == .failed)
        #expect(status.error?.code == RPCError.Code.unavailable.rawValue, "\(String(describing: status.error))")
        #expect(status.error?.details.contains { $0.key == RPCError.retryAfterKey } == true)
        // The answer cached before the outage is still served from this replica's own tiers.
        let cached = try await client.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(5)], wait: true))
        #expect(cached.state == .succeeded && cached.cached)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && Array(haystack[index..<(index + needle.count)]) == needle { return true }
            index += 1
        }
        return false
    }

    @Test("the auto policy keeps small jobs on the local backend and refuses bigger ones it cannot move elsewhere")
    func autoPolicy() async throws {
        let cluster = try Cluster(label: "policy")
        defer { cluster.stop() }
        try cluster.startRouter(["--local-max-cycles", "50000"])
        let hash = try cluster.register("fibonacci")
        let client = try cluster.client()
        defer { Task { await client.close() } }
        let small = try await client.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(1000)], wait: true))
        #expect(small.state == .succeeded && small.proof?.backend == "local")
        let big = try await client.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(100_000)], wait: true))
        #expect(big.state == .failed && big.error?.code == RPCError.Code.failedPrecondition.rawValue)
        #expect(big.error?.message.contains("local-max-cycles") == true)
        // Naming the backend bypasses the auto policy.
        let named = try await client.prove(
            ProveRequest(programHash: hash, publicInputs: [Self.u32(100_000)], backend: "local", wait: true)
        )
        #expect(named.state == .succeeded)
        let modes = try await #require(throws: RPCError.self) {
            try await client.prove(ProveRequest(programHash: hash, publicInputs: [Self.u32(1)], mode: .groth16, wait: true))
        }
        #expect(modes.code == .failedPrecondition && modes.message.contains("GROTH16"))
    }
}
