import Testing
import ZKCrypto
import ZKProto
import ZKRPC
import ZKRegistryService

@Suite("Registry: registration signatures")
struct RegistrySignatureTests {
    /// secp256k1 group order n, big-endian.
    private static let order: [UInt8] = try! Hex.decode(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

    @Test(
        "the Swift digest equals eth_abi + keccak computed in Python",
        arguments: [
            TestRegistration.fields("oracle-1"),
            TestRegistration.fields("oracle-2", zkvm: .riscZero, description: "", vkHash: true),
            TestRegistration.fields(
                "oracle-3",
                description: "ünïcødé ✓ — \"quoted\"\nnew line " + String(repeating: "x", count: 200)
            ),
        ]
    )
    func digestMatchesPython(fields: RegistrationFields) throws {
        let answer = try EthAccountOracle.sign(fields)
        #expect(Hex.encode(try fields.digest()) == answer.digest)
        // Our own signer over the same fields recovers to our key; eth-account's recovers to its key.
        let signature = try Hex.decode(answer.signature)
        #expect(try fields.recoverAuthor(signature: signature).checksummedHex == answer.address)
    }

    @Test(
        "a registration signed by eth-account is accepted and its author is Account.from_key(k).address"
    )
    func ethAccountSignatureAccepted() async throws {
        try await RegistryHarness.with { registry in
            for (index, zkvm) in [ZKVMName.sp1, .riscZero].enumerated() {
                let fields = TestRegistration.fields("eth-account-\(index)", zkvm: zkvm, vkHash: index == 1)
                let answer = try EthAccountOracle.sign(fields)
                let request = fields.request(signature: try Hex.decode(answer.signature))
                let stored = try await registry.register(request, author: answer.address)
                #expect(stored.author == answer.address)
                // The same key in Swift yields the same author.
                let key = try Secp256k1.PrivateKey(rawRepresentation: try Hex.decode(answer.key))
                #expect(key.ethereumAddress.checksummedHex == answer.address)
            }
        }
    }

    @Test("a missing or wrong-length signature is UNAUTHENTICATED", arguments: [0, 64, 66])
    func missingOrWrongLength(length: Int) async throws {
        try await RegistryHarness.with { registry in
            let fields = TestRegistration.fields("length-\(length)")
            let request = fields.request(signature: [UInt8](repeating: 1, count: length))
            let error = try await #require(throws: RPCError.self) { try await registry.register(request) }
            #expect(error.code == .unauthenticated)
            #expect(try await registry.list(ListProgramsRequest()).programs.isEmpty)
        }
    }

    @Test("forged signatures (random 65 bytes) are UNAUTHENTICATED against a claimed author")
    func forged() async throws {
        try await RegistryHarness.with { registry in
            let key = try Secp256k1.PrivateKey()
            for attempt in 0..<8 {
                let fields = TestRegistration.fields("forged-\(attempt)")
                var forged = (0..<65).map { _ in UInt8.random(in: 0...255) }
                forged[32] &= 0x7f  // keep s low so the error is not just "high s"
                forged[64] = attempt % 2 == 0 ? 27 : UInt8.random(in: 0...255)
                let error = try await #require(throws: RPCError.self) {
                    try await registry.register(
                        fields.request(signature: forged),
                        author: key.ethereumAddress.checksummedHex
                    )
                }
                #expect(error.code == .unauthenticated)
            }
            #expect(try await registry.list(ListProgramsRequest()).programs.isEmpty)
        }
    }

    @Test("a high-s signature (the malleable twin of a valid one) is UNAUTHENTICATED")
    func highS() async throws {
        try await RegistryHarness.with { registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("high-s")
            let signature = try fields.sign(with: key)
            var twin = signature
            twin.replaceSubrange(32..<64, with: Self.subtract(Self.order, Array(signature[32..<64])))
            twin[64] = signature[64] == 27 ? 28 : 27
            let error = try await #require(throws: RPCError.self) {
                try await registry.register(fields.request(signature: twin))
            }
            #expect(error.code == .unauthenticated)
            // The low-s original is accepted.
            let stored = try await registry.register(fields.request(signature: signature))
            #expect(stored.author == key.ethereumAddress.checksummedHex)
        }
    }

    @Test(
        "a signature over different fields is UNAUTHENTICATED when the author is claimed; nothing is stored"
    )
    func mismatched() async throws {
        try await RegistryHarness.with { registry in
            let key = try Secp256k1.PrivateKey()
            let signed = TestRegistration.fields("mismatch")
            let signature = try signed.sign(with: key)
            var mutations: [RegistrationFields] = []
            var changed = signed
            changed.description += "!"
            mutations.append(changed)
            changed = signed
            changed.zkvm = .riscZero
            mutations.append(changed)
            changed = signed
            changed.zkvmVersion = "v5.2.5"
            mutations.append(changed)
            changed = signed
            changed.vkHash = SHA256.hash([9])
            mutations.append(changed)
            changed = signed
            changed.elfHash = SHA256.hash([8])
            mutations.append(changed)
            for fields in mutations {
                let error = try await #require(throws: RPCError.self) {
                    try await registry.register(
                        fields.request(signature: signature),
                        author: key.ethereumAddress.lowercaseHex
                    )
                }
                #expect(error.code == .unauthenticated)
            }
            #expect(try await registry.list(ListProgramsRequest()).programs.isEmpty)
            // Without a claim the server cannot tell: the recovered address is some other, keyless account.
            let stored = try await registry.register(mutations[0].request(signature: signature))
            #expect(stored.author != key.ethereumAddress.checksummedHex)
        }
    }

    @Test(
        "a claimed author in any case is accepted when it matches; a malformed claim is INVALID_ARGUMENT"
    )
    func claimCase() async throws {
        try await RegistryHarness.with { registry in
            let key = try Secp256k1.PrivateKey()
            let fields = TestRegistration.fields("claim-case")
            let request = try TestRegistration.request(fields, key: key)
            let malformed = try await #require(throws: RPCError.self) {
                try await registry.register(request, author: "0xnot-an-address")
            }
            #expect(malformed.code == .invalidArgument)
            let upper = "0x" + key.ethereumAddress.lowercaseHex.dropFirst(2).uppercased()
            let stored = try await registry.register(request, author: upper)
            #expect(stored.author == key.ethereumAddress.checksummedHex)
        }
    }

    /// a − b for 32-byte big-endian numbers, a ≥ b.
    private static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in (0..<32).reversed() {
            var value = Int(a[index]) - Int(b[index]) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            out[index] = UInt8(value)
        }
        return out
    }
}
