/// One content-addressed block: a CID and the bytes stored under it, which are not checked here (a block read from a
/// CAR may carry wrong bytes); ``VerifiedDAGReader`` checks each block it uses.
public struct Block: Hashable, Sendable {
    /// The block's CID.
    public let cid: CID
    /// The block's bytes.
    public let bytes: [UInt8]

    /// Pairs a CID with bytes without checking them.
    public init(cid: CID, bytes: [UInt8]) {
        self.cid = cid
        self.bytes = bytes
    }
}
