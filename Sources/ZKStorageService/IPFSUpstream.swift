import ZKContent
import ZKHTTP
import ZKRPC

/// IPFS as an upstream tier: reads through an untrusted trustless gateway and/or a Kubo node's RPC API, publishes
/// through the Kubo RPC API.
///
/// **Fetch**: the gateway comes first when both are configured. The file's CAR is asked from the gateway, and from
/// the node when the gateway serves none (404, no CAR support, unreachable); then the file is rebuilt with
/// ``VerifiedDAGReader`` over the CAR's blocks, the gateway's single blocks and the node's, in that order (see
/// ``IPFSEndpoint`` for the requests). The reader is the only place a block is hashed: it checks every block against
/// its CID, moving on to the next source for a block that is missing or wrong, and every UnixFS size claim, so a
/// lying gateway or node can make the fetch fail but never return other bytes than those the CID names.
///
/// **Publish** follows the Kubo RPC reference (https://docs.ipfs.tech/reference/kubo/rpc/), section `/api/v0/add`:
/// `POST {api}/api/v0/add?cid-version=1&raw-leaves=true&chunker=size-262144&pin=true` with a multipart part named
/// `file`; the answer is NDJSON `AddEvent` objects whose last `Hash` is the root CID.
///
/// Errors: `DATA_LOSS` when the gateway or node served bytes that do not match the CID (or a malformed DAG) — also
/// when a CAR carried a wrong block and no other source could serve that block (it was served, and wrong),
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
        let endpoints = [
            gateway.map { IPFSEndpoint(api: .trustlessGateway, baseURL: $0, timeout: timeout, client: client) },
            api.map { IPFSEndpoint(api: .kuboRPC, baseURL: $0, timeout: timeout, client: client) },
        ].compactMap { $0 }
        guard !endpoints.isEmpty else { return nil }
        // Room for the dag-pb nodes and section headers around the file bytes.
        let maxCARBytes = maxBytes + maxBytes / 64 + (1 << 20)
        var car = InMemoryBlockStore()
        for (index, endpoint) in endpoints.enumerated() where car.count == 0 {
            do {
                car = try await endpoint.car(for: cid, maxBytes: maxCARBytes)
            } catch {
                // Unreachable: the next endpoint may still have the DAG; the last one's failure is the fetch's.
                if index == endpoints.count - 1 { throw error }
            }
        }
        return try await read(cid: cid, from: [car] + endpoints, maxBytes: maxBytes)
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
            throw RPCError(
                code: error.code == .overloaded ? .resourceExhausted : .unavailable,
                message: "IPFS block fetch: \(error)"
            )
        }
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
