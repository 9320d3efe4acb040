/// Blocks held in memory, keyed by multihash and codec (so a CIDv0 and its CIDv1 find the same block).
public struct InMemoryBlockStore: BlockSource, Sendable {
    private var blocks: [CID: [UInt8]] = [:]

    public init() {}

    /// A store holding `blocks` (later duplicates replace earlier ones).
    public init(_ blocks: some Sequence<Block>) {
        for block in blocks { insert(block) }
    }

    /// Adds or replaces a block.
    public mutating func insert(_ block: Block) { blocks[block.cid.v1] = block.bytes }

    /// Number of distinct blocks.
    public var count: Int { blocks.count }

    /// The stored bytes for `cid`, if any.
    public subscript(cid: CID) -> [UInt8]? { blocks[cid.v1] }

    public func block(for cid: CID) async throws -> [UInt8]? { blocks[cid.v1] }
}
