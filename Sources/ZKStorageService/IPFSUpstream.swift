import ZKContent
import ZKHTTP
import ZKRPC

/// IPFS as an upstream tier: reads through an untrusted trustless gateway and/or a Kubo node's RPC API, publishes
/// through the Kubo RPC API.
///
/// **Fetch through a gateway** follows the Trustless Gateway specification
/// (https://specs.ipfs.tech/http-gateways/trustless-gateway/): section "CAR Responses (application/vnd.ipld.car)" —
/// `GET {gateway}/ipfs/{cid}?format=car` with `Accept: application/vnd.ipld.car` (the `format` query parameter of the
/// Path Gateway specification, https://specs.ipfs.tech/http-gateways/path-gateway/#format-request-query-parameter) —
/// and, for any block the CAR lacks or carries with wrong bytes, section "Block Responses
/// (application/vnd.ipld.raw)" — `GET {gateway}/ipfs/{cid}?format=raw`.
///
/// **Fetch through the Kubo RPC API** follows the Kubo RPC reference (https://docs.ipfs.tech/reference/kubo/rpc/):
/// section `/api/v0/dag/export` — `POST {api}/api/v0/dag/export?arg={cid}` answers a CARv1 stream of the whole DAG
/// (`progress` only drives the CLI's progress bar and is not sent) — and, for any block the CAR lacks or carries
/// with wrong bytes, section `/api/v0/block/get` — `POST {api}/api/v0/block/get?arg={cid}`, the raw block. Per
/// section "HTTP status codes", a failing command answers 500 with `{"Message", "Code", "Type"}`; a 500 saying the
/// block was not found is a miss (``KuboRPCError``). A stream that breaks after its 200 (Kubo then reports the
/// error in a trailer) keeps the blocks read so far.
///
/// **Both configured**: the gateway comes first. The Kubo RPC API is the fallback, for the CAR (when the gateway
/// serves none: 404, no CAR support, unreachable) and for every block the gateway lacks, serves wrong, or cannot
/// serve.
///
/// Either way the file is rebuilt with ``VerifiedDAGReader`` over the sources in that order (the CAR's blocks, then
/// single blocks from the gateway, then from the node). It is the only place a block is hashed: it checks every
/// block against its CID, moving on to the next source for a block that is missing or wrong, and every UnixFS size
/// claim, so a lying gateway or node can make the fetch fail but never return other bytes than those the CID names.
/// The CAR itself is parsed as CARv1/CARv2 (https://ipld.io/specs/transport/car/) by ``CARReader/blocks(in:limits:)``.
///
/// **Publish** follows the same Kubo RPC reference, section `/api/v0/add`:
/// `POST {api}/api/v0/add?cid-version=1&raw-leaves=true&chunker=size-262144&pin=true` with a multipart part named
/// `file`; the answer is NDJSON `AddEvent` objects whose last `Hash` is the root CID.
///
/// Errors: `DATA_LOSS` when the gateway or node served bytes that do not match the CID (or a malformed DAG),
/// `UNAVAILABLE` when neither can be reached, an export times out (an online Kubo node searches the network for a
/// block it lacks until the request times out), or they answer with an error status other than "not found".
struct IPFSUpstream: UpstreamSource {
    let name = "ipfs"
    /// Kubo RPC API base URL, for publishing and (without a gateway, or as the gateway's fallback) fetching; nil
    /// disables it.
    let api: String?
    /// Trustless gateway base URL, for fetching; nil disables it.
    let gateway: String?
    let timeout: Duration
    let client = HTTPClient()

    func canFetch(cid: CID?, arweaveTransaction: String?) -> Bool {
        cid != nil && (gateway != nil || api != nil)
    }

    func fetch(cid: CID?, arweaveTransaction: String?, maxBytes: Int) async throws -> [UInt8]? {
        guard let cid else { return nil }
        // Room for the dag-pb nodes and section headers around the file bytes.
        let maxCARBytes = maxBytes + maxBytes / 64 + (1 << 20)
        let kubo = api.map { KuboRPCBlockSource(client: client, baseURL: $0, timeout: timeout) }
        guard let gateway else {
            guard let kubo else { return nil }
            let car = try await kuboCAR(cid: cid, maxBytes: maxCARBytes)
            return try await read(cid: cid, from: [car, kubo], maxBytes: maxBytes)
        }
        let blocks = TrustlessGatewayBlockSource(client: client, baseURL: gateway, timeout: timeout)
        guard let kubo else {
            let car = try await gatewayCAR(cid: cid, gateway: gateway, maxBytes: maxCARBytes)
            return try await read(cid: cid, from: [car, blocks], maxBytes: maxBytes)
        }
        var car: InMemoryBlockStore
        do {
            car = try await gatewayCAR(cid: cid, gateway: gateway, maxBytes: maxCARBytes)
        } catch {
            car = InMemoryBlockStore()  // gateway unreachable: the node may still have the DAG
        }
        if car.count == 0 { car = try await kuboCAR(cid: cid, maxBytes: maxCARBytes) }
        return try await read(cid: cid, from: [car, blocks, kubo], maxBytes: maxBytes)
    }

    /// Rebuilds the file under `cid`, asking `sources` in order for each block; every block is verified by the reader.
    private func read(cid: CID, from sources: [any BlockSource], maxBytes: Int) async throws -> [UInt8]? {
        let reader = VerifiedDAGReader(limits: VerifiedDAGReader.Limits(maxFileSize: UInt64(maxBytes)))
        do {
            return try await reader.read(root: cid, from: sources)
        } catch let error as ContentError {
            if error.code == .missingBlock { return nil }
            throw RPCError(code: .dataLoss, message: "IPFS served a DAG that fails verification: \(error)")
        } catch let error as HTTPError {
            throw RPCError(code: .unavailable, message: "IPFS block fetch: \(error)")
        }
    }

    /// The blocks of `GET /ipfs/{cid}?format=car`, unverified (the reader verifies them); empty when the gateway
    /// has no CAR for `cid` or the CAR is unreadable, whose blocks are then fetched one by one.
    ///
    /// - Throws: `UNAVAILABLE` when the gateway cannot be reached.
    private func gatewayCAR(cid: CID, gateway: String, maxBytes: Int) async throws -> InMemoryBlockStore {
        let body: [UInt8]
        do {
            body = try await client.get(
                url: "\(gateway)/ipfs/\(cid)?format=car",
                headers: [HTTPHeader(name: "Accept", value: "application/vnd.ipld.car")],
                maxBytes: maxBytes,
                timeout: timeout
            ).body
        } catch {
            if error.code == .connectFailed { throw RPCError(code: .unavailable, message: "IPFS gateway: \(error)") }
            return InMemoryBlockStore()  // 404, or a gateway without CAR support: fall back to raw blocks
        }
        return CARReader.blocks(in: body)
    }

    /// The blocks of `POST /api/v0/dag/export?arg={cid}`, unverified; empty when the node answers an error (a 500
    /// "not found" for a root it lacks, among others), whose blocks are then asked one by one with `block/get`.
    ///
    /// - Throws: `UNAVAILABLE` when the node cannot be reached or does not finish the export in time (an online node
    ///   searching the network for a block nobody provides; asking `block/get` would only wait again).
    private func kuboCAR(cid: CID, maxBytes: Int) async throws -> InMemoryBlockStore {
        guard let api else { return InMemoryBlockStore() }
        let body: [UInt8]
        do {
            body = try await client.post(
                url: "\(api)/api/v0/dag/export?arg=\(cid)",
                body: [],
                maxBytes: maxBytes,
                timeout: timeout
            ).body
        } catch {
            if error.code == .connectFailed || error.code == .timeout {
                throw RPCError(code: .unavailable, message: "Kubo /api/v0/dag/export: \(error)")
            }
            return InMemoryBlockStore()
        }
        return CARReader.blocks(in: body)
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
