import Foundation
import Testing
import ZKContent
import ZKTestSupport

@testable import ZKStorageService

/// The production single-block sources against `Tests/Fakes/fake_ipfs.py`: the trustless gateway's
/// `GET /ipfs/{cid}?format=raw` (https://specs.ipfs.tech/http-gateways/trustless-gateway/, "Block Responses") and the
/// Kubo RPC API's `POST /api/v0/block/get?arg={cid}` (https://docs.ipfs.tech/reference/kubo/rpc/).
@Suite("IPFS block sources against fake_ipfs.py", .serialized)
struct IPFSBlockSourceTests {
    /// The source under test and the fake's request path it must use.
    private static func source(_ api: String, _ baseURL: String) -> (any BlockSource, String) {
        switch api {
        case "gateway":
            (TrustlessGatewayBlockSource(baseURL: baseURL, timeout: .seconds(10)), "/ipfs/")
        default:
            (KuboRPCBlockSource(baseURL: baseURL, timeout: .seconds(10)), "/api/v0/block/get")
        }
    }

    @Test(
        "blocks one by one rebuild the file; a corrupted block is hashMismatch, a dropped one nil (missingBlock)",
        arguments: ["gateway", "kubo"]
    )
    func blocks(api: String) async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 600_000, seed: 51)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            let root = try CID(put.cid)
            let (source, path) = Self.source(api, ipfs.baseURL)
            #expect(try await VerifiedDAGReader().read(root: root, from: source) == elf)
            // The root and three leaves, each asked once, through this API only.
            let requests = try #require(
                try JSONSerialization.jsonObject(with: Data(try ipfs.control("/_test/requests").utf8)) as? [String: Int]
            )
            #expect(requests[path] == 4)

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
}
