import Synchronization
import Testing
import ZKTestSupport

@testable import ZKContent

@Suite("VerifiedDAGReader")
struct VerifiedDAGReaderTests {
    /// A dag-pb UnixFS file node over `children` (cid, file bytes, tsize), optionally lying about sizes.
    static func fileNode(
        _ children: [(cid: CID, size: UInt64)],
        inline: [UInt8]? = nil,
        filesize: UInt64? = nil,
        blocksizes: [UInt64]? = nil
    ) -> Block {
        let total = children.reduce(UInt64(inline?.count ?? 0)) { $0 + $1.size }
        let data = UnixFSData(
            kind: .file,
            data: inline,
            filesize: filesize ?? total,
            blocksizes: blocksizes ?? children.map(\.size)
        )
        let node = PBNode(links: children.map { PBLink(cid: $0.cid, tsize: $0.size) }, data: data.encoded())
        let bytes = node.encoded()
        return Block(cid: CID.sha256(codec: .dagPB, of: bytes), bytes: bytes)
    }

    static func raw(_ bytes: [UInt8]) -> Block { Block(cid: CID.sha256(codec: .raw, of: bytes), bytes: bytes) }

    @Test("dag-pb leaves with inline Data and raw leaves mix")
    func mixedLeaves() async throws {
        let leafA = Self.fileNode([], inline: Array("hello ".utf8))
        let leafB = Self.raw(Array("world".utf8))
        let root = Self.fileNode([(leafA.cid, 6), (leafB.cid, 5)], inline: Array(">".utf8))
        let out = try await VerifiedDAGReader().read(root: root.cid, from: InMemoryBlockStore([leafA, leafB, root]))
        #expect(String(decoding: out, as: UTF8.self) == ">hello world")
    }

    @Test("sizes that lie are malformedBlock")
    func lyingSizes() async throws {
        let leaf = Self.raw(Array("abc".utf8))
        for root in [
            Self.fileNode([(leaf.cid, 3)], filesize: 4),
            Self.fileNode([(leaf.cid, 3)], blocksizes: [2]),
            Self.fileNode([(leaf.cid, 3)], blocksizes: [3, 0]),
        ] {
            await #expect {
                try await VerifiedDAGReader().read(root: root.cid, from: InMemoryBlockStore([leaf, root]))
            } throws: { error in
                (error as? ContentError)?.code == .malformedBlock
            }
        }
    }

    @Test("garbage in a dag-pb block is malformedBlock, substituted bytes are hashMismatch")
    func garbage() async throws {
        let garbage: [UInt8] = [0x0A, 0x05, 0x01]
        let cid = CID.sha256(codec: .dagPB, of: garbage)
        await #expect {
            try await VerifiedDAGReader().read(root: cid, from: InMemoryBlockStore([Block(cid: cid, bytes: garbage)]))
        } throws: { ($0 as? ContentError)?.code == .malformedBlock }

        let swapped = InMemoryBlockStore([Block(cid: cid, bytes: [0x0A, 0x00])])
        await #expect {
            try await VerifiedDAGReader().read(root: cid, from: swapped)
        } throws: { ($0 as? ContentError)?.code == .hashMismatch }
    }

    @Test("file and block limits give tooLarge")
    func limits() async throws {
        let bytes = DeterministicBytes.make(count: 700_000, seed: 8)
        var importer = UnixFSImporter(options: .init(emitBlocks: true))
        var blocks = importer.update(bytes)
        let result = importer.finalize()
        blocks += result.blocks
        let store = InMemoryBlockStore(blocks)
        await #expect {
            try await VerifiedDAGReader(limits: .init(maxFileSize: 699_999)).read(root: result.root, from: store)
        } throws: { ($0 as? ContentError)?.code == .tooLarge }
        await #expect {
            try await VerifiedDAGReader(limits: .init(maxBlockSize: 100_000)).read(root: result.root, from: store)
        } throws: { ($0 as? ContentError)?.code == .tooLarge }
        #expect(
            try await VerifiedDAGReader(limits: .init(maxFileSize: 700_000)).read(root: result.root, from: store)
                == bytes
        )
    }

    @Test("many links to one empty block are bounded by maxBlocks")
    func amplification() async throws {
        let empty = Self.raw([])
        let wide = Self.fileNode(Array(repeating: (empty.cid, 0), count: 1000))
        await #expect {
            try await VerifiedDAGReader(limits: .init(maxBlocks: 500)).read(
                root: wide.cid,
                from: InMemoryBlockStore([empty, wide])
            )
        } throws: { ($0 as? ContentError)?.code == .tooLarge }
    }
}

/// The reader over an ordered list of sources: the only place blocks are checked, so fallbacks live here.
@Suite("VerifiedDAGReader: ordered sources")
struct VerifiedDAGReaderSourcesTests {
    /// What a scripted source does for every block.
    enum Behaviour: String, Sendable, CustomTestStringConvertible {
        case good, missing, wrong, fails
        var testDescription: String { rawValue }
    }

    struct SourceFailure: Error, Equatable {}

    /// Serves `blocks` as `behaviour` says and records every CID it is asked for.
    final class ScriptedSource: BlockSource {
        let blocks: InMemoryBlockStore
        let behaviour: Behaviour
        private let asked = Mutex<[CID]>([])

        init(_ blocks: [Block], _ behaviour: Behaviour) {
            self.blocks = InMemoryBlockStore(blocks)
            self.behaviour = behaviour
        }

        var asks: [CID] { asked.withLock { $0 } }

        func block(for cid: CID) async throws -> [UInt8]? {
            asked.withLock { $0.append(cid) }
            switch behaviour {
            case .good: return blocks[cid]
            case .missing: return nil
            case .wrong: return blocks[cid].map { $0 + [0] }
            case .fails: throw SourceFailure()
            }
        }
    }

    @Test("a block missing or wrong in the first source comes from the next, which is asked for nothing else")
    func fallsThrough() async throws {
        let bytes = DeterministicBytes.make(count: 4 * 262_144, seed: 9)
        var importer = UnixFSImporter(options: .init(emitBlocks: true))
        var blocks = importer.update(bytes)
        let result = importer.finalize()
        blocks += result.blocks
        let leaves = blocks.filter { $0.cid.codec == .raw }
        #expect(leaves.count == 4)
        // The first source lacks leaf 1 and has leaf 2 wrong (a corrupted CAR section).
        var first = InMemoryBlockStore(blocks.filter { $0.cid != leaves[1].cid })
        first.insert(Block(cid: leaves[2].cid, bytes: Array(leaves[2].bytes.reversed())))
        let second = ScriptedSource(blocks, .good)
        #expect(try await VerifiedDAGReader().read(root: result.root, from: [first, second]) == bytes)
        #expect(second.asks == [leaves[1].cid, leaves[2].cid])
    }

    @Test(
        "without good bytes anywhere: wrong bytes are hashMismatch, else a source's error, else missingBlock",
        arguments: [
            ([Behaviour.wrong, .missing], "hashMismatch"),
            ([.wrong, .fails], "hashMismatch"),
            ([.fails, .wrong], "hashMismatch"),
            ([.fails, .missing], "failure"),
            ([.missing, .fails], "failure"),
            ([.missing, .missing], "missingBlock"),
            ([.fails, .good], "ok"),
            ([.wrong, .good], "ok"),
        ]
    )
    func outcomes(behaviours: [Behaviour], outcome: String) async throws {
        let leaf = VerifiedDAGReaderTests.raw(Array("program bytes".utf8))
        let sources = behaviours.map { ScriptedSource([leaf], $0) }
        let read: String
        do {
            let bytes = try await VerifiedDAGReader().read(root: leaf.cid, from: sources)
            read = bytes == leaf.bytes ? "ok" : "other bytes"
        } catch let error as ContentError {
            read = "\(error.code)"
        } catch is SourceFailure {
            read = "failure"
        }
        #expect(read == outcome)
        // Every source is asked until one has good bytes.
        let asked = sources.map { $0.asks.count }
        let firstGood = behaviours.firstIndex(of: .good) ?? behaviours.count - 1
        #expect(asked == behaviours.indices.map { $0 <= firstGood ? 1 : 0 })
    }
}
