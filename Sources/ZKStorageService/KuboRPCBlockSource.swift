import ZKContent
import ZKHTTP

/// Single blocks from a Kubo node's RPC API.
///
/// Follows the Kubo RPC reference (https://docs.ipfs.tech/reference/kubo/rpc/), section `/api/v0/block/get`:
/// `POST /api/v0/block/get?arg={cid}` answers the block's raw bytes (the RPC accepts POST only). The node is not
/// trusted: ``VerifiedDAGReader`` checks every block against its CID. A 500 whose message says the block was not
/// found (see ``KuboRPCError``) means the node lacks it (nil); other failures throw ``HTTPError``.
struct KuboRPCBlockSource: BlockSource {
    var client = HTTPClient()
    /// The RPC base URL, e.g. `http://127.0.0.1:5001`, without a trailing slash.
    let baseURL: String
    let timeout: Duration
    /// Largest block accepted (Kubo refuses blocks over 2 MiB).
    var maxBlockBytes = 2 << 20

    func block(for cid: CID) async throws -> [UInt8]? {
        do {
            return try await client.post(
                url: "\(baseURL)/api/v0/block/get?arg=\(cid)",
                body: [],
                maxBytes: maxBlockBytes,
                timeout: timeout
            ).body
        } catch {
            if KuboRPCError.isNotFound(error) { return nil }
            throw error
        }
    }
}
