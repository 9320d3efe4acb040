import ZKContent
import ZKHTTP
import ZKRPC

/// One untrusted IPFS server reached over HTTP, a trustless gateway or a Kubo node's RPC API: a file's whole DAG as a
/// CAR, and single blocks (as a ``ZKContent/BlockSource``). Nothing returned is checked here: ``VerifiedDAGReader``
/// checks every block it uses.
///
/// **Trustless gateway** (https://specs.ipfs.tech/http-gateways/trustless-gateway/): section "CAR Responses
/// (application/vnd.ipld.car)" — `GET {gateway}/ipfs/{cid}?format=car` with `Accept: application/vnd.ipld.car` (the
/// `format` query parameter of the Path Gateway specification,
/// https://specs.ipfs.tech/http-gateways/path-gateway/#format-request-query-parameter) — and section "Block Responses
/// (application/vnd.ipld.raw)" — `GET {gateway}/ipfs/{cid}?format=raw` with `Accept: application/vnd.ipld.raw`. A 404
/// means the gateway lacks the block.
///
/// **Kubo RPC API** (https://docs.ipfs.tech/reference/kubo/rpc/, which accepts POST only): section
/// `/api/v0/dag/export` — `POST {api}/api/v0/dag/export?arg={cid}` answers a CARv1 stream of the whole DAG
/// (`progress` only drives the CLI's progress bar and is not sent) — and section `/api/v0/block/get` —
/// `POST {api}/api/v0/block/get?arg={cid}`, the raw block. Per section "HTTP status codes", a failing command answers
/// 500 with `{"Message", "Code", "Type"}`; a 500 saying the block was not found is a miss (``KuboRPCError``). A
/// stream that breaks after its 200 (Kubo then reports the error in a trailer) keeps the blocks read so far.
struct IPFSEndpoint: BlockSource {
    /// Which HTTP API the server speaks.
    enum API: Sendable {
        case trustlessGateway
        case kuboRPC
    }

    let api: API
    /// The base URL, e.g. `http://127.0.0.1:5001`, without a trailing slash.
    let baseURL: String
    let timeout: Duration
    var client = HTTPClient()
    /// Largest block accepted (Kubo refuses blocks over 2 MiB).
    var maxBlockBytes = 2 << 20

    /// The block's bytes as served; nil when the server says it lacks the block.
    ///
    /// - Throws: ``ZKHTTP/HTTPError`` for any other failure.
    func block(for cid: CID) async throws -> [UInt8]? {
        let request =
            switch api {
            case .trustlessGateway:
                HTTPRequest(
                    url: "\(baseURL)/ipfs/\(cid)?format=raw",
                    headers: [HTTPHeader(name: "Accept", value: "application/vnd.ipld.raw")],
                    maxBytes: maxBlockBytes,
                    timeout: timeout
                )
            case .kuboRPC:
                HTTPRequest(
                    method: "POST",
                    url: "\(baseURL)/api/v0/block/get?arg=\(cid)",
                    body: [],
                    maxBytes: maxBlockBytes,
                    timeout: timeout
                )
            }
        do {
            return try await client.execute(request).body
        } catch {
            let missing =
                switch api {
                case .trustlessGateway: error.code == .httpStatus && error.status == 404
                case .kuboRPC: KuboRPCError.isNotFound(error)
                }
            if missing { return nil }
            throw error
        }
    }

    /// The blocks of the DAG under `cid` as one CAR (``CARReader/blocks(in:limits:)``), unverified; empty when the
    /// server answers an error (a 404 or a gateway without CAR support; Kubo's 500 "not found" for a root it lacks),
    /// whose blocks are then asked one by one.
    ///
    /// - Throws: `UNAVAILABLE` when the server cannot be reached, or, for Kubo, does not finish the export in time (an
    ///   online node searching the network for a block nobody provides; asking `block/get` would only wait again).
    func car(for cid: CID, maxBytes: Int) async throws(RPCError) -> InMemoryBlockStore {
        let request =
            switch api {
            case .trustlessGateway:
                HTTPRequest(
                    url: "\(baseURL)/ipfs/\(cid)?format=car",
                    headers: [HTTPHeader(name: "Accept", value: "application/vnd.ipld.car")],
                    maxBytes: maxBytes,
                    timeout: timeout
                )
            case .kuboRPC:
                HTTPRequest(
                    method: "POST",
                    url: "\(baseURL)/api/v0/dag/export?arg=\(cid)",
                    body: [],
                    maxBytes: maxBytes,
                    timeout: timeout
                )
            }
        do {
            return CARReader.blocks(in: try await client.execute(request).body)
        } catch {
            switch (api, error.code) {
            case (_, .connectFailed), (.kuboRPC, .timeout):
                throw RPCError(code: .unavailable, message: "IPFS \(request.method) \(request.url): \(error)")
            default:
                return InMemoryBlockStore()
            }
        }
    }
}
