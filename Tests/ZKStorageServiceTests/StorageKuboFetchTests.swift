import Foundation
import Testing
import ZKContent
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKTestSupport

@testable import ZKStorageService

/// Fetching programs through a Kubo node's RPC API alone (`--ipfs-api` without `--ipfs-gateway`), against
/// `Tests/Fakes/fake_ipfs.py`, which follows the Kubo RPC API reference (https://docs.ipfs.tech/reference/kubo/rpc/):
///
/// - section `/api/v0/dag/export` (`POST ?arg=<cid>`, answering a CARv1 stream of the whole DAG,
///   https://ipld.io/specs/transport/car/carv1/, each block once in first-seen depth-first order, as kubo's
///   `core/commands/dag/export.go`);
/// - section `/api/v0/block/get` (`POST ?arg=<cid>`, the raw block), asked for blocks the CAR lacks or carries wrong;
/// - section "HTTP status codes": POST only (405 otherwise), a failing command answers 500 with
///   `{"Message", "Code", "Type"}` (a missing root: "block was not found locally"), and a stream that fails after
///   its 200 ends early with the error in the `X-Stream-Error` trailer (a block missing below the root);
/// - section `/api/v0/add` for the puts that publish the programs.
///
/// Every block is verified against its CID (``ZKContent/VerifiedDAGReader``), so a node serving wrong bytes makes
/// the get fail (DATA_LOSS, counted in `rejected_upstream`, answered NOT_FOUND), never return other bytes.
@Suite("Storage: IPFS fetch through the Kubo RPC API", .serialized)
struct StorageKuboFetchTests {
    /// The fake's `{path: count}` of the RPC and gateway requests it served.
    private static func requests(_ ipfs: FakeServer) throws -> [String: Int] {
        let text = try ipfs.control("/_test/requests")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Int])
    }

    /// The CID of the raw leaf holding `elf[range]` (the importer's 256 KiB chunks).
    private static func leafCID(_ elf: [UInt8], _ range: Range<Int>) -> String {
        CID.sha256(codec: .raw, of: elf[range]).description
    }

    @Test("put publishes; fresh nodes with only --ipfs-api get it by CID and by hash + CID, through one dag/export")
    func roundTrip() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 700_000, seed: 31)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            #expect(put.tiers == ["memory", "disk", "ipfs"])
            try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { storage in
                let fetched = try await storage.client.elf(cid: put.cid)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "ipfs")
                #expect(fetched.response.elfHash == put.elfHash)
                #expect(try await storage.client.elf(cid: put.cid).response.tier == "memory")
                let stats = try await storage.client.stats()
                #expect(stats.upstreamFetches == 1)
                #expect(stats.tiers.first { $0.tier == "ipfs" }?.hits == 1)
                #expect(stats.tiers.first { $0.tier == "disk" }?.entries == 1)
            }
            // The whole DAG came in the CAR: no single block was asked, no gateway request was made.
            let requests = try Self.requests(ipfs)
            #expect(requests["/api/v0/dag/export"] == 1)
            #expect(requests["/api/v0/block/get"] == nil)
            #expect(requests["/ipfs/"] == nil)
            try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { storage in
                let fetched = try await storage.client.elf(hash: put.elfHash, cid: put.cid)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "ipfs")
            }
        }
    }

    @Test("a multi-chunk program (1 MiB + 1 byte: five leaves under one dag-pb root) round-trips")
    func multiChunk() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: (1 << 20) + 1, seed: 32)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            // The root is a dag-pb node, not a single raw block.
            #expect(put.cid != CID.sha256(codec: .raw, of: elf[...]).description)
            try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { storage in
                let fetched = try await storage.client.elf(hash: put.elfHash, cid: put.cid)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "ipfs")
            }
        }
    }

    @Test("a node serving a corrupted block is rejected (DATA_LOSS counted), the get is NOT_FOUND, nothing cached")
    func corrupted() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 600_000, seed: 33)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            // Corrupt the second leaf: dag/export and block/get both serve wrong bytes for it.
            let leaf = Self.leafCID(elf, 262_144..<524_288)
            try ipfs.control("/_test/corrupt?cid=\(leaf)")
            try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { storage in
                let error = try await #require(throws: RPCError.self) {
                    try await storage.client.getProgram(StorageGetProgramRequest(elfHash: put.elfHash, cid: put.cid))
                }
                #expect(error.code == .notFound)
                let stats = try await storage.client.stats()
                #expect(stats.rejectedUpstream == 1)
                #expect(stats.tiers.first { $0.tier == "disk" }?.entries == 0)
                #expect(stats.tiers.first { $0.tier == "memory" }?.entries == 0)
                // The wrong CAR block was not trusted: the block was asked again on its own.
                #expect(try Self.requests(ipfs)["/api/v0/block/get"] == 1)
                // Once the node is honest again, the same get succeeds.
                try ipfs.control("/_test/uncorrupt?cid=\(leaf)")
                #expect(try await storage.client.elf(cid: put.cid).elf == elf)
            }
        }
    }

    @Test(
        "a block the node lacks (the root: 500 before streaming; a leaf: X-Stream-Error trailer) is a clean miss",
        arguments: ["root", "leaf"]
    )
    func dropped(block: String) async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 600_000, seed: 34)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            let dropped = block == "root" ? put.cid : Self.leafCID(elf, 262_144..<524_288)
            try ipfs.control("/_test/drop?cid=\(dropped)")
            try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { storage in
                let error = try await #require(throws: RPCError.self) {
                    try await storage.client.getProgram(StorageGetProgramRequest(cid: put.cid))
                }
                #expect(error.code == .notFound)
                let stats = try await storage.client.stats()
                #expect(stats.rejectedUpstream == 0)
                #expect(stats.tiers.first { $0.tier == "ipfs" }?.misses == 1)
                #expect(stats.tiers.first { $0.tier == "disk" }?.entries == 0)
            }
            // The missing block was asked on its own once and answered "not found".
            #expect(try Self.requests(ipfs)["/api/v0/block/get"] == 1)
        }
    }

    @Test("an unreachable Kubo node makes the get fail without caching anything")
    func unreachable() async throws {
        let elf = ELFFixture.make(size: 300_000, seed: 35)
        let cid = try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf).cid }
        }
        // The fake is gone: its port refuses connections.
        try await StorageHarness.with({ $0.ipfsAPI = "http://127.0.0.1:1" }) { storage in
            let error = try await #require(throws: RPCError.self) {
                try await storage.client.getProgram(StorageGetProgramRequest(cid: cid))
            }
            #expect(error.code == .notFound)
            let stats = try await storage.client.stats()
            #expect(stats.rejectedUpstream == 0)
            #expect(stats.tiers.first { $0.tier == "ipfs" }?.misses == 1)
            // Nothing was cached: both local tiers are still empty.
            #expect(stats.tiers.first { $0.tier == "memory" }?.entries == 0)
            #expect(stats.tiers.first { $0.tier == "disk" }?.entries == 0)
        }
    }

    @Test("IPFSUpstream over the RPC API: a missing block is nil, a corrupted one DATA_LOSS, no node UNAVAILABLE")
    func upstreamOutcomes() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 600_000, seed: 37)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            let cid = try CID(put.cid)
            let upstream = IPFSUpstream(api: ipfs.baseURL, gateway: nil, timeout: .seconds(10))
            #expect(try await upstream.fetch(cid: cid, arweaveTransaction: nil, maxBytes: 1 << 20) == elf)
            // A cap below the file size is a verification failure, not a partial file.
            let capped = try await #require(throws: RPCError.self) {
                try await upstream.fetch(cid: cid, arweaveTransaction: nil, maxBytes: elf.count - 1)
            }
            #expect(capped.code == .dataLoss)
            let leaf = Self.leafCID(elf, 0..<262_144)
            try ipfs.control("/_test/corrupt?cid=\(leaf)")
            let corrupted = try await #require(throws: RPCError.self) {
                try await upstream.fetch(cid: cid, arweaveTransaction: nil, maxBytes: 1 << 20)
            }
            #expect(corrupted.code == .dataLoss)
            try ipfs.control("/_test/drop?cid=\(leaf)")
            #expect(try await upstream.fetch(cid: cid, arweaveTransaction: nil, maxBytes: 1 << 20) == nil)
        }
        let nowhere = IPFSUpstream(api: "http://127.0.0.1:1", gateway: nil, timeout: .seconds(5))
        let error = try await #require(throws: RPCError.self) {
            try await nowhere.fetch(
                cid: CID.sha256(codec: .raw, of: [1, 2, 3]),
                arweaveTransaction: nil,
                maxBytes: 1024
            )
        }
        #expect(error.code == .unavailable)
    }

    @Test("Kubo RPC error bodies: Message decoded with its escapes; only a 500 saying 'not found' is a miss")
    func rpcErrors() {
        let notFound = Array(
            (#"{"Message":"block was not found locally (offline): ipld: could not find \"bafk\"\n","#
                + #""Code":0,"Type":"error"}"#).utf8
        )
        #expect(
            KuboRPCError.message(in: notFound)
                == "block was not found locally (offline): ipld: could not find \"bafk\"\n"
        )
        #expect(KuboRPCError.isNotFound(.httpStatus(500, body: notFound)))
        #expect(!KuboRPCError.isNotFound(.httpStatus(404, body: notFound)))
        let other = Array(#"{"Message": "invalid path \"x\": invalid cid", "Code": 0, "Type": "error"}"#.utf8)
        #expect(KuboRPCError.message(in: other) == "invalid path \"x\": invalid cid")
        #expect(!KuboRPCError.isNotFound(.httpStatus(500, body: other)))
        #expect(KuboRPCError.message(in: Array("<html>not found</html>".utf8)) == nil)
        #expect(!KuboRPCError.isNotFound(.httpStatus(500, body: Array("<html>not found</html>".utf8))))
    }

    @Test("with both configured the gateway comes first; the Kubo RPC API serves what the gateway lacks")
    func gatewayThenAPI() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { node in
            try await FakeServer.with(script: "fake_ipfs.py") { emptyGateway in
                let elf = ELFFixture.make(size: 700_000, seed: 36)
                let put = try await StorageHarness.with({ $0.ipfsAPI = node.baseURL }) { try await $0.client.put(elf) }
                let configure: (inout StorageConfiguration) -> Void = {
                    $0.ipfsAPI = node.baseURL
                    $0.ipfsGateway = emptyGateway.baseURL
                }
                try await StorageHarness.with(configure) { storage in
                    let fetched = try await storage.client.elf(cid: put.cid)
                    #expect(fetched.elf == elf)
                    #expect(fetched.response.tier == "ipfs")
                }
                #expect(try Self.requests(emptyGateway)["/ipfs/"] == 1)  // asked first, had no CAR
                #expect(try Self.requests(node)["/api/v0/dag/export"] == 1)
                #expect(try Self.requests(node)["/ipfs/"] == nil)
            }
        }
    }
}
