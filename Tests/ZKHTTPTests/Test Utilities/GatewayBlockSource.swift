import ZKContent
import ZKHTTP

/// Fetches single blocks from a trustless gateway: `GET /ipfs/{cid}?format=raw`, `Accept: application/vnd.ipld.raw`.
struct GatewayBlockSource: BlockSource {
    let client: HTTPClient
    let baseURL: String

    func block(for cid: CID) async throws -> [UInt8]? {
        do {
            return try await client.get(
                url: "\(baseURL)/ipfs/\(cid)?format=raw",
                headers: [HTTPHeader(name: "Accept", value: "application/vnd.ipld.raw")],
                maxBytes: 2 << 20,
                timeout: .seconds(10)
            ).body
        } catch {
            if error.code == .httpStatus, error.status == 404 { return nil }
            throw error
        }
    }
}
