import Foundation
import Logging
import NIOPosix
import Synchronization
import Testing
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKStore
import ZKTestSupport

@testable import ZKRouterService

/// An in-memory shared tier standing in for Redis (the end-to-end test uses a real redis-server).
final class MemorySharedStore: SharedProofStore {
    let records = Mutex<[ProofCacheKey: [UInt8]]>([:])

    func get(_ key: ProofCacheKey) throws -> [UInt8]? { records.withLock { $0[key] } }
    func put(_ key: ProofCacheKey, _ record: [UInt8]) throws { records.withLock { $0[key] = record } }
    func putFailure(_ key: ProofCacheKey, _ status: [UInt8], milliseconds: Int) throws {}
    func getFailure(_ key: ProofCacheKey) throws -> [UInt8]? { nil }
    func acquireLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool { true }
    func refreshLease(_ key: ProofCacheKey, owner: String, milliseconds: Int) throws -> Bool { true }
    func releaseLease(_ key: ProofCacheKey, owner: String) throws {}
    func close() {}
}

@Suite("Proof cache: records from disk and Redis are checked before use")
struct ProofCacheTests {
    static let logger = Logger(label: "test.proof-cache")
    /// The routers' signing key in these tests, written to the key file before the signer opens it.
    static let signingKey = try! Ed25519.PrivateKey(rawRepresentation: DeterministicBytes.make(count: 32, seed: 77))

    /// A request, its key and what a record must say for it.
    struct Request {
        var programHash = DeterministicBytes.make(count: 32, seed: 1)
        var publicInputs: [[UInt8]] = [[25, 0, 0, 0]]

        var key: ProofCacheKey {
            ProofCacheKey(
                programHash: programHash,
                publicInputs: publicInputs,
                privateInputs: [],
                backend: "auto",
                mode: .dev,
                zkvmVersion: "v5.2.4",
                tenant: nil
            )
        }

        var expectation: ProofRecordExpectation {
            ProofRecordExpectation(
                programHash: programHash,
                elfHash: SHA256.hash(programHash),
                zkvm: "SP1",
                zkvmVersion: "v5.2.4",
                mode: .dev,
                stdinDigest: DevAttestation.stdinDigest(publicInputs: publicInputs, privateInputs: []),
                backend: nil
            )
        }

        /// The record the router would make for this request, signed by `signer`.
        func record(_ signer: DevProofSigner) throws -> ProofRecord {
            let values: [UInt8] = Array(publicInputs.joined()) + [1, 2, 3]
            var record = ProofRecord(
                kind: DevAttestation.kind,
                programHash: programHash,
                elfHash: SHA256.hash(programHash),
                zkvm: "SP1",
                zkvmVersion: "v5.2.4",
                backend: "local",
                mode: .dev,
                stdinDigest: expectation.stdinDigest,
                publicValues: values,
                publicValuesDigest: SHA256.hash(values),
                cycles: 1000,
                createdAtMs: 1_700_000_000_000
            )
            try signer.sign(&record)
            return record
        }
    }

    /// Runs `body` with a proof cache on a fresh folder, its signer, and the fake shared tier.
    static func withCache(
        directory: String? = nil,
        _ body: (ProofCache, DevProofSigner, MemorySharedStore, String) async throws -> Void
    ) async throws {
        let folder = try directory ?? TestEnvironment.temporaryDirectory("proof-cache").path
        let keyPath = folder + "/dev-signing.key"
        if !FileManager.default.fileExists(atPath: keyPath) {
            try Data(signingKey.rawRepresentation).write(to: URL(fileURLWithPath: keyPath))
        }
        let io = NIOThreadPool(numberOfThreads: 1)
        io.start()
        let signer = try DevProofSigner(path: folder + "/dev-signing.key", logger: logger)
        let shared = MemorySharedStore()
        let cache = try ProofCache(
            memoryEntries: 10,
            diskDirectory: folder + "/proofs",
            diskBytes: 1 << 20,
            shared: shared,
            trustedKeys: signer.trustedKeys,
            io: io,
            logger: logger
        )
        do {
            try await body(cache, signer, shared, folder)
        } catch {
            try? await io.shutdownGracefully()
            cache.close()
            throw error
        }
        try? await io.shutdownGracefully()
        cache.close()
    }

    @Test("D8: L1 is bounded by bytes as well as entries, and keeps each record once (its cost is the answer's bytes)")
    func memoryBytesBound() async throws {
        let folder = try TestEnvironment.temporaryDirectory("proof-cache-bytes").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(Self.signingKey.rawRepresentation).write(to: URL(fileURLWithPath: folder + "/dev-signing.key"))
        let io = NIOThreadPool(numberOfThreads: 1)
        io.start()
        let signer = try DevProofSigner(path: folder + "/dev-signing.key", logger: Self.logger)
        let cache = try ProofCache(
            memoryEntries: 1000, memoryBytes: 20_000, diskDirectory: folder + "/proofs", diskBytes: 1 << 24,
            shared: nil, trustedKeys: signer.trustedKeys, io: io, logger: Self.logger
        )
        var answerBytes = 0
        for index in 0..<20 {
            // About 4 KB of public values each: 20 records are 80 KB, four times the byte bound.
            let request = Request(publicInputs: [Array(repeating: UInt8(index), count: 4000)])
            let record = try request.record(signer)
            answerBytes = CachedProof(key: request.key, record: record).bytes
            await cache.store(request.key, record)
        }
        let usage = cache.memoryUsage
        #expect(usage.bytes <= 20_000)
        #expect(usage.entries == 20_000 / answerBytes)
        // Kept once: an entry costs the encoded answer, which is little more than the record itself.
        #expect(usage.bytes == usage.entries * answerBytes)
        let last = Request(publicInputs: [Array(repeating: 19, count: 4000)])
        let hit = try #require(cache.memoryHit(last.key))
        #expect(hit.record == (try last.record(signer)))
        try? await io.shutdownGracefully()
        cache.close()
    }

    static func tier(_ cache: ProofCache, _ name: String) -> TierStats? { cache.stats().first { $0.tier == name } }

    /// Each bad record the review's trigger could SET under a request's Redis key.
    static let poisons: [String] = [
        "another program's valid record", "changed public values", "untrusted signer", "not a record",
        "legacy format", "another input's valid record",
    ]

    static func poison(_ name: String, request: Request, signer: DevProofSigner, signingKey: Ed25519.PrivateKey) throws
        -> [UInt8]
    {
        switch name {
        case "another program's valid record":
            var other = request
            other.programHash = DeterministicBytes.make(count: 32, seed: 2)
            return try other.record(signer).serializedBytes()
        case "another input's valid record":
            var other = request
            other.publicInputs = [[26, 0, 0, 0]]
            return try other.record(signer).serializedBytes()
        case "changed public values":
            var record = try request.record(signer)
            record.publicValues[0] ^= 1
            record.publicValuesDigest = SHA256.hash(record.publicValues)
            return record.serializedBytes()
        case "untrusted signer":
            let folder = try TestEnvironment.temporaryDirectory("other-signer").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            return try request.record(DevProofSigner(path: folder + "/key", logger: logger)).serializedBytes()
        case "legacy format":
            // Validly signed by the router's own key, but in format 1, which leaves fields unsigned.
            var record = try request.record(signer)
            record.formatVersion = 1
            record.proof = try signingKey.signature(for: #require(DevAttestation.message(for: record)))
            #expect(DevAttestation.verify(record, trustedKeys: signer.trustedKeys))
            return record.serializedBytes()
        default:
            return Array("not a proof record at all".utf8) + [0xFF, 0xFF, 0xFF]
        }
    }

    @Test("a Redis record that fails its checks is never served nor copied to memory or disk", arguments: poisons)
    func poisonedRedis(_ poison: String) async throws {
        try await Self.withCache { cache, signer, shared, folder in
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let request = Request()
            try shared.put(request.key, Self.poison(poison, request: request, signer: signer, signingKey: Self.signingKey))
            #expect(await cache.lookup(request.key, expecting: request.expectation) == nil)
            #expect(await cache.sharedLookup(request.key, expecting: request.expectation) == nil)
            #expect(Self.tier(cache, "redis")?.integrityFailures == 2)
            #expect(cache.integrityFailures == 2)
            #expect(Self.tier(cache, "memory")?.entries == 0 && Self.tier(cache, "disk")?.entries == 0)

            // The record the request really has is served, and then copied up.
            try shared.put(request.key, request.record(signer).serializedBytes())
            let served = await cache.lookup(request.key, expecting: request.expectation)
            let expected = try request.record(signer)
            #expect(served?.1 == .redis && served?.0 == expected)
            #expect(Self.tier(cache, "memory")?.entries == 1 && Self.tier(cache, "disk")?.entries == 1)
        }
    }

    @Test("a disk record that fails its checks is dropped and counted, never served")
    func poisonedDisk() async throws {
        let folder = try TestEnvironment.temporaryDirectory("proof-cache-disk").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let request = Request()
        var other = request
        other.programHash = DeterministicBytes.make(count: 32, seed: 3)
        // A first router writes another program's (validly signed) record under this request's key.
        try await Self.withCache(directory: folder) { cache, signer, _, _ in
            await cache.store(request.key, try other.record(signer))
        }
        // The next one (empty memory) finds it on disk and refuses it.
        try await Self.withCache(directory: folder) { cache, signer, _, _ in
            #expect(Self.tier(cache, "disk")?.entries == 1)
            #expect(await cache.lookup(request.key, expecting: request.expectation) == nil)
            #expect(Self.tier(cache, "disk")?.integrityFailures == 1 && cache.integrityFailures == 1)
            #expect(Self.tier(cache, "disk")?.entries == 0 && Self.tier(cache, "memory")?.entries == 0)
            _ = signer
        }
    }
}
