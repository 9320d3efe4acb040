import Testing
import ZKTestSupport
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKWire

@Suite("Storage: put, get, stat, pin")
struct StoragePutGetTests {
    @Test("a put is retrievable by hash and by CID, byte for byte")
    func roundTrip() async throws {
        try await StorageHarness.with { storage in
            let elf = ELFFixture.make(size: 300_000, seed: 7)
            let put = try await storage.client.put(elf)
            #expect(put.elfHash == SHA256.hash(elf))
            #expect(put.elfSize == UInt64(elf.count))
            #expect(put.tiers == ["memory", "disk"])
            #expect(!put.alreadyPresent)
            let byHash = try await storage.client.elf(hash: put.elfHash)
            #expect(byHash.elf == elf)
            #expect(byHash.response.cid == put.cid)
            #expect(byHash.response.tier == "memory")
            let byCID = try await storage.client.elf(cid: put.cid)
            #expect(byCID.elf == elf)
            #expect(byCID.response.elfHash == put.elfHash)
        }
    }

    @Test("putting the same bytes again answers the same, marked already_present")
    func idempotent() async throws {
        try await StorageHarness.with { storage in
            let elf = ELFFixture.make(size: 10_000, seed: 8)
            let first = try await storage.client.put(elf)
            // A different compression of the same ELF is the same program.
            let second = try await storage.client.putProgram(
                PutProgramRequest(elfZstd: try Zstd.compress(elf, level: 19), elfSize: UInt64(elf.count))
            )
            #expect(second.alreadyPresent)
            #expect(second.tiers == ["memory", "disk"])
            #expect(second.elfHash == first.elfHash)
            #expect(second.cid == first.cid)
            #expect(try await storage.client.tier("disk")?.entries == 1)
        }
    }

    @Test(
        "PutProgram's CID equals aleph-cid's (kubo --cid-version=1) for ELF-like files",
        arguments: [1024, 262_144, 262_145, 1 << 20, 10 << 20]
    )
    func cidMatchesAleph(size: Int) async throws {
        let elf = ELFFixture.make(size: size, seed: UInt64(size))
        let expected = try PythonOracle.alephCIDv1(of: elf)
        try await StorageHarness.with { storage in
            let put = try await storage.client.put(elf)
            #expect(put.cid == expected)
            #expect(try await storage.client.elf(cid: expected).elf == elf)
        }
    }

    @Test("StatProgram reports sizes, tiers and pin; Pin and Unpin toggle it; unknown programs are NOT_FOUND")
    func statAndPin() async throws {
        try await StorageHarness.with { storage in
            let elf = ELFFixture.make(size: 5000, seed: 9)
            let put = try await storage.client.put(elf)
            var stat = try await storage.client.statProgram(StatProgramRequest(cid: put.cid))
            #expect(stat.elfHash == put.elfHash)
            #expect(stat.elfSize == 5000)
            #expect(stat.compressedSize == put.compressedSize)
            #expect(stat.tiers == ["memory", "disk"])
            #expect(!stat.pinned)
            #expect(try await storage.client.pin(PinRequest(elfHash: put.elfHash)).pinned)
            stat = try await storage.client.statProgram(StatProgramRequest(elfHash: put.elfHash))
            #expect(stat.pinned)
            #expect(try await !storage.client.unpin(PinRequest(elfHash: put.elfHash)).pinned)
            stat = try await storage.client.statProgram(StatProgramRequest(elfHash: put.elfHash))
            #expect(!stat.pinned)
            let missing = try await #require(throws: RPCError.self) {
                try await storage.client.statProgram(StatProgramRequest(elfHash: SHA256.hash([1, 2, 3])))
            }
            #expect(missing.code == .notFound)
        }
    }
}
