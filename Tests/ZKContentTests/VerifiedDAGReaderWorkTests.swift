import Testing
import ZKTestSupport

@testable import ZKContent

/// H6 of the security review: the reader's work is bounded by the DAG's distinct bytes, not by its visits.
@Suite("VerifiedDAGReader: bounded work")
struct VerifiedDAGReaderWorkTests {
    typealias Source = VerifiedDAGReaderSourcesTests.ScriptedSource

    /// The review's R → M → P construction, scaled down: R links M 21 times, M links P 200 times, every size 0.
    @Test("a block linked many times is fetched and hashed once per read (R→M→P: 3 blocks, not 4,222 visits)")
    func blockHashedOnce() async throws {
        let leaf = VerifiedDAGReaderTests.raw([])
        let middle = VerifiedDAGReaderTests.fileNode(Array(repeating: (leaf.cid, 0), count: 200))
        let root = VerifiedDAGReaderTests.fileNode(Array(repeating: (middle.cid, 0), count: 21))
        let source = Source([leaf, middle, root], .good)
        let output = try await VerifiedDAGReader().read(root: root.cid, from: [source])
        #expect(output.isEmpty)
        // Each block the source returns is hashed once: three asks are three hashes.
        #expect(source.asks.count == 3, "asked \(source.asks.count) times")
    }

    /// UnixFS `Data` with a length-delimited field of `count` bytes as field `field`.
    static func paddedFile(field: UInt64, count: Int) -> Block {
        var data = UnixFSData(kind: .file, filesize: 0).encoded()
        data += Varint.encode(field << 3 | 2) + Varint.encode(UInt64(count)) + [UInt8](repeating: 0x55, count: count)
        let bytes = PBNode(links: [], data: data).encoded()
        return Block(cid: CID.sha256(codec: .dagPB, of: bytes), bytes: bytes)
    }

    @Test("UnixFS padding (a length-delimited field 5, 6 or 7, or an mtime of 100 KB) is malformedBlock", arguments: [5, 6, 7, 8])
    func paddingRefused(field: Int) async throws {
        let padded = Self.paddedFile(field: UInt64(field), count: 100_000)
        let error = try await #require(throws: ContentError.self) {
            try await VerifiedDAGReader().read(root: padded.cid, from: [Source([padded], .good)])
        }
        #expect(error.code == .malformedBlock, "\(error)")
    }

    @Test("a short mtime (UnixTime, 12 bytes) is still accepted")
    func shortMtime() async throws {
        let node = Self.paddedFile(field: 8, count: 12)
        #expect(try await VerifiedDAGReader().read(root: node.cid, from: [Source([node], .good)]).isEmpty)
    }

    @Test("a big block linked many times stops at maxBytesRead (tooLarge), not after visits × size work")
    func bytesReadCapped() async throws {
        let leaf = VerifiedDAGReaderTests.raw([])
        // 60 KB of link name: a node that costs a parse of 60 KB each visit and produces nothing.
        let name = String(repeating: "x", count: 60_000) as String
        let bytes = PBNode(
            links: [PBLink(cid: leaf.cid, name: name, tsize: 0)],
            data: UnixFSData(kind: .file, filesize: 0, blocksizes: [0]).encoded()
        ).encoded()
        let middle = Block(cid: CID.sha256(codec: .dagPB, of: bytes), bytes: bytes)
        let root = VerifiedDAGReaderTests.fileNode(Array(repeating: (middle.cid, 0), count: 400))
        let limits = VerifiedDAGReader.Limits(maxFileSize: 1 << 20, maxBlockSize: 1 << 20)
        #expect(limits.maxBytesRead == 2 << 20 + 4 << 20)
        let source = Source([leaf, middle, root], .good)
        let error = try await #require(throws: ContentError.self) {
            try await VerifiedDAGReader(limits: limits).read(root: root.cid, from: [source])
        }
        #expect(error.code == .tooLarge, "\(error)")
        #expect(source.asks.count == 3)
    }
}
