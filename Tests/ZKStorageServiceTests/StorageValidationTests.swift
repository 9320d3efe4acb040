import Foundation
import Testing
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKWire

@Suite("Storage: bad input gets its own coded error")
struct StorageValidationTests {
    /// Puts `zstd` declaring `size` and returns the error.
    private func rejected(_ storage: StorageHarness, _ zstd: [UInt8], size: UInt64) async throws -> RPCError {
        try await #require(throws: RPCError.self) {
            try await storage.client.putProgram(PutProgramRequest(elfZstd: zstd, elfSize: size))
        }
    }

    @Test("bytes that are not an ELF: INVALID_ARGUMENT naming the ELF magic")
    func notELF() async throws {
        try await StorageHarness.with { storage in
            let text = Array(String(repeating: "not an elf ", count: 100).utf8)
            let error = try await rejected(storage, try Zstd.compress(text), size: UInt64(text.count))
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("not a RISC-V ELF"))
            #expect(error.message.contains("magic"))
        }
    }

    @Test("an ELF for another machine (/bin/true): INVALID_ARGUMENT naming e_machine")
    func otherMachine() async throws {
        let host = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/bin/true")))
        try await StorageHarness.with { storage in
            let error = try await rejected(storage, try Zstd.compress(host), size: UInt64(host.count))
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("e_machine"))
        }
    }

    @Test("a zstd bomb (32 KiB of RLE blocks expanding to 1 GiB, declared 10 MiB): INVALID_ARGUMENT, bounded work")
    func bomb() async throws {
        // RFC 8878 section 3.1.1: frame header without content size, then 8,192 RLE blocks of 128 KiB.
        var bomb: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x38]
        let blocks = 8192
        for index in 0..<blocks {
            let header = UInt32(index == blocks - 1 ? 1 : 0) | (1 << 1) | (131_072 << 3)
            bomb += [UInt8(header & 0xFF), UInt8((header >> 8) & 0xFF), UInt8((header >> 16) & 0xFF), 0x7F]
        }
        #expect(bomb.count < 33 * 1024)
        try await StorageHarness.with { storage in
            let started = ContinuousClock.now
            let error = try await rejected(storage, bomb, size: 10 << 20)
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("beyond the declared"))
            #expect(ContinuousClock.now - started < .seconds(5))
            // Declaring the full 1 GiB is refused before any decompression.
            let huge = try await rejected(storage, bomb, size: 1 << 30)
            #expect(huge.code == .invalidArgument)
            #expect(huge.message.contains("exceeds the limit"))
        }
    }

    @Test("a declared size that lies (larger or smaller than the data): INVALID_ARGUMENT")
    func lyingSize() async throws {
        let elf = ELFFixture.make(size: 20_000, seed: 3)
        let zstd = try Zstd.compress(elf)
        try await StorageHarness.with { storage in
            let larger = try await rejected(storage, zstd, size: 20_001)
            #expect(larger.code == .invalidArgument)
            #expect(larger.message.contains("declared"))
            let smaller = try await rejected(storage, zstd, size: 19_999)
            #expect(smaller.code == .invalidArgument)
            #expect(smaller.message.contains("declared"))
            #expect(try await storage.client.tier("disk")?.entries == 0)
        }
    }

    @Test("unknown hash or CID: NOT_FOUND; malformed names and a bare arweave_tx: INVALID_ARGUMENT")
    func names() async throws {
        try await StorageHarness.with { storage in
            let unknown = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(StorageGetProgramRequest(elfHash: SHA256.hash([9])))
            }
            #expect(unknown.code == .notFound)
            let unknownCID = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(
                    StorageGetProgramRequest(cid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku")
                )
            }
            #expect(unknownCID.code == .notFound)
            let short = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(StorageGetProgramRequest(elfHash: [1, 2, 3]))
            }
            #expect(short.code == .invalidArgument)
            let badCID = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(StorageGetProgramRequest(cid: "not-a-cid"))
            }
            #expect(badCID.code == .invalidArgument)
            let bare = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(
                    StorageGetProgramRequest(arweaveTx: String(repeating: "A", count: 43))
                )
            }
            #expect(bare.code == .invalidArgument)
            #expect(bare.message.contains("cannot be verified"))
        }
    }
}
