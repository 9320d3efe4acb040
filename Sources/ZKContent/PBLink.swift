/// A dag-pb link: `PBLink { Hash = 1; Name = 2; Tsize = 3 }`.
public struct PBLink: Hashable, Sendable {
    /// The child's CID.
    public var cid: CID
    /// The link name; UnixFS file nodes use the empty string (encoded as present-but-empty, as Kubo does).
    public var name: String?
    /// Cumulative serialized size of the child DAG.
    public var tsize: UInt64?

    public init(cid: CID, name: String? = "", tsize: UInt64?) {
        self.cid = cid
        self.name = name
        self.tsize = tsize
    }
}
