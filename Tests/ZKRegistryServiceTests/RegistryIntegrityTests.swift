import Testing
import ZKContent
import ZKCrypto
import ZKProto
import ZKRPC
import ZKTestSupport
import ZKRegistryService

@Suite("Registry: the storage check before storing")
struct RegistryIntegrityTests {
    @Test("a program storage holds under the same CID is registered")
    func held() async throws {
        try await RegistryHarness.with(storageCheck: true) { registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("held")
            registry.storage.hold(elfHash: fields.elfHash, cid: fields.ipfsCID)
            let stored = try await registry.register(TestRegistration.request(fields, key: key))
            #expect(stored.programHash == fields.programHash)
            #expect(registry.storage.statCalls.load(ordering: .relaxed) == 1)
        }
    }

    @Test("registering a program pins it in storage for the registration (H4: no flood of puts can evict it)")
    func registrationPins() async throws {
        try await RegistryHarness.with(storageCheck: true) { registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("pinned")
            registry.storage.hold(elfHash: fields.elfHash, cid: fields.ipfsCID)
            _ = try await registry.register(TestRegistration.request(fields, key: key))
            let pins = registry.storage.pins.withLock { $0 }
            #expect(pins.count == 1)
            #expect(pins.first?.elfHash == fields.elfHash)
            #expect(pins.first?.holder == StorageCallMetadata.registrationHolder)
        }
    }

    @Test("a program storage does not hold is FAILED_PRECONDITION and not stored")
    func absent() async throws {
        try await RegistryHarness.with(storageCheck: true) { registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("absent")
            let error = try await #require(throws: RPCError.self) {
                try await registry.register(TestRegistration.request(fields, key: key))
            }
            #expect(error.code == .failedPrecondition)
            #expect(error.message.contains("storage does not hold"))
            #expect(try await registry.list(ListProgramsRequest()).programs.isEmpty)
        }
    }

    @Test("storage holding the ELF hash under a different CID is FAILED_PRECONDITION")
    func differentCID() async throws {
        try await RegistryHarness.with(storageCheck: true) { registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("other-cid")
            let other = try! CID(version: .v1, codec: .raw, multihash: Multihash(code: Multihash.sha256Code, digest: SHA256.hash([1]))).description
            registry.storage.hold(elfHash: fields.elfHash, cid: other)
            let error = try await #require(throws: RPCError.self) {
                try await registry.register(TestRegistration.request(fields, key: key))
            }
            #expect(error.code == .failedPrecondition)
            #expect(error.message.contains(other))
            // Same digest but another codec is other content, too.
            let dagPB = try! CID(version: .v1, codec: .dagPB, multihash: Multihash(code: Multihash.sha256Code, digest: fields.elfHash)).description
            registry.storage.hold(elfHash: fields.elfHash, cid: dagPB)
            let codecError = try await #require(throws: RPCError.self) {
                try await registry.register(TestRegistration.request(fields, key: key))
            }
            #expect(codecError.code == .failedPrecondition)
            #expect(try await registry.list(ListProgramsRequest()).programs.isEmpty)
        }
    }

    @Test("a CIDv0 registration matches storage's CIDv1 dag-pb form of the same content")
    func v0MatchesV1() async throws {
        try await RegistryHarness.with(storageCheck: true) { registry in
            let key = try Secp256k1.PrivateKey()
            var fields = TestRegistration.fields("v0")
            let nodeDigest = SHA256.hash(Array("some dag-pb root".utf8))
            let multihash = try Multihash(code: Multihash.sha256Code, digest: nodeDigest)
            let v1 = try CID(version: .v1, codec: .dagPB, multihash: multihash)
            // The CIDv0 text of the same multihash.
            let v0Text = try CID(version: .v0, codec: .dagPB, multihash: multihash).description
            fields.ipfsCID = v0Text
            registry.storage.hold(elfHash: fields.elfHash, cid: v1.description)
            let stored = try await registry.register(TestRegistration.request(fields, key: key))
            #expect(stored.ipfsCid == v0Text)
        }
    }

    @Test("storage that cannot be reached is UNAVAILABLE")
    func unreachable() async throws {
        let closedPort = try await withServer(services: []) { port, _ in port }
        try await RegistryHarness.with(storageCheck: true, storageAddress: "127.0.0.1:\(closedPort)") {
            registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("unreachable")
            let error = try await #require(throws: RPCError.self) {
                try await registry.register(TestRegistration.request(fields, key: key))
            }
            #expect(error.code == .unavailable)
            let health = try await registry.client.health()
            #expect(health.dependencies.first?.status == .notServing)
        }
    }
}
