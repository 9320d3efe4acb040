import ZKContent

/// A remote tier below the local ones (IPFS through a trustless gateway, Arweave). Whatever it returns is verified
/// by the caller before it is served or cached, so an upstream need not be trusted.
protocol UpstreamSource: Sendable {
    /// The tier's name in stats and answers ("ipfs", "arweave").
    var name: String { get }
    /// Whether this source can look a program up by these names at all (IPFS needs a CID, Arweave a transaction id);
    /// sources that cannot are skipped without counting a fetch or a miss.
    func canFetch(cid: CID?, arweaveTransaction: String?) -> Bool
    /// Uncompressed bytes of the program, or nil when this source does not have it.
    func fetch(cid: CID?, arweaveTransaction: String?, maxBytes: Int) async throws -> [UInt8]?
    /// Adds a program (IPFS only); returns the CID the upstream reports.
    func publish(elf: [UInt8]) async throws -> CID?
}
