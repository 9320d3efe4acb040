/// A page request against a ``RegistryStore``.
public struct RegistryListQuery: Sendable, Hashable {
    /// EIP-55 author to match, or nil for all.
    public var author: String?
    /// Canonical zkVM name to match, or nil for all.
    public var zkvm: String?
    /// Registration position after which to start (0 from the beginning).
    public var after: Int64
    /// Records to return at most.
    public var limit: Int

    public init(author: String? = nil, zkvm: String? = nil, after: Int64 = 0, limit: Int) {
        self.author = author
        self.zkvm = zkvm
        self.after = after
        self.limit = limit
    }
}
