/// Computes the CID `ipfs add --cid-version=1` gives for a byte stream, with Kubo's defaults, streaming.
///
/// Mirrors ipfs/boxo's balanced importer (`ipld/unixfs/importer/balanced/builder.go` with the `helpers`
/// DagBuilder): fixed-size chunks (`size-262144`), raw leaves (codec `raw`), internal nodes are dag-pb carrying a
/// UnixFS `Data { Type = File, filesize, blocksizes }` with one link per child (empty name, `Tsize` = the child's
/// cumulative serialized DAG size), at most 174 links per node, every leaf at the same depth. A file that fits in one
/// chunk (including the empty file) is just that raw block: the root CID is the leaf's CID.
///
/// Memory is bounded by one chunk plus at most `maxLinks` pending links per tree level. Feed bytes with
/// ``update(_:)``; every call returns the blocks completed by it when ``Options/emitBlocks`` is on (children are
/// always returned before their parents). Finish with ``finalize()``.
public struct UnixFSImporter: Sendable {
    /// Importer parameters; the defaults are Kubo's for `--cid-version=1`.
    public struct Options: Sendable, Hashable {
        /// Chunk size in bytes (`--chunker=size-N`); boxo refuses chunks above 1 MiB.
        public var chunkSize: Int
        /// Maximum links per internal node (`helpers.DefaultLinksPerBlock` = 174).
        public var maxLinks: Int
        /// Whether ``UnixFSImporter/update(_:)`` and ``UnixFSImporter/finalize()`` return block bytes.
        public var emitBlocks: Bool

        public init(chunkSize: Int = 262_144, maxLinks: Int = 174, emitBlocks: Bool = false) {
            precondition(chunkSize > 0 && chunkSize <= 1_048_576, "chunk size must be in 1...1 MiB")
            precondition(maxLinks >= 2, "maxLinks must be at least 2")
            self.chunkSize = chunkSize
            self.maxLinks = maxLinks
            self.emitBlocks = emitBlocks
        }
    }

    /// The outcome of an import.
    public struct Result: Sendable, Hashable {
        /// The root CID (a `raw` CID for single-chunk files, `dag-pb` otherwise).
        public var root: CID
        /// Bytes of file data imported.
        public var fileSize: UInt64
        /// Cumulative serialized size of all blocks in the DAG (Kubo's `Size` in `/api/v0/add` answers).
        public var dagSize: UInt64
        /// Number of blocks in the DAG (leaves plus internal nodes).
        public var blockCount: Int
        /// Blocks completed by `finalize()` (empty unless ``Options/emitBlocks``), root last.
        public var blocks: [Block]
    }

    private struct Link: Sendable {
        var cid: CID
        var tsize: UInt64
        var fileSize: UInt64
    }

    /// The options in use.
    public let options: Options
    private var pending: [UInt8] = []
    private var levels: [[Link]] = [[]]
    private var leafCount = 0
    private var blockCount = 0
    private var fileSize: UInt64 = 0
    private var finished = false

    /// Creates an importer.
    public init(options: Options = Options()) {
        self.options = options
        pending.reserveCapacity(options.chunkSize)
    }

    /// Adds file bytes; returns the blocks completed (empty unless ``Options/emitBlocks``).
    @discardableResult
    public mutating func update(_ bytes: some Collection<UInt8>) -> [Block] {
        precondition(!finished, "UnixFSImporter used after finalize()")
        var emitted: [Block] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            // The final chunk is held back until more data arrives, since a single chunk is the root itself.
            if pending.count == options.chunkSize {
                flushChunk(into: &emitted)
            }
            let take = min(options.chunkSize - pending.count, rest.count)
            let end = rest.index(rest.startIndex, offsetBy: take)
            pending.append(contentsOf: rest[rest.startIndex..<end])
            rest = rest[end...]
        }
        fileSize += UInt64(bytes.count)
        return emitted
    }

    /// Completes the DAG and returns the root.
    public mutating func finalize() -> Result {
        precondition(!finished, "UnixFSImporter finalized twice")
        finished = true
        var emitted: [Block] = []
        if !pending.isEmpty || leafCount == 0 {
            flushChunk(into: &emitted)
        }
        var level = 0
        while true {
            let isTop = levels[(level + 1)...].allSatisfy(\.isEmpty)
            if isTop, levels[level].count == 1, level > 0 || leafCount == 1 {
                let root = levels[level][0]
                return Result(
                    root: root.cid,
                    fileSize: fileSize,
                    dagSize: root.tsize,
                    blockCount: blockCount,
                    blocks: emitted
                )
            }
            if !levels[level].isEmpty {
                let children = levels[level]
                levels[level] = []
                let parent = makeBranch(children, into: &emitted)
                if levels.count <= level + 1 { levels.append([]) }
                levels[level + 1].append(parent)
            }
            level += 1
        }
    }

    /// Imports a whole buffer at once.
    public static func cid(of bytes: some Collection<UInt8>, options: Options = Options()) -> Result {
        var importer = UnixFSImporter(options: options)
        importer.update(bytes)
        return importer.finalize()
    }

    private mutating func flushChunk(into emitted: inout [Block]) {
        let cid = pending.withUnsafeBytes { CID.sha256(codec: .raw, of: $0) }
        if options.emitBlocks { emitted.append(Block(cid: cid, bytes: pending)) }
        let size = UInt64(pending.count)
        pending.removeAll(keepingCapacity: true)
        leafCount += 1
        blockCount += 1
        push(Link(cid: cid, tsize: size, fileSize: size), level: 0, into: &emitted)
    }

    private mutating func push(_ link: Link, level: Int, into emitted: inout [Block]) {
        if levels.count <= level { levels.append([]) }
        levels[level].append(link)
        if levels[level].count == options.maxLinks {
            let children = levels[level]
            levels[level] = []
            let parent = makeBranch(children, into: &emitted)
            push(parent, level: level + 1, into: &emitted)
        }
    }

    private mutating func makeBranch(_ children: [Link], into emitted: inout [Block]) -> Link {
        var total: UInt64 = 0
        var childTsize: UInt64 = 0
        for child in children {
            total += child.fileSize
            childTsize += child.tsize
        }
        let unixfs = UnixFSData(kind: .file, filesize: total, blocksizes: children.map(\.fileSize))
        let node = PBNode(
            links: children.map { PBLink(cid: $0.cid, name: "", tsize: $0.tsize) },
            data: unixfs.encoded()
        )
        let bytes = node.encoded()
        let cid = CID.sha256(codec: .dagPB, of: bytes)
        if options.emitBlocks { emitted.append(Block(cid: cid, bytes: bytes)) }
        blockCount += 1
        return Link(cid: cid, tsize: UInt64(bytes.count) + childTsize, fileSize: total)
    }
}
