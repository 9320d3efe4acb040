/// Somewhere blocks can be looked up by CID: an in-memory map, a CAR, a gateway fetching `?format=raw`.
///
/// Sources are untrusted: ``VerifiedDAGReader`` checks every returned block against its CID.
public protocol BlockSource: Sendable {
    /// The bytes stored under `cid`, or nil if the source does not have them.
    func block(for cid: CID) async throws -> [UInt8]?
}
