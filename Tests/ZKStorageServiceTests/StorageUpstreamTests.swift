import Foundation
import Testing
import ZKTestSupport
import ZKContent
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKStorageService
import ZKWire

/// Upstream tiers against local fakes that follow the published specifications:
///
/// - `Tests/Fakes/fake_ipfs.py` implements the Kubo RPC API reference (https://docs.ipfs.tech/reference/kubo/rpc/),
///   section `/api/v0/add` (multipart `file` part, `cid-version`, `raw-leaves`, `chunker`, `pin`; NDJSON AddEvent
///   answers), and the Trustless Gateway specification (https://specs.ipfs.tech/http-gateways/trustless-gateway/),
///   sections "Block Responses (application/vnd.ipld.raw)" and "CAR Responses (application/vnd.ipld.car)" with
///   CARv1 framing (https://ipld.io/specs/transport/car/carv1/).
/// - `Tests/Fakes/fake_arweave.py` implements the gateway's `GET /{txid}` data endpoint of the Arweave HTTP API
///   (https://docs.arweave.org/developers/arweave-node-server/http-api).
@Suite("Storage: IPFS and Arweave upstreams, verified", .serialized)
struct StorageUpstreamTests {
    @Test("put adds to IPFS with the same CID; another node gets it by CID alone through the gateway and caches it")
    func ipfsRoundTrip() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 700_000, seed: 21)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { storage in
                try await storage.client.put(elf)
            }
            #expect(put.tiers == ["memory", "disk", "ipfs"])
            try await StorageHarness.with({ $0.ipfsGateway = ipfs.baseURL }) { storage in
                let fetched = try await storage.client.elf(cid: put.cid)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "ipfs")
                #expect(fetched.response.elfHash == put.elfHash)
                // Cached in both local tiers: the next gets are local.
                #expect(try await storage.client.elf(cid: put.cid).response.tier == "memory")
                let stat = try await storage.client.statProgram(StatProgramRequest(elfHash: put.elfHash))
                #expect(stat.tiers == ["memory", "disk"])
                let stats = try await storage.client.stats()
                #expect(stats.upstreamFetches == 1)
                #expect(stats.tiers.first { $0.tier == "ipfs" }?.hits == 1)
            }
        }
    }

    @Test("a gateway serving a corrupted block is rejected (DATA_LOSS counted), the get is NOT_FOUND, nothing cached")
    func ipfsCorrupted() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 600_000, seed: 22)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            // Corrupt one leaf (the second 256 KiB chunk): the CAR and the raw fallback both serve wrong bytes.
            let leafCID = CID.sha256(codec: .raw, of: elf[262_144..<524_288]).description
            try ipfs.control("/_test/corrupt?cid=\(leafCID)")
            try await StorageHarness.with({ $0.ipfsGateway = ipfs.baseURL }) { storage in
                let error = try await #require(throws: RPCError.self) {
                    try await storage.client.getProgram(StorageGetProgramRequest(cid: put.cid))
                }
                #expect(error.code == .notFound)
                let stats = try await storage.client.stats()
                #expect(stats.rejectedUpstream == 1)
                #expect(stats.tiers.first { $0.tier == "disk" }?.entries == 0)
                // Once the gateway is honest again, the same get succeeds.
                try ipfs.control("/_test/uncorrupt?cid=\(leafCID)")
                #expect(try await storage.client.elf(cid: put.cid).elf == elf)
            }
        }
    }

    @Test("Arweave: a get by hash with an arweave_tx is fetched, verified and cached; wrong bytes are rejected")
    func arweave() async throws {
        try await FakeServer.with(script: "fake_arweave.py") { arweave in
            let elf = ELFFixture.make(size: 80_000, seed: 23)
            let hash = SHA256.hash(elf)
            let transaction = try arweave.control("/_test/put", body: elf)
            try await StorageHarness.with({ $0.arweaveGateway = arweave.baseURL }) { storage in
                try arweave.control("/_test/corrupt?txid=\(transaction)")
                let rejected = try await #require(throws: RPCError.self) {
                    try await storage.client.getProgram(StorageGetProgramRequest(elfHash: hash, arweaveTx: transaction))
                }
                #expect(rejected.code == .notFound)
                #expect(try await storage.client.stats().rejectedUpstream == 1)
                try arweave.control("/_test/uncorrupt?txid=\(transaction)")
                let fetched = try await storage.client.elf(hash: hash, arweaveTx: transaction)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "arweave")
                #expect(try await storage.client.elf(hash: hash).response.tier == "memory")
            }
        }
    }

    @Test("a corrupted IPFS copy falls through to Arweave, using the arweave_tx recorded at put")
    func fallThrough() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            try await FakeServer.with(script: "fake_arweave.py") { arweave in
                let elf = ELFFixture.make(size: 300_000, seed: 24)
                let transaction = try arweave.control("/_test/put", body: elf)
                let configure: (inout StorageConfiguration) -> Void = {
                    $0.ipfsAPI = ipfs.baseURL
                    $0.ipfsGateway = ipfs.baseURL
                    $0.arweaveGateway = arweave.baseURL
                    $0.memoryPrograms = 1
                }
                try await StorageHarness.with(configure) { storage in
                    let put = try await storage.client.put(elf, arweaveTx: transaction)
                    _ = try await storage.client.put(ELFFixture.make(size: 4000, seed: 25))  // out of memory
                    // Lose the local copy (a flipped byte on disk) and poison IPFS's root block.
                    let file = try #require(StorageFiles.blobFile(in: storage.directory, hash: put.elfHash))
                    try StorageFiles.flipByte(file, at: 10)
                    try ipfs.control("/_test/corrupt?cid=\(put.cid)")
                    // By hash alone: the names recorded at put supply the CID and the Arweave transaction.
                    let fetched = try await storage.client.elf(hash: put.elfHash)
                    #expect(fetched.elf == elf)
                    #expect(fetched.response.tier == "arweave")
                    let stats = try await storage.client.stats()
                    #expect(stats.rejectedUpstream == 1)
                    #expect(stats.tiers.first { $0.tier == "disk" }?.integrityFailures == 1)
                }
            }
        }
    }

    @Test("16 concurrent gets of one missing program make one upstream fetch (Arweave, unable to look up a CID, is not asked)")
    func singleFlight() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 4 << 20, seed: 26)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            let configure: (inout StorageConfiguration) -> Void = {
                $0.ipfsGateway = ipfs.baseURL
                $0.arweaveGateway = "http://127.0.0.1:9"  // nothing listens: it must not be asked
            }
            try await StorageHarness.with(configure) { storage in
                let client = storage.client
                let hashes = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                    for _ in 0..<16 {
                        group.addTask {
                            try await client.getProgram(StorageGetProgramRequest(cid: put.cid)).elfHash
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(hashes.count == 16 && hashes.allSatisfy { $0 == put.elfHash })
                let stats = try await client.stats()
                #expect(stats.upstreamFetches == 1)
                #expect(stats.tiers.first { $0.tier == "ipfs" }?.hits == 1)
                #expect((stats.tiers.first { $0.tier == "arweave" }?.misses ?? 0) == 0)
                #expect(stats.joinedFetches >= 1)
            }
        }
    }
}
