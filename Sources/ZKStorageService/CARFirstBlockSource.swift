import ZKContent

/// Blocks from a CAR response first, then one by one from a fallback (the gateway's `?format=raw`).
///
/// A CAR block whose bytes do not hash to its CID is ignored here and fetched from the fallback instead, so an
/// incomplete or partly corrupted CAR still yields the file when the gateway can serve the missing blocks. Whatever
/// this returns is verified again by ``VerifiedDAGReader``.
struct CARFirstBlockSource<Fallback: BlockSource>: BlockSource {
    let car: InMemoryBlockStore
    let fallback: Fallback?

    func block(for cid: CID) async throws -> [UInt8]? {
        if let bytes = car[cid], cid.matches(bytes) { return bytes }
        return try await fallback?.block(for: cid)
    }
}
