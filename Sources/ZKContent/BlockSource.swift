/// Somewhere blocks can be looked up by CID: an in-memory map, a CAR, a gateway fetching `?format=raw`.
///
/// Sources are untrusted and do not check what they return: ``VerifiedDAGReader`` hashes every block it is given, and
/// tries the next source of its list when one has no block or a wrong one. A source that checked too would only hash
/// the same bytes twice.
public protocol BlockSource: Sendable {
    /// The bytes stored under `cid`, or nil if the source does not have them.
    func block(for cid: CID) async throws -> [UInt8]?
}
