import Foundation
import Testing
import ZKContent
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKTestSupport
import ZKWire

@Suite("Storage: tier bounds, pins and corruption")
struct StorageTierTests {
    @Test("memory holds at most --memory-programs programs; the disk tier keeps the rest and refills memory")
    func memoryBound() async throws {
        try await StorageHarness.with({ $0.memoryPrograms = 3 }) { storage in
            var hashes: [[UInt8]] = []
            for seed in 0..<6 {
                hashes.append(try await storage.client.put(ELFFixture.make(size: 4000, seed: UInt64(seed))).elfHash)
            }
            let memory = try #require(try await storage.client.tier("memory"))
            #expect(memory.entries == 3)
            #expect(memory.evictions == 3)
            let first = try await storage.client.elf(hash: hashes[0])
            #expect(first.response.tier == "disk")
            #expect(try await storage.client.elf(hash: hashes[0]).response.tier == "memory")
        }
    }

    @Test("memory and disk byte bounds hold; evicted programs are NOT_FOUND; a pinned one survives")
    func byteBoundsAndPins() async throws {
        let size = 64 * 1024
        // Random padding barely compresses: each program costs a little more than half its size.
        let programs = (0..<10).map { ELFFixture.make(size: size, seed: 100 + UInt64($0)) }
        let compressed = try programs.map { try Zstd.compress($0).count }
        let limit = compressed[0] * 3 + compressed[0] / 2  // room for three programs
        try await StorageHarness.with({
            $0.memoryBytes = limit
            $0.diskBytes = limit
        }) { storage in
            let pinned = try await storage.client.put(programs[0], pin: true)
            for program in programs.dropFirst() { _ = try await storage.client.put(program) }
            let stats = try await storage.client.stats()
            let memory = try #require(stats.tiers.first { $0.tier == "memory" })
            let disk = try #require(stats.tiers.first { $0.tier == "disk" })
            #expect(memory.bytes <= UInt64(limit))
            #expect(disk.bytes <= UInt64(limit))
            #expect(disk.entries <= 3 && disk.entries >= 2)
            #expect(disk.evictions >= 7)
            // The pinned program was put first, yet it is still served.
            #expect(try await storage.client.elf(hash: pinned.elfHash).elf == programs[0])
            #expect(try await storage.client.statProgram(StatProgramRequest(elfHash: pinned.elfHash)).pinned)
            let evicted = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(StorageGetProgramRequest(elfHash: SHA256.hash(programs[1])))
            }
            #expect(evicted.code == .notFound)
            // The latest one is there.
            #expect(try await storage.client.elf(hash: SHA256.hash(programs[9])).elf == programs[9])
        }
    }

    @Test("after a restart a program is found by its CID alone (get, stat, pin), through the names log only")
    func restartByCID() async throws {
        let directory = try TestEnvironment.temporaryDirectory("storage-cid").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let elf = ELFFixture.make(size: 30_000, seed: 13)
        // Over one 256 KiB chunk: a dag-pb root, which also has a CIDv0 (`Qm…`) name.
        let large = ELFFixture.make(size: 300_000, seed: 14)
        let (put, largePut) = try await StorageHarness.with(directory: directory) {
            (try await $0.client.put(elf), try await $0.client.put(large))
        }
        try await StorageHarness.with(directory: directory) { storage in
            let fetched = try await storage.client.elf(cid: put.cid)
            #expect(fetched.elf == elf)
            #expect(fetched.response.tier == "disk")
            #expect(fetched.response.elfHash == put.elfHash)
            #expect(fetched.response.cid == put.cid)
            let stat = try await storage.client.statProgram(StatProgramRequest(cid: put.cid))
            #expect(stat.elfHash == put.elfHash)
            #expect(stat.cid == put.cid)
            #expect(try await storage.client.pin(PinRequest(cid: put.cid)).pinned)
            // Another text of the same CID finds it too, and the answer names it in the canonical form.
            let root = try CID(largePut.cid)
            let v0 = try CID(version: .v0, codec: root.codec, multihash: root.multihash).description
            #expect(v0.hasPrefix("Qm"))
            let byV0 = try await storage.client.elf(cid: v0)
            #expect(byV0.elf == large)
            #expect(byV0.response.cid == largePut.cid)
        }
        // The names log is the only CID index: without it the program is found by hash only.
        try FileManager.default.removeItem(atPath: directory + "/names.log")
        try await StorageHarness.with(directory: directory) { storage in
            let error = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(StorageGetProgramRequest(cid: put.cid))
            }
            #expect(error.code == .notFound)
            #expect(try await storage.client.elf(hash: put.elfHash).elf == elf)
        }
    }

    @Test("a torn last line of names.log is cut at start, so the next program's names survive; an unreadable log stops the start")
    func tornNamesLog() async throws {
        let directory = try TestEnvironment.temporaryDirectory("storage-torn").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = ELFFixture.make(size: 20_000, seed: 15)
        let second = ELFFixture.make(size: 21_000, seed: 16)
        let firstPut = try await StorageHarness.with(directory: directory) { try await $0.client.put(first) }
        // A crash mid-append leaves a line without its newline.
        let log = directory + "/names.log"
        let handle = try #require(FileHandle(forWritingAtPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Array("\(Hex.encode(firstPut.elfHash)) bafk".utf8))
        try handle.close()
        let secondPut = try await StorageHarness.with(directory: directory) { try await $0.client.put(second) }
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        #expect(!text.contains(" bafk\n") && !text.contains(" bafk\(Hex.encode(secondPut.elfHash))"))
        let (firstByCID, secondByCID) = try await StorageHarness.with(directory: directory) { storage in
            (try await storage.client.elf(cid: firstPut.cid).elf, try await storage.client.elf(cid: secondPut.cid).elf)
        }
        #expect(firstByCID == first)
        #expect(secondByCID == second)
        // A names log that exists but cannot be read would leave every program unreachable by CID: no start.
        try FileManager.default.removeItem(atPath: log)
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: false)
        let error = try await #require(throws: RPCError.self) {
            try await StorageHarness.with(directory: directory) { _ in }
        }
        #expect(error.code == .internalError)
        #expect(error.message.contains("names log"))
    }

    @Test("a flipped byte on disk is detected, the file dropped and never served, and counted")
    func flippedByte() async throws {
        try await StorageHarness.with({ $0.memoryPrograms = 1 }) { storage in
            let elf = ELFFixture.make(size: 50_000, seed: 11)
            let put = try await storage.client.put(elf)
            _ = try await storage.client.put(ELFFixture.make(size: 4000, seed: 12))  // pushes it out of memory
            let file = try #require(StorageFiles.blobFile(in: storage.directory, hash: put.elfHash))
            try StorageFiles.flipByte(file, at: 100)
            let error = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(StorageGetProgramRequest(elfHash: put.elfHash))
            }
            #expect(error.code == .notFound)
            #expect(!FileManager.default.fileExists(atPath: file))
            let disk = try #require(try await storage.client.tier("disk"))
            #expect(disk.integrityFailures == 1)
            // Gone for good: a second get does not find a stale copy either.
            let again = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(StorageGetProgramRequest(cid: put.cid))
            }
            #expect(again.code == .notFound)
            // The same bytes can be put again.
            #expect(try await !storage.client.put(elf).alreadyPresent)
            #expect(try await storage.client.elf(hash: put.elfHash).elf == elf)
        }
    }
}
