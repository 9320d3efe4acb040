import Foundation
import Testing
import ZKTestSupport

@testable import ZKContent

@Suite("UnixFSImporter")
struct UnixFSImporterTests {
    static let sizes = [0, 1024, 262_144, 262_145, 1 << 20, 10 << 20]

    @Test("root CID equals aleph-cid's kubo --cid-version=1 CID", arguments: sizes)
    func matchesOracle(size: Int) throws {
        let bytes = DeterministicBytes.make(count: size, seed: UInt64(size) ^ 0xC1D)
        let expected = try PythonOracle.alephCIDv1(of: bytes)
        let result = UnixFSImporter.cid(of: bytes)
        #expect(result.root.description == expected)
        #expect(result.fileSize == UInt64(size))
        if size <= 262_144 {
            #expect(result.root.codec == .raw, "a single chunk is its own root")
            #expect(result.dagSize == UInt64(size))
        } else {
            #expect(result.root.codec == .dagPB)
        }
    }

    @Test("a file needing more than 174 leaves (two-level tree) matches aleph-cid, fed in odd-sized pieces")
    func deepTree() async throws {
        let size = 50 << 20  // 200 leaves: root -> [174 leaves node, 26 leaves node]
        let bytes = DeterministicBytes.make(count: size, seed: 50)
        let expected = try PythonOracle.alephCIDv1(of: bytes)
        var importer = UnixFSImporter(options: .init(emitBlocks: true))
        var blocks: [Block] = []
        var offset = 0
        var piece = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            blocks += importer.update(bytes[offset..<end])
            offset = end
            piece = piece * 7 % 1_000_003 + 1
        }
        let result = importer.finalize()
        blocks += result.blocks
        #expect(result.root.description == expected)
        #expect(blocks.count == result.blockCount)
        #expect(blocks.count == 200 + 2 + 1)
        #expect(blocks.last?.cid == result.root)
        #expect(result.dagSize == blocks.reduce(0) { $0 + UInt64($1.bytes.count) })
        for block in blocks { #expect(block.cid.matches(block.bytes)) }
        let store = InMemoryBlockStore(blocks)
        let reassembled = try await VerifiedDAGReader().read(root: result.root, from: store)
        #expect(reassembled == bytes)
    }

    @Test("emitted blocks come children-first and reassemble to the input")
    func emittedBlocksReassemble() async throws {
        let bytes = DeterministicBytes.make(count: 3 * 262_144 + 17, seed: 3)
        var importer = UnixFSImporter(options: .init(emitBlocks: true))
        var blocks = importer.update(bytes)
        let result = importer.finalize()
        blocks += result.blocks
        #expect(blocks.count == 5)
        var seen = Set<CID>()
        for block in blocks {
            if block.cid.codec == .dagPB {
                let node = try PBNode(decoding: block.bytes[...])
                for link in node.links { #expect(seen.contains(link.cid), "child emitted before parent") }
                #expect(node.links.allSatisfy { $0.name == "" })
            }
            seen.insert(block.cid)
        }
        let root = try PBNode(decoding: blocks.last!.bytes[...])
        let unixfs = try UnixFSData(decoding: root.data![...])
        #expect(unixfs.kind == .file)
        #expect(unixfs.filesize == UInt64(bytes.count))
        #expect(unixfs.blocksizes == [262_144, 262_144, 262_144, 17])
        #expect(unixfs.data == nil)
        let out = try await VerifiedDAGReader().read(root: result.root, from: InMemoryBlockStore(blocks))
        #expect(out == bytes)
    }

    @Test("smaller chunker and fan-out still agree with the Python reimplementation in Tests/Fakes")
    func customOptionsMatchFakeImporter() throws {
        let bytes = DeterministicBytes.make(count: 100_000, seed: 9)
        let file = try PythonOracle.temporaryFile(bytes)
        defer { PythonOracle.removeTemporary(file) }
        let fakes = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Fakes").path
        let expected = try PythonOracle.run(
            """
            import sys; sys.path.insert(0, sys.argv[2])
            import fake_ipfs
            data = open(sys.argv[1], 'rb').read()
            imp = fake_ipfs.Importer(chunk_size=1000, max_links=3)
            imp.update(data)
            print(fake_ipfs.cid_string(imp.finish()[0]))
            """,
            arguments: [file.path, fakes]
        )
        let result = UnixFSImporter.cid(of: bytes, options: .init(chunkSize: 1000, maxLinks: 3))
        #expect(result.root.description == expected)
    }
}
