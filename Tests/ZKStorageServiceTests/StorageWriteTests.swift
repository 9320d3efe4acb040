import Foundation
import Testing
import ZKContent
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRegistryService
import ZKServiceKit
import ZKStorageService
import ZKTestSupport
import ZKWire

/// H4 of the security review: write credentials, registration pins and the bound on pinned bytes.
@Suite("Storage: write keys, registration pins, pinned bytes")
struct StorageWriteTests {
    private static func client(_ storage: StorageHarness, key: String?) throws -> StorageClient {
        var metadata = Metadata()
        if let key { metadata.add(Metadata.apiKey, key) }
        return try StorageClient(address: storage.address, metadata: metadata)
    }

    @Test("with write keys, PutProgram, Pin and Unpin need one (UNAUTHENTICATED otherwise); gets stay open")
    func writeKeys() async throws {
        let elf = ELFFixture.make(size: 20_000, seed: 401)
        try await StorageHarness.with({ $0.writeKeys = ["owner-key"] }) { storage in
            for key in [nil, "wrong-key"] {
                try await Self.client(storage, key: key).closing { client in
                    let put = try await #require(throws: RPCError.self) { try await client.put(elf) }
                    #expect(put.code == .unauthenticated, "\(put)")
                    for call in [client.pin, client.unpin] {
                        let error = try await #require(throws: RPCError.self) {
                            try await call(PinRequest(elfHash: SHA256.hash(elf)), nil)
                        }
                        #expect(error.code == .unauthenticated, "\(error)")
                    }
                }
            }
            let put = try await Self.client(storage, key: "owner-key").closing { client in
                let put = try await client.put(elf, pin: true)
                #expect(try await client.unpin(PinRequest(elfHash: put.elfHash)).pinned == false)
                return put
            }
            // Reads need no key.
            #expect(try await storage.client.elf(hash: put.elfHash).elf == elf)
        }
    }

    @Test("the write-keys file: one key a line, # comments; more words or no key is a configuration error")
    func writeKeysFile() throws {
        let keys = try StorageWriteKeys.parse("# keys\nalpha\n\n  beta  # the registry\n")
        #expect(keys == ["alpha", "beta"])
        #expect(throws: ConfigurationError.self) { try StorageWriteKeys.parse("alpha rate=1\n") }
        #expect(throws: ConfigurationError.self) { try StorageWriteKeys.parse("# nothing\n") }
    }

    /// The review's trigger: unpin the registered program, then put enough programs to exceed the disk tier.
    @Test("a program pinned for a registration cannot be unpinned, and a flood of puts does not evict it")
    func registrationPinSurvivesFlood() async throws {
        let programs = (0..<12).map { ELFFixture.make(size: 64 * 1024, seed: 420 + UInt64($0)) }
        let compressed = try Zstd.compress(programs[0]).count
        let limit = compressed * 4
        let directory = try TestEnvironment.temporaryDirectory("storage-registration-pin").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configure: (inout StorageConfiguration) -> Void = {
            $0.writeKeys = ["owner-key", "registry-key"]
            $0.memoryPrograms = 1
            $0.diskBytes = limit
            $0.maxPinnedBytes = limit / 2
        }
        let registered = try await StorageHarness.with(directory: directory, configure) { storage in
            let owner = try Self.client(storage, key: "owner-key")
            let put = try await owner.put(programs[0])
            // What registry-service does on RegisterProgram: check, then pin for the registration.
            let check = try StorageIntegrityCheck(address: storage.address, writeKey: "registry-key")
            try await check.verify(elfHash: put.elfHash, cid: try CID(put.cid))
            try await check.pinForRegistration(elfHash: put.elfHash)
            await check.close()
            let unpin = try await #require(throws: RPCError.self) {
                try await owner.unpin(PinRequest(elfHash: put.elfHash))
            }
            #expect(unpin.code == .failedPrecondition, "\(unpin)")
            for program in programs.dropFirst() { _ = try await owner.put(program) }
            #expect(try await storage.client.tier("disk")?.evictions ?? 0 >= 7)
            #expect(try await storage.client.elf(hash: put.elfHash).elf == programs[0])
            await owner.close()
            return put
        }
        // The registration's pin outlives a restart.
        try await StorageHarness.with(directory: directory, configure) { storage in
            try await Self.client(storage, key: "owner-key").closing { owner in
                let unpin = try await #require(throws: RPCError.self) {
                    try await owner.unpin(PinRequest(elfHash: registered.elfHash))
                }
                #expect(unpin.code == .failedPrecondition)
                for program in programs.dropFirst().reversed() { _ = try await owner.put(program) }
            }
            #expect(try await storage.client.elf(hash: registered.elfHash).elf == programs[0])
        }
    }

    /// The review's trigger: with --memory-bytes 1 MiB, k pinned puts of 1 MiB each.
    @Test("pinned 1 MiB puts with 1 MiB of memory: memory stays within its bound, pins stop at --max-pinned-bytes")
    func pinnedBytesBounded() async throws {
        let programs = (0..<6).map { ELFFixture.make(size: 1 << 20, seed: 440 + UInt64($0)) }
        let compressed = try Zstd.compress(programs[0]).count
        try await StorageHarness.with({
            $0.memoryBytes = 1 << 20
            $0.maxPinnedBytes = compressed * 3 + compressed / 2
        }) { storage in
            var accepted = 0
            var refused: [RPCError] = []
            for program in programs {
                do {
                    _ = try await storage.client.put(program, pin: true)
                    accepted += 1
                } catch let error as RPCError {
                    refused.append(error)
                }
                let memory = try #require(try await storage.client.tier("memory"))
                #expect(memory.bytes <= 1 << 20, "memory tier holds \(memory.bytes) bytes")
            }
            #expect(accepted == 3)
            #expect(refused.count == 3 && refused.allSatisfy { $0.code == .resourceExhausted }, "\(refused)")
            // Unpinning makes room again.
            let first = SHA256.hash(programs[0])
            _ = try await storage.client.unpin(PinRequest(elfHash: first))
            _ = try await storage.client.put(programs[3], pin: true)
            // A pin of a stored program is bounded too.
            _ = try await storage.client.put(programs[4])
            let pin = try await #require(throws: RPCError.self) {
                try await storage.client.pin(PinRequest(elfHash: SHA256.hash(programs[4])))
            }
            #expect(pin.code == .resourceExhausted)
        }
    }
}

/// D5 of the security review: puts are admitted, not queued without bound behind the I/O pool.
@Suite("Storage: put admission")
struct StoragePutAdmissionTests {
    @Test("with --max-concurrent-puts 1, a put while another is in flight is RESOURCE_EXHAUSTED")
    func putAdmission() async throws {
        // Kubo's add never answers: the first put holds its slot (it waits to publish) until the upstream timeout.
        let kubo = try SilentListener()
        defer { kubo.close() }
        let elf = ELFFixture.make(size: 20_000, seed: 480)
        try await StorageHarness.with({
            $0.ipfsAPI = "http://127.0.0.1:\(kubo.port)"
            $0.maxConcurrentPuts = 1
            $0.upstreamTimeout = .seconds(8)
        }) { storage in
            let client = storage.client
            // Four puts at once: one takes the slot and waits on Kubo; the others arrive while it waits.
            let codes = await withTaskGroup(of: RPCError.Code?.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        do {
                            _ = try await client.put(elf)
                            return nil
                        } catch let error as RPCError {
                            return error.code
                        } catch {
                            return .unknown
                        }
                    }
                }
                return await group.reduce(into: [RPCError.Code?]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == .resourceExhausted }.count == 3, "\(codes)")
            #expect(codes.filter { $0 == nil }.count == 1, "\(codes)")
            // The slot is free again.
            let again = try await client.put(elf)
            #expect(again.alreadyPresent)
        }
    }
}
