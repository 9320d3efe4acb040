import Testing
import ZKCrypto
import ZKProto
import ZKRPC
import ZKRegistryService

@Suite("Registry: register, get, list over real TCP")
struct RegistryServiceTests {
    @Test(
        "a registration is returned by GetProgram with the signer as author and the server's timestamp")
    func registerAndGet() async throws {
        try await RegistryHarness.with { registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("a", zkvm: .riscZero, vkHash: true)
            let stored = try await registry.register(TestRegistration.request(fields, key: key))
            #expect(stored.author == key.ethereumAddress.checksummedHex)
            #expect(stored.timestamp == RegistryHarness.timestamp)
            #expect(stored.programHash == fields.programHash)
            #expect(stored.elfHash == fields.elfHash)
            #expect(stored.ipfsCid == fields.ipfsCID)
            #expect(stored.zkvm == "RISC Zero")
            #expect(stored.vkHash == fields.vkHash)
            #expect(stored.signature.count == 65)
            #expect(try await registry.get(fields.programHash) == stored)
            // Second read is a cache hit on the event loop; same answer.
            #expect(try await registry.get(fields.programHash) == stored)
        }
    }

    @Test("GetProgram of an unknown hash is NOT_FOUND; of a 31-byte hash INVALID_ARGUMENT")
    func getErrors() async throws {
        try await RegistryHarness.with { registry in
            let missing = try await #require(throws: RPCError.self) {
                try await registry.get(SHA256.hash([1, 2, 3]))
            }
            #expect(missing.code == .notFound)
            let short = try await #require(throws: RPCError.self) {
                try await registry.get([UInt8](repeating: 7, count: 31))
            }
            #expect(short.code == .invalidArgument)
        }
    }

    @Test(
        "zkvm spellings are stored canonically",
        arguments: [
            ("sp1", "SP1"), ("SP1", "SP1"), ("Succinct-SP1", "SP1"), ("risc0", "RISC Zero"),
            ("RiscZero", "RISC Zero"), ("risc-zero", "RISC Zero"), ("risc zero", "RISC Zero"),
            ("R0VM", "RISC Zero"),
        ]
    )
    func zkvmSpellings(spelling: String, canonical: String) async throws {
        try await RegistryHarness.with { registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("spelling-\(spelling)")
            // The author signs the canonical name; the request may carry any accepted spelling.
            var canonicalFields = fields
            canonicalFields.zkvm = try #require(ZKVMName(spelling: canonical))
            var request = try TestRegistration.request(canonicalFields, key: key)
            request.zkvm = spelling
            let stored = try await registry.register(request, author: key.ethereumAddress.checksummedHex)
            #expect(stored.zkvm == canonical)
        }
    }

    @Test("ListPrograms pages in registration order and filters by author (any case) and zkVM")
    func listPagesAndFilters() async throws {
        try await RegistryHarness.with { registry in
            let alice = try Secp256k1.PrivateKey()
            let bob = try Secp256k1.PrivateKey()
            var expected: [[UInt8]] = []
            for index in 0..<7 {
                let key = index % 2 == 0 ? alice : bob
                let fields = TestRegistration.fields(
                    "list-\(index)", zkvm: index % 3 == 0 ? .riscZero : .sp1)
                _ = try await registry.register(TestRegistration.request(fields, key: key))
                expected.append(fields.programHash)
            }
            // All, 3 per page.
            var seen: [ProgramMetadata] = []
            var token = ""
            var pages = 0
            repeat {
                let page = try await registry.list(ListProgramsRequest(pageSize: 3, pageToken: token))
                #expect(page.programs.count <= 3)
                seen += page.programs
                token = page.nextPageToken
                pages += 1
            } while !token.isEmpty && pages < 10
            #expect(pages == 3)
            #expect(seen.map(\.programHash) == expected)
            // Default page size holds them all, with no next token.
            let all = try await registry.list(ListProgramsRequest())
            #expect(all.programs.count == 7)
            #expect(all.nextPageToken.isEmpty)
            // Author filter, given in lowercase.
            let bobs = try await registry.list(
                ListProgramsRequest(author: bob.ethereumAddress.lowercaseHex))
            #expect(bobs.programs.map(\.programHash) == [expected[1], expected[3], expected[5]])
            #expect(bobs.programs.allSatisfy { $0.author == bob.ethereumAddress.checksummedHex })
            // zkVM filter, with a non-canonical spelling.
            let risc = try await registry.list(ListProgramsRequest(zkvm: "risc0"))
            #expect(risc.programs.map(\.programHash) == [expected[0], expected[3], expected[6]])
            // Both filters, paged by 1.
            let first = try await registry.list(
                ListProgramsRequest(author: alice.ethereumAddress.checksummedHex, zkvm: "SP1", pageSize: 1)
            )
            #expect(first.programs.map(\.programHash) == [expected[2]])
            let second = try await registry.list(
                ListProgramsRequest(
                    author: alice.ethereumAddress.checksummedHex,
                    zkvm: "SP1",
                    pageSize: 1,
                    pageToken: first.nextPageToken
                )
            )
            #expect(second.programs.map(\.programHash) == [expected[4]])
        }
    }

    @Test(
        "ListPrograms rejects a bad page token, author or zkvm with INVALID_ARGUMENT",
        arguments: [
            ListProgramsRequest(pageToken: "abc"), ListProgramsRequest(pageToken: "-1"),
            ListProgramsRequest(pageToken: "0"), ListProgramsRequest(pageToken: "007"),
            ListProgramsRequest(pageToken: "99999999999999999999999"),
            ListProgramsRequest(author: "0x1234"),
            ListProgramsRequest(zkvm: "jolt"),
        ]
    )
    func listRejects(request: ListProgramsRequest) async throws {
        try await RegistryHarness.with { registry in
            let error = try await #require(throws: RPCError.self) { try await registry.list(request) }
            #expect(error.code == .invalidArgument)
        }
    }

    @Test("a second registration of a hash is ALREADY_EXISTS and the first record is unchanged")
    func duplicate() async throws {
        try await RegistryHarness.with { registry in
            let first = try Secp256k1.PrivateKey()
            let second = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("dup")
            let stored = try await registry.register(TestRegistration.request(fields, key: first))
            var other = fields
            other.description = "a different description"
            other.zkvm = .riscZero
            for key in [first, second] {
                let error = try await #require(throws: RPCError.self) {
                    try await registry.register(TestRegistration.request(other, key: key))
                }
                #expect(error.code == .alreadyExists)
                #expect(error.message.contains(first.ethereumAddress.checksummedHex))
            }
            #expect(try await registry.get(fields.programHash) == stored)
            #expect(try await registry.list(ListProgramsRequest()).programs == [stored])
        }
    }

    @Test(
        "50 concurrent registrations of one hash by different keys: exactly one succeeds, 49 ALREADY_EXISTS"
    )
    func concurrentRegistrations() async throws {
        try await RegistryHarness.with { registry in
            let keys = try (0..<50).map { _ in try Secp256k1.PrivateKey() }
            let base = TestRegistration.fields("race")
            let requests = try keys.enumerated().map { index, key in
                var fields = base
                fields.description = "racer \(index)"
                return try TestRegistration.request(fields, key: key)
            }
            let outcomes = try await withThrowingTaskGroup(of: Result<ProgramMetadata, RPCError>.self) {
                group in
                for request in requests {
                    group.addTask {
                        do {
                            return .success(try await registry.register(request))
                        } catch let error as RPCError {
                            return .failure(error)
                        }
                    }
                }
                var outcomes: [Result<ProgramMetadata, RPCError>] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let winners = outcomes.compactMap { try? $0.get() }
            let losers = outcomes.compactMap { outcome -> RPCError? in
                if case .failure(let error) = outcome { return error }
                return nil
            }
            #expect(winners.count == 1)
            #expect(losers.count == 49)
            #expect(losers.allSatisfy { $0.code == .alreadyExists })
            let winner = try #require(winners.first)
            #expect(try await registry.get(base.programHash) == winner)
            #expect(try await registry.list(ListProgramsRequest()).programs.count == 1)
        }
    }

    @Test("Health reports SERVING for zkfaas.v1.Registry")
    func health() async throws {
        try await RegistryHarness.with { registry in
            let health = try await registry.client.health()
            #expect(health.status == .serving)
            #expect(health.service == "zkfaas.v1.Registry")
        }
    }
}
