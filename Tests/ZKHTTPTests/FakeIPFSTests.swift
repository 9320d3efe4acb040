import Foundation
import Testing
import ZKContent
import ZKTestSupport

@testable import ZKHTTP

@Suite("fake_ipfs.py through HTTPClient", .serialized, .timeLimit(.minutes(1)))
struct FakeIPFSTests {
    let client = HTTPClient()

    func add(_ server: FakeServer, _ bytes: [UInt8]) async throws -> [String: Any] {
        let response = try await client.postFile(
            url: server.baseURL + "/api/v0/add?cid-version=1&raw-leaves=true&chunker=size-262144&pin=true&quieter=true",
            fileName: "guest.elf",
            contents: bytes,
            maxBytes: 1 << 16,
            timeout: .seconds(30)
        )
        #expect(response.header("Content-Type") == "application/json")
        let line = try #require(response.body.split(separator: UInt8(ascii: "\n")).last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
    }

    @Test("the stand-in's own importer gives aleph-cid's CIDs (v1 raw leaves and v0), up to a two-level DAG")
    func fakeImporterMatchesAlephCID() throws {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Fakes/fake_ipfs.py").path
        let result = try CommandRunner.run(TestEnvironment.python, [script, "--self-test"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("skipped") && !result.stdout.contains("BAD"))
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == 16)
    }

    @Test(
        "add answers Kubo's NDJSON with the importer's CID and cumulative size",
        arguments: [0, 1000, 262_145, 3_000_000]
    )
    func addMatchesImporter(size: Int) async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { server in
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
            let event = try await add(server, bytes)
            let expected = UnixFSImporter.cid(of: bytes)
            #expect(event["Hash"] as? String == expected.root.description)
            #expect(event["Name"] as? String == "guest.elf")
            #expect(event["Size"] as? String == String(expected.dagSize))
        }
    }

    @Test("CAR, raw blocks, cat and block/get round-trip; the CAR has the right content type and DFS order")
    func retrieval() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { server in
            let bytes = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 * 13 + $0 >> 9) }
            let root = try CID(try #require(try await add(server, bytes)["Hash"] as? String))

            let car = try await client.get(
                url: "\(server.baseURL)/ipfs/\(root)",
                headers: [HTTPHeader(name: "Accept", value: "application/vnd.ipld.car")],
                maxBytes: 4 << 20,
                timeout: .seconds(10)
            )
            #expect(car.header("Content-Type")?.hasPrefix("application/vnd.ipld.car") == true)
            var reader = try CARReader(bytes: car.body)
            #expect(reader.roots == [root])
            var order: [CID] = []
            while let block = try reader.next() { order.append(block.cid) }
            #expect(order.first == root, "DFS pre-order starts at the root")
            let store = CARReader.blocks(in: car.body)
            #expect(store.count == Set(order).count)  // leaves with equal bytes are one block
            #expect(try await VerifiedDAGReader().read(root: root, from: store) == bytes)

            let cat = try await client.post(
                url: "\(server.baseURL)/api/v0/cat?arg=\(root)",
                body: [],
                maxBytes: 2 << 20,
                timeout: .seconds(10)
            )
            #expect(cat.body == bytes)
            let rootBlock = try await client.post(
                url: "\(server.baseURL)/api/v0/block/get?arg=\(root)",
                body: [],
                maxBytes: 2 << 20,
                timeout: .seconds(10)
            )
            #expect(root.matches(rootBlock.body))

            let raw = try await client.get(
                url: "\(server.baseURL)/ipfs/\(order[1])?format=raw",
                maxBytes: 1 << 20,
                timeout: .seconds(5)
            )
            #expect(raw.header("Content-Type") == "application/vnd.ipld.raw")
        }
    }

    @Test("/_test/corrupt makes the CAR carry wrong bytes, caught when read; /_test/uncorrupt restores them")
    func untrustedGateway() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { server in
            let bytes = (0..<600_000).map { UInt8(truncatingIfNeeded: $0 * 5) }
            var importer = UnixFSImporter(options: .init(emitBlocks: true))
            var blocks = importer.update(bytes)
            let result = importer.finalize()
            blocks += result.blocks
            #expect(try await add(server, bytes)["Hash"] as? String == result.root.description)
            let leaf = blocks[1].cid
            _ = try await client.post(
                url: "\(server.baseURL)/_test/corrupt?cid=\(leaf)",
                body: [],
                maxBytes: 100,
                timeout: .seconds(5)
            )

            let car = try await client.get(
                url: "\(server.baseURL)/ipfs/\(result.root)?format=car",
                maxBytes: 4 << 20,
                timeout: .seconds(10)
            )
            await #expect {
                try await VerifiedDAGReader().read(root: result.root, from: CARReader.blocks(in: car.body))
            } throws: {
                ($0 as? ContentError)?.code == .hashMismatch
            }
            _ = try await client.post(
                url: "\(server.baseURL)/_test/uncorrupt?cid=\(leaf)",
                body: [],
                maxBytes: 100,
                timeout: .seconds(5)
            )
            let honest = try await client.get(
                url: "\(server.baseURL)/ipfs/\(result.root)?format=car",
                maxBytes: 4 << 20,
                timeout: .seconds(10)
            )
            let reread = try await VerifiedDAGReader().read(root: result.root, from: CARReader.blocks(in: honest.body))
            #expect(reread == bytes)
        }
    }

    @Test("RPC rejects GET with 405 and unknown CIDs with Kubo's 500 JSON error")
    func rpcErrors() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { server in
            do {
                _ = try await client.get(
                    url: server.baseURL + "/api/v0/cat?arg=x",
                    maxBytes: 1000,
                    timeout: .seconds(5)
                )
                Issue.record("GET on RPC accepted")
            } catch let error as HTTPError {
                #expect(error.status == 405)
            }
            let missing = CID.sha256(codec: .raw, of: Array("absent".utf8))
            do {
                _ = try await client.post(
                    url: "\(server.baseURL)/api/v0/block/get?arg=\(missing)",
                    body: [],
                    maxBytes: 1000,
                    timeout: .seconds(5)
                )
                Issue.record("missing block served")
            } catch let error as HTTPError {
                #expect(error.status == 500)
                let json = try JSONSerialization.jsonObject(with: Data(error.body)) as? [String: Any]
                #expect(json?["Type"] as? String == "error")
            }
        }
    }
}
