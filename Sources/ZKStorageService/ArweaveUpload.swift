/// An upload made ready by ``ArweaveUploader/prepare(_:tags:reward:anchor:)``: the signed transaction and, for data
/// sent in chunks, its Merkle tree (the chunks' proofs).
struct ArweaveUpload: Sendable {
    var transaction: ArweaveTransaction
    /// Whether the data travels inside `POST /tx`.
    var inline: Bool
    /// The tree of the chunks, for data sent with `POST /chunk`.
    var tree: ArweaveMerkle.Tree?
}
