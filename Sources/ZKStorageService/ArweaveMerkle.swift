import ZKCrypto

/// The Merkle tree over a transaction's data whose root is the `data_root` of a format 2 transaction, and the
/// proofs (`data_path`) that `POST /chunk` needs.
///
/// Byte-level rules (arweave-js `src/common/lib/merkle.ts`, which follows the node's `ar_merkle.erl`):
/// - chunk ids are `SHA256(chunk)`; every offset ("note") is a 32-byte big-endian integer;
/// - a leaf is `SHA256(SHA256(chunkID) ‖ SHA256(note(end)))` where `end` is the chunk's exclusive end offset;
/// - a branch is `SHA256(SHA256(left) ‖ SHA256(right) ‖ SHA256(note(left.end)))`; a layer is paired from the left
///   and an odd last node moves up unchanged;
/// - a chunk's proof is, from the root down, `left ‖ right ‖ note(left.end)` for each branch, then
///   `chunkID ‖ note(end)` for its leaf; its `offset` is `end - 1`.
///
/// Two ways of splitting data into chunks are in use, and a node checks whichever applies:
/// - ``Split/fixed``: 256 KiB pieces and the remainder (`ar_tx:chunk_binary/2`). A node recomputes the root this
///   way for data sent inline in `POST /tx` and refuses a transaction whose `data_root` differs ("The attached data
///   is split in an unknown way.").
/// - ``Split/balanced``: arweave-js `chunkData`: 256 KiB pieces, except that when what would remain after the next
///   full piece is under 32 KiB, the rest is split into two halves (the first rounded up). Used with `POST /chunk`.
///
/// Both end with an empty chunk when the size is a multiple of 256 KiB; its leaf counts for the root, but it is
/// not uploaded (``Tree/uploadChunks``).
enum ArweaveMerkle {
    /// Largest chunk, 256 KiB (`MAX_CHUNK_SIZE`, the node's `?DATA_CHUNK_SIZE`).
    static let maxChunkSize = 256 * 1024
    /// Smallest last chunk with ``Split/balanced`` (`MIN_CHUNK_SIZE`), 32 KiB.
    static let minChunkSize = 32 * 1024

    /// How the data is cut into chunks.
    enum Split: Sendable {
        case fixed
        case balanced
    }

    /// One chunk with its proof.
    struct Chunk: Sendable {
        /// The chunk's bytes within the data.
        var range: Range<Int>
        /// `data_path`.
        var proof: [UInt8]
        /// `offset`: the chunk's last byte.
        var offset: Int { range.upperBound - 1 }
    }

    /// A computed tree.
    struct Tree: Sendable {
        /// `data_root`.
        var root: [UInt8]
        /// Every chunk, in order, with its proof (including a trailing empty one).
        var chunks: [Chunk]
        /// The chunks to upload: all but a trailing empty one.
        var uploadChunks: [Chunk] { chunks.filter { !$0.range.isEmpty } }
    }

    /// The chunk boundaries of `size` bytes.
    static func ranges(size: Int, split: Split) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var cursor = 0
        while size - cursor >= maxChunkSize {
            let rest = size - cursor
            var chunkSize = maxChunkSize
            if split == .balanced, rest - maxChunkSize > 0, rest - maxChunkSize < minChunkSize {
                chunkSize = (rest + 1) / 2
            }
            ranges.append(cursor..<cursor + chunkSize)
            cursor += chunkSize
        }
        ranges.append(cursor..<size)
        return ranges
    }

    /// The tree of `data`, or nil for empty data (whose `data_root` is empty).
    static func tree(of data: [UInt8], split: Split) -> Tree? {
        guard !data.isEmpty else { return nil }
        let leaves = ranges(size: data.count, split: split).map { range in
            let chunkID = SHA256.hash(data[range])
            return Node(
                id: SHA256.hash(SHA256.hash(chunkID) + SHA256.hash(note(range.upperBound))),
                end: range.upperBound,
                kind: .leaf(chunkID: chunkID, range: range)
            )
        }
        var layer = leaves
        while layer.count > 1 {
            var next: [Node] = []
            next.reserveCapacity((layer.count + 1) / 2)
            var index = 0
            while index < layer.count {
                if index + 1 < layer.count {
                    let left = layer[index]
                    let right = layer[index + 1]
                    next.append(
                        Node(
                            id: SHA256.hash(SHA256.hash(left.id) + SHA256.hash(right.id) + SHA256.hash(note(left.end))),
                            end: right.end,
                            kind: .branch(left: left, right: right)
                        )
                    )
                } else {
                    next.append(layer[index])
                }
                index += 2
            }
            layer = next
        }
        var chunks: [Chunk] = []
        collectProofs(layer[0], prefix: [], into: &chunks)
        return Tree(root: layer[0].id, chunks: chunks)
    }

    /// `value` as a 32-byte big-endian note.
    static func note(_ value: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var rest = UInt64(value)
        for index in stride(from: 31, through: 24, by: -1) {
            out[index] = UInt8(truncatingIfNeeded: rest)
            rest >>= 8
        }
        return out
    }

    private final class Node: Sendable {
        enum Kind: Sendable {
            case leaf(chunkID: [UInt8], range: Range<Int>)
            case branch(left: Node, right: Node)
        }

        let id: [UInt8]
        let end: Int
        let kind: Kind

        init(id: [UInt8], end: Int, kind: Kind) {
            self.id = id
            self.end = end
            self.kind = kind
        }
    }

    private static func collectProofs(_ node: Node, prefix: [UInt8], into chunks: inout [Chunk]) {
        switch node.kind {
        case .leaf(let chunkID, let range):
            chunks.append(Chunk(range: range, proof: prefix + chunkID + note(range.upperBound)))
        case .branch(let left, let right):
            let proof = prefix + left.id + right.id + note(left.end)
            collectProofs(left, prefix: proof, into: &chunks)
            collectProofs(right, prefix: proof, into: &chunks)
        }
    }
}
