import ZKContent

/// Blocks from a primary source, and from a secondary one for every block the primary lacks, serves with wrong
/// bytes, or cannot serve at all (e.g. a trustless gateway first, then the Kubo RPC API).
///
/// When the secondary has nothing better either: the primary's wrong bytes are returned (so ``VerifiedDAGReader``
/// reports the mismatch), else the primary's error is thrown (so an unreachable primary is not reported as a clean
/// miss), else the secondary's error, else nil. Whatever this returns is verified again by ``VerifiedDAGReader``.
struct FallbackBlockSource<Primary: BlockSource, Secondary: BlockSource>: BlockSource {
    let primary: Primary
    let secondary: Secondary

    func block(for cid: CID) async throws -> [UInt8]? {
        var primaryBytes: [UInt8]?
        var primaryError: (any Error)?
        do {
            primaryBytes = try await primary.block(for: cid)
            if let primaryBytes, cid.matches(primaryBytes) { return primaryBytes }
        } catch {
            primaryError = error
        }
        do {
            if let bytes = try await secondary.block(for: cid) { return bytes }
        } catch {
            if primaryBytes == nil, primaryError == nil { throw error }
        }
        if let primaryBytes { return primaryBytes }
        if let primaryError { throw primaryError }
        return nil
    }
}
