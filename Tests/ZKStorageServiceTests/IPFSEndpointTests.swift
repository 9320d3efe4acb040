import Foundation
import Testing
import ZKContent
import ZKRPC
import ZKTestSupport

@testable import ZKStorageService

/// ``IPFSEndpoint``, the production client of both IPFS HTTP APIs, against `Tests/Fakes/fake_ipfs.py`: the trustless
/// gateway's `GET /ipfs/{cid}?format=car|raw` (https://specs.ipfs.tech/http-gateways/trustless-gateway/) and the Kubo
/// RPC API's `POST /api/v0/dag/export` and `/api/v0/block/get` (https://docs.ipfs.tech/reference/kubo/rpc/).
@Suite("IPFSEndpoint against fake_ipfs.py", .serialized)
struct IPFSEndpointTests {
    /// The fake's request paths for a CAR and for a single block through `api`.
    private static func paths(_ api: IPFSEndpoint.API) -> (car: String, block: String) {
        switch api {
        case .trustlessGateway: ("/ipfs/", "/ipfs/")
        case .kuboRPC: ("/api/v0/dag/export", "/api/v0/block/get")
        }
    }

    private static func requests(_ ipfs: FakeServer) throws -> [String: Int] {
        let text = try ipfs.control("/_test/requests")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Int])
    }

    @Test(
        "blocks one by one rebuild the file; a corrupted block is hashMismatch, a dropped one nil (missingBlock)",
        arguments: [IPFSEndpoint.API.trustlessGateway, .kuboRPC]
    )
    func blocks(api: IPFSEndpoint.API) async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 600_000, seed: 51)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            let root = try CID(put.cid)
            let source = IPFSEndpoint(api: api, baseURL: ipfs.baseURL, timeout: .seconds(10))
            #expect(try await VerifiedDAGReader().read(root: root, from: source) == elf)
            // The root and three leaves, each asked once, through this API.
            #expect(try Self.requests(ipfs)[Self.paths(api).block] == 4)

            let leaf = CID.sha256(codec: .raw, of: elf[262_144..<524_288])
            try ipfs.control("/_test/corrupt?cid=\(leaf)")
            #expect(try await source.block(for: leaf).map(leaf.matches) == false)
            await #expect { try await VerifiedDAGReader().read(root: root, from: source) } throws: {
                ($0 as? ContentError)?.code == .hashMismatch
            }
            try ipfs.control("/_test/uncorrupt?cid=\(leaf)")
            #expect(try await VerifiedDAGReader().read(root: root, from: source) == elf)
            try ipfs.control("/_test/drop?cid=\(leaf)")
            #expect(try await source.block(for: leaf) == nil)
            await #expect { try await VerifiedDAGReader().read(root: root, from: source) } throws: {
                ($0 as? ContentError)?.code == .missingBlock
            }
        }
    }

    @Test(
        "the CAR holds the whole DAG; an unknown root is an empty CAR, an unreachable server UNAVAILABLE",
        arguments: [IPFSEndpoint.API.trustlessGateway, .kuboRPC]
    )
    func car(api: IPFSEndpoint.API) async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 600_000, seed: 52)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            let root = try CID(put.cid)
            let endpoint = IPFSEndpoint(api: api, baseURL: ipfs.baseURL, timeout: .seconds(10))
            let car = try await endpoint.car(for: root, maxBytes: 2 << 20)
            #expect(car.count == 4)
            #expect(try await VerifiedDAGReader().read(root: root, from: car) == elf)
            #expect(try Self.requests(ipfs)[Self.paths(api).car] == 1)
            let unknown = CID.sha256(codec: .raw, of: Array("absent".utf8))
            #expect(try await endpoint.car(for: unknown, maxBytes: 2 << 20).count == 0)
        }
        let nowhere = IPFSEndpoint(api: api, baseURL: "http://127.0.0.1:1", timeout: .seconds(5))
        let error = try await #require(throws: RPCError.self) {
            try await nowhere.car(for: CID.sha256(codec: .raw, of: [1]), maxBytes: 1024)
        }
        #expect(error.code == .unavailable)
    }
}
