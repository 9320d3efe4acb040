import Testing
import ZKCrypto
import ZKProto
@testable import ZKRouterService

@Suite("Proof cache key")
struct ProofCacheKeyTests {
    static func key(
        _ publicInputs: [[UInt8]],
        _ privateInputs: [[UInt8]] = [],
        backend: String = "auto",
        mode: ProofMode = .dev,
        version: String = "v5",
        tenant: String? = nil
    ) -> ProofCacheKey {
        ProofCacheKey(
            programHash: Array(repeating: 7, count: 32),
            publicInputs: publicInputs,
            privateInputs: privateInputs,
            backend: backend,
            mode: mode,
            zkvmVersion: version,
            tenant: tenant
        )
    }

    @Test("inputs that concatenate to the same bytes get different keys")
    func noConcatenationCollision() {
        #expect(Self.key([Array("ab".utf8), Array("c".utf8)]) != Self.key([Array("a".utf8), Array("bc".utf8)]))
        #expect(Self.key([Array("abc".utf8)]) != Self.key([Array("ab".utf8), Array("c".utf8)]))
        #expect(Self.key([[]]) != Self.key([]))
    }

    @Test("moving an input between public and private changes the key")
    func publicPrivateBoundary() {
        #expect(Self.key([[1], [2]], []) != Self.key([[1]], [[2]]))
    }

    @Test("backend, mode and zkvm version are part of the key")
    func otherFields() {
        let base = Self.key([[1]])
        #expect(base != Self.key([[1]], backend: "local"))
        #expect(base != Self.key([[1]], mode: .groth16))
        #expect(base != Self.key([[1]], version: "v6"))
        #expect(base == Self.key([[1]]))
    }

    @Test("the key is SHA-256 of the documented encoding")
    func documentedEncoding() {
        var encoding = Array("zkfaas.v1.proof-cache-key".utf8)
        func number(_ value: UInt64) { withUnsafeBytes(of: value.bigEndian) { encoding += $0 } }
        func field(_ bytes: [UInt8]) {
            number(UInt64(bytes.count))
            encoding += bytes
        }
        field(Array(repeating: 7, count: 32))
        number(1); field([1, 2])
        number(1); field([3])
        field(Array("auto".utf8))
        number(1)
        field(Array("v5".utf8))
        #expect(Self.key([[1, 2]], [[3]]).base.bytes == SHA256.hash(encoding))
    }

    @Test("with private inputs the key is per tenant, derived from the base key; public-only keys are shared")
    func perTenant() {
        let a = Self.key([[1]], [[42]], tenant: "a")
        let b = Self.key([[1]], [[42]], tenant: "b")
        #expect(a != b && a.base == b.base && a.isPerTenant)
        // The base key (what a `c-` id names) is never where a private request's record is stored.
        #expect(a.bytes != a.base && ProofCacheKey(bytes: a.base) != a)
        #expect(ProofCacheKey(base: a.base, tenant: "a") == a)
        // Open mode (no key) has its own scope, apart from every key.
        #expect(Self.key([[1]], [[42]], tenant: nil) != a)
        // Public-only: one key for everyone.
        let shared = Self.key([[1]], tenant: "a")
        #expect(shared == Self.key([[1]], tenant: "b") && !shared.isPerTenant && shared.bytes == shared.base)

        var encoding = Array("zkfaas.v1.proof-cache-key.tenant".utf8)
        func field(_ bytes: [UInt8]) {
            withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { encoding += $0 }
            encoding += bytes
        }
        field(a.base.bytes)
        field(Array("a".utf8))
        #expect(a.bytes.bytes == SHA256.hash(encoding))
    }
}
