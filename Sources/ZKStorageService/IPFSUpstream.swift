import ZKContent
import ZKHTTP
import ZKRPC

/// IPFS as an upstream tier: reads through an untrusted trustless gateway, publishes through the Kubo RPC API.
///
/// **Fetch** follows the Trustless Gateway specification (https://specs.ipfs.tech/http-gateways/trustless-gateway/):
/// section "CAR Responses (application/vnd.ipld.car)" — `GET {gateway}/ipfs/{cid}?format=car` with
/// `Accept: application/vnd.ipld.car` (the `format` query parameter of the Path Gateway specification,
/// https://specs.ipfs.tech/http-gateways/path-gateway/#format-request-query-parameter) — and, for any block the CAR
/// lacks or carries with wrong bytes, section "Block Responses (application/vnd.ipld.raw)" —
/// `GET {gateway}/ipfs/{cid}?format=raw`. The file is rebuilt with ``VerifiedDAGReader``, which checks every block
/// against its CID and every UnixFS size claim, so a lying gateway can make the fetch fail but never return other
/// bytes than those the CID names. The CAR itself is parsed as CARv1/CARv2 (https://ipld.io/specs/transport/car/).
///
/// **Publish** follows the Kubo RPC reference (https://docs.ipfs.tech/reference/kubo/rpc/#api-v0-add):
/// `POST {api}/api/v0/add?cid-version=1&raw-leaves=true&chunker=size-262144&pin=true` with a multipart part named
/// `file`; the answer is NDJSON `AddEvent` objects whose last `Hash` is the root CID.
///
/// Errors: `DATA_LOSS` when the gateway served bytes that do not match the CID (or a malformed DAG),
/// `UNAVAILABLE` when the gateway or node cannot be reached or answers with an error status.
struct IPFSUpstream: UpstreamSource {
    let name = "ipfs"
    /// Kubo RPC API base URL, for publishing; nil disables it.
    let api: String?
    /// Trustless gateway base URL, for fetching; nil disables it.
    let gateway: String?
    let timeout: Duration
    let client = HTTPClient()

    func fetch(cid: CID?, arweaveTransaction: String?, maxBytes: Int) async throws -> [UInt8]? {
        guard let cid, let gateway else { return nil }
        let car = try await fetchCAR(cid: cid, gateway: gateway, maxBytes: maxBytes)
        let fallback = TrustlessGatewayBlockSource(client: client, baseURL: gateway, timeout: timeout)
        let source = CARFirstBlockSource(car: car, fallback: fallback)
        let reader = VerifiedDAGReader(limits: VerifiedDAGReader.Limits(maxFileSize: UInt64(maxBytes)))
        do {
            return try await reader.read(root: cid, from: source)
        } catch let error as ContentError {
            if error.code == .missingBlock { return nil }
            throw RPCError(code: .dataLoss, message: "IPFS gateway served a DAG that fails verification: \(error)")
        } catch let error as HTTPError {
            throw RPCError(code: .unavailable, message: "IPFS gateway: \(error)")
        }
    }

    /// The blocks of `GET /ipfs/{cid}?format=car`, unverified (the reader verifies them); empty when the gateway
    /// has no CAR for `cid` or the CAR is unreadable, whose blocks are then fetched one by one.
    private func fetchCAR(cid: CID, gateway: String, maxBytes: Int) async throws -> InMemoryBlockStore {
        var store = InMemoryBlockStore()
        let body: [UInt8]
        do {
            // Room for the dag-pb nodes and section headers around the file bytes.
            body = try await client.get(
                url: "\(gateway)/ipfs/\(cid)?format=car",
                headers: [HTTPHeader(name: "Accept", value: "application/vnd.ipld.car")],
                maxBytes: maxBytes + maxBytes / 64 + (1 << 20),
                timeout: timeout
            ).body
        } catch {
            if error.code == .httpStatus, error.status == 404 { return store }
            if error.code == .connectFailed { throw RPCError(code: .unavailable, message: "IPFS gateway: \(error)") }
            return store  // e.g. a gateway without CAR support: fall back to raw blocks
        }
        guard var reader = try? CARReader(bytes: body) else { return store }
        while true {
            // A truncated or malformed tail keeps the blocks read so far.
            guard let block = try? reader.next() else { break }
            store.insert(block)
        }
        return store
    }

    func publish(elf: [UInt8]) async throws -> CID? {
        guard let api else { return nil }
        let response: HTTPResponse
        do {
            response = try await client.postFile(
                url: "\(api)/api/v0/add?cid-version=1&raw-leaves=true&chunker=size-262144&pin=true",
                fileName: "program.elf",
                contents: elf,
                maxBytes: 1 << 20,
                timeout: timeout
            )
        } catch {
            throw RPCError(code: .unavailable, message: "Kubo /api/v0/add: \(error)")
        }
        guard let hash = KuboAddResponse.lastHash(response.body) else {
            throw RPCError(code: .unavailable, message: "Kubo /api/v0/add answered without a Hash")
        }
        do { return try CID(hash) } catch {
            throw RPCError(code: .unavailable, message: "Kubo /api/v0/add answered an invalid CID '\(hash)'")
        }
    }
}
