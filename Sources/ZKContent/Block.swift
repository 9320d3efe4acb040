/// One content-addressed block: its CID and the bytes that hash to it.
public struct Block: Hashable, Sendable {
    /// The block's CID.
    public let cid: CID
    /// The block's bytes.
    public let bytes: [UInt8]

    /// Pairs a CID with bytes without checking them; use ``verified(cid:bytes:)`` for untrusted input.
    public init(cid: CID, bytes: [UInt8]) {
        self.cid = cid
        self.bytes = bytes
    }

    /// Pairs a CID with bytes after checking that the bytes hash to it.
    ///
    /// - Throws: ``ContentError/Code/hashMismatch``.
    public static func verified(cid: CID, bytes: [UInt8]) throws(ContentError) -> Block {
        try cid.verify(bytes)
        return Block(cid: cid, bytes: bytes)
    }
}
