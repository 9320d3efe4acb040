import ZKContent
import ZKHTTP

/// Single blocks from an IPFS trustless gateway.
///
/// Follows the Trustless Gateway specification (https://specs.ipfs.tech/http-gateways/trustless-gateway/),
/// section "Block Responses (application/vnd.ipld.raw)": `GET /ipfs/{cid}?format=raw` with
/// `Accept: application/vnd.ipld.raw` answers the block's bytes. The gateway is untrusted: ``VerifiedDAGReader``
/// checks every block against its CID. A 404 means the gateway lacks the block (nil); other failures throw.
struct TrustlessGatewayBlockSource: BlockSource {
    var client = HTTPClient()
    let baseURL: String
    let timeout: Duration
    /// Largest block accepted (Kubo refuses blocks over 2 MiB).
    var maxBlockBytes = 2 << 20

    func block(for cid: CID) async throws -> [UInt8]? {
        do {
            return try await client.get(
                url: "\(baseURL)/ipfs/\(cid)?format=raw",
                headers: [HTTPHeader(name: "Accept", value: "application/vnd.ipld.raw")],
                maxBytes: maxBlockBytes,
                timeout: timeout
            ).body
        } catch {
            if error.code == .httpStatus, error.status == 404 { return nil }
            throw error
        }
    }
}
