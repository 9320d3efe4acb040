import Foundation
import Testing
import ZKTestSupport

@testable import ZKContent

@Suite("CARReader")
struct CARReaderTests {
    static func importBlocks(size: Int, seed: UInt64) -> (root: CID, blocks: [Block], bytes: [UInt8]) {
        let bytes = DeterministicBytes.make(count: size, seed: seed)
        var importer = UnixFSImporter(options: .init(emitBlocks: true))
        var blocks = importer.update(bytes)
        let result = importer.finalize()
        blocks += result.blocks
        return (result.root, blocks, bytes)
    }

    static func car(root: CID, blocks: [Block]) -> [UInt8] {
        var writer = CARWriter(roots: [root])
        for block in blocks { writer.append(block) }
        return writer.bytes
    }

    @Test("reads a CAR written by aleph-cid; its blocks verify")
    func readsOracleCAR() async throws {
        let content = DeterministicBytes.make(count: 600_000, seed: 11)
        let directory = try PythonOracle.temporaryFile(content, name: "program.elf").deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let carURL = directory.appendingPathComponent("out.car")
        let rootText = try PythonOracle.run(
            "import sys, aleph_cid; print(aleph_cid.write_folder_car(sys.argv[1], sys.argv[2]))",
            arguments: [directory.path, carURL.path]
        )
        let car = Array(try Data(contentsOf: carURL))
        let reader = try CARReader(bytes: car)
        #expect(reader.version == 1)
        #expect(reader.roots == [try CID(rootText)])
        let store = CARReader.blocks(in: car)
        #expect(store.count == 5)  // directory node, file node, three raw leaves
        // The root is a directory: not a file, the reader says so.
        await #expect(throws: ContentError.self) {
            try await VerifiedDAGReader().read(root: reader.roots[0], from: store)
        }
        let directoryNode = try PBNode(decoding: store[reader.roots[0]]![...])
        let fileLink = try #require(directoryNode.links.first { $0.name == "program.elf" })
        #expect(try await VerifiedDAGReader().read(root: fileLink.cid, from: store) == content)
        #expect(fileLink.cid == UnixFSImporter.cid(of: content).root)
    }

    @Test("blocks in any order, with extras, reassemble; a missing block is reported")
    func anyOrder() async throws {
        let (root, blocks, bytes) = Self.importBlocks(size: 5 * 262_144 + 3, seed: 1)
        let extra = Block(cid: CID.sha256(codec: .raw, of: [1, 2, 3]), bytes: [1, 2, 3])
        let store = CARReader.blocks(in: Self.car(root: root, blocks: [extra] + blocks.reversed()))
        #expect(try await VerifiedDAGReader().read(root: root, from: store) == bytes)

        let partial = CARReader.blocks(in: Self.car(root: root, blocks: blocks.filter { $0.cid != blocks[2].cid }))
        do {
            _ = try await VerifiedDAGReader().read(root: root, from: partial)
            Issue.record("missing block not detected")
        } catch let error as ContentError {
            #expect(error.code == .missingBlock)
        }
    }

    @Test("a corrupted block is read like the others, and rejected as hashMismatch when the file is read")
    func corruptedBlock() async throws {
        let (root, blocks, _) = Self.importBlocks(size: 2 * 262_144, seed: 2)
        var tampered = blocks
        var bytes = tampered[1].bytes
        bytes[100] ^= 0x01
        tampered[1] = Block(cid: tampered[1].cid, bytes: bytes)
        let store = CARReader.blocks(in: Self.car(root: root, blocks: tampered))
        #expect(store.count == blocks.count)
        #expect(store[tampered[1].cid] == bytes)
        await #expect { try await VerifiedDAGReader().read(root: root, from: store) } throws: {
            ($0 as? ContentError)?.code == .hashMismatch
        }
    }

    @Test(
        "every truncation point is reported, never crashes; the blocks before the cut are kept",
        arguments: [1, 5, 40, 60, 100, 300_000, 524_000]
    )
    func truncated(cut: Int) throws {
        let (root, blocks, _) = Self.importBlocks(size: 2 * 262_144, seed: 4)
        // Where the header and each section end.
        var writer = CARWriter(roots: [root])
        var ends = [writer.bytes.count]
        for block in blocks {
            writer.append(block)
            ends.append(writer.bytes.count)
        }
        let prefix = Array(writer.bytes.prefix(cut))
        do {
            var reader = try CARReader(bytes: prefix)
            while try reader.next() != nil {}
            Issue.record("truncated CAR of \(cut) bytes read without error")
        } catch {
            #expect([ContentError.Code.truncated, .invalidCAR].contains(error.code), "\(error)")
        }
        let kept = cut < ends[0] ? 0 : ends.dropFirst().filter { $0 <= cut }.count
        let store = CARReader.blocks(in: prefix)
        #expect(store.count == kept)
        for block in blocks.prefix(kept) { #expect(store[block.cid] == block.bytes) }
    }

    @Test("CARv2 is unwrapped; bad versions and headers are rejected")
    func carV2AndBadHeaders() async throws {
        let (root, blocks, bytes) = Self.importBlocks(size: 300_000, seed: 5)
        let inner = Self.car(root: root, blocks: blocks)
        var v2 = CARReader.carV2Pragma + [UInt8](repeating: 0, count: 16)
        func le(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        let dataOffset = UInt64(CARReader.carV2Pragma.count + 40 + 5)
        v2 += le(dataOffset) + le(UInt64(inner.count)) + le(0) + [0, 0, 0, 0, 0] + inner
        let reader = try CARReader(bytes: v2)
        #expect(reader.version == 2)
        #expect(reader.roots == [root])
        #expect(try await VerifiedDAGReader().read(root: root, from: CARReader.blocks(in: v2)) == bytes)

        var badOffset = v2
        badOffset.replaceSubrange(27..<35, with: le(UInt64(v2.count + 10)))
        #expect(throws: ContentError.self) { try CARReader(bytes: badOffset) }

        // {"roots": [], "version": 3}
        let v3: [UInt8] = [0x11, 0xA2, 0x65] + Array("roots".utf8) + [0x80, 0x67] + Array("version".utf8) + [0x03]
        do {
            _ = try CARReader(bytes: v3)
            Issue.record("version 3 accepted")
        } catch {
            #expect(error.code == .unsupportedCARVersion)
        }
        do {
            _ = try CARReader(bytes: [0x02, 0x01, 0x02])
            Issue.record("non-map header accepted")
        } catch {
            #expect(error.code == .invalidCAR)
        }
        do {
            _ = try CARReader(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
            Issue.record("overflowing header length accepted")
        } catch {
            #expect(error.code == .varintOverflow)
        }
    }

    @Test("a section larger than the block limit is tooLarge before any hashing")
    func oversizeSection() throws {
        let big = [UInt8](repeating: 7, count: 5000)
        let block = Block(cid: CID.sha256(codec: .raw, of: big), bytes: big)
        var reader = try CARReader(bytes: Self.car(root: block.cid, blocks: [block]), limits: .init(maxBlockSize: 1024))
        do {
            _ = try reader.next()
            Issue.record("oversize block accepted")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }
}
