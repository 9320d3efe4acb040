import Foundation
import Testing
import ZKContent
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKStorageService
import ZKTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP port that accepts connections (the kernel's backlog does) and never answers: a gateway that is slow forever.
final class SilentListener: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        try #require(bound == 0 && listen(descriptor, 512) == 0)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}

/// H5 and D9 of the security review: upstream fetches are bounded, and joined only by the whole target.
@Suite("Storage: bounded upstream fetches")
struct StorageUpstreamBoundTests {
    private static func transactionID() -> String {
        Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The review's trigger, scaled down: many concurrent gets of random programs with random Arweave ids, against a
    /// gateway that never answers.
    @Test("more concurrent distinct fetches than --max-upstream-fetches: RESOURCE_EXHAUSTED, the service lives on")
    func fetchCap() async throws {
        let gateway = try SilentListener()
        defer { gateway.close() }
        try await StorageHarness.with({
            $0.arweaveGateway = "http://127.0.0.1:\(gateway.port)"
            $0.maxUpstreamFetches = 4
            $0.upstreamTimeout = .seconds(8)
        }) { storage in
            let client = storage.client
            let codes = await withTaskGroup(of: RPCError.Code?.self) { group in
                for _ in 0..<24 {
                    group.addTask {
                        let request = StorageGetProgramRequest(
                            elfHash: (0..<32).map { _ in UInt8.random(in: 0...255) },
                            arweaveTx: Self.transactionID()
                        )
                        do {
                            _ = try await client.getProgram(request, timeout: .seconds(30))
                            return nil
                        } catch let error as RPCError {
                            return error.code
                        } catch {
                            return .unknown
                        }
                    }
                }
                return await group.reduce(into: [RPCError.Code?]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == .resourceExhausted }.count == 20, "\(codes)")
            #expect(codes.filter { $0 == .notFound }.count == 4, "\(codes)")
            let health = try await client.health()
            #expect(health.status == .serving)
        }
    }
}

/// D9 of the security review: a get naming a bogus Arweave id does not doom a get of the same program by its CID.
@Suite("Storage: upstream fetches joined by their whole target", .serialized)
struct StorageFetchJoinTests {
    @Test("a get with a bogus arweave_tx, then one with the real CID: the second fetches on its own and succeeds")
    func bogusHintDoesNotDoomRealFetch() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let gateway = try SilentListener()
            defer { gateway.close() }
            let elf = ELFFixture.make(size: 100_000, seed: 460)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            try await StorageHarness.with({
                $0.ipfsGateway = ipfs.baseURL
                $0.arweaveGateway = "http://127.0.0.1:\(gateway.port)"
                $0.upstreamTimeout = .seconds(5)
            }) { storage in
                let client = storage.client
                let bogus = Task {
                    try await client.getProgram(
                        StorageGetProgramRequest(elfHash: put.elfHash, arweaveTx: String(repeating: "A", count: 42) + "E")
                    )
                }
                // The bogus fetch is running (asking the silent gateway) before the real get arrives.
                while try await client.stats().upstreamFetches == 0 { await Task.yield() }
                let fetched = try await client.elf(hash: put.elfHash, cid: put.cid)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "ipfs")
                #expect(try await client.stats().joinedFetches == 0)
                _ = await bogus.result
            }
        }
    }
}

/// R3 of the security review: disk-tier failures cost the local copy, not the get.
@Suite("Storage: disk-tier failures fall back", .serialized)
struct StorageDiskFailureTests {
    @Test("a disk-tier read error (the blob is a directory) falls back to IPFS instead of INTERNAL")
    func readErrorFallsBack() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 100_000, seed: 470)
            try await StorageHarness.with({
                $0.ipfsAPI = ipfs.baseURL
                $0.ipfsGateway = ipfs.baseURL
                $0.memoryPrograms = 1
            }) { storage in
                let put = try await storage.client.put(elf)
                _ = try await storage.client.put(ELFFixture.make(size: 4000, seed: 471))  // out of memory
                let file = try #require(StorageFiles.blobFile(in: storage.directory, hash: put.elfHash))
                try FileManager.default.removeItem(atPath: file)
                try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
                let fetched = try await storage.client.elf(hash: put.elfHash)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "ipfs")
            }
        }
    }

    @Test("a verified upstream fetch the disk tier cannot store (its tmp folder is a file) is still served")
    func storeErrorStillServes() async throws {
        try await FakeServer.with(script: "fake_ipfs.py") { ipfs in
            let elf = ELFFixture.make(size: 100_000, seed: 472)
            let put = try await StorageHarness.with({ $0.ipfsAPI = ipfs.baseURL }) { try await $0.client.put(elf) }
            try await StorageHarness.with({ $0.ipfsGateway = ipfs.baseURL }) { storage in
                let temporary = storage.directory + "/programs/tmp"
                try FileManager.default.removeItem(atPath: temporary)
                try Data().write(to: URL(fileURLWithPath: temporary))
                let fetched = try await storage.client.elf(cid: put.cid)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "ipfs")
                // Served from memory afterwards.
                #expect(try await storage.client.elf(cid: put.cid).response.tier == "memory")
            }
        }
    }
}
