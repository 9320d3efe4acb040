import Foundation
import Testing
import ZKCrypto
import ZKTestSupport

@Suite("RSAPrivateKey")
struct RSAPrivateKeyTests {
    /// The components of an RSA key, as even-length hex.
    struct Components: Decodable, Sendable {
        var n: String
        var e: String
        var d: String
        var p: String
        var q: String
        var dp: String
        var dq: String
        var qi: String
    }

    /// A 2048-bit key pycryptodome generates once per test run; the CRT values are RFC 8017's (`qi = q⁻¹ mod p`,
    /// not pycryptodome's `u = p⁻¹ mod q`).
    static let generated = Result { () throws -> Components in
        try PythonOracle.json(
            Components.self,
            """
            import json
            from Crypto.PublicKey import RSA
            k = RSA.generate(2048)
            h = lambda x: x.to_bytes((x.bit_length() + 7) // 8, "big").hex()
            print(json.dumps({"n": h(k.n), "e": h(k.e), "d": h(k.d), "p": h(k.p), "q": h(k.q),
                              "dp": h(k.d % (k.p - 1)), "dq": h(k.d % (k.q - 1)), "qi": h(pow(k.q, -1, k.p))}))
            """
        )
    }

    static func makeKey(_ c: Components) throws -> RSAPrivateKey {
        try RSAPrivateKey(
            modulus: Hex.decode(c.n),
            publicExponent: Hex.decode(c.e),
            privateExponent: Hex.decode(c.d),
            prime1: Hex.decode(c.p),
            prime2: Hex.decode(c.q),
            exponent1: Hex.decode(c.dp),
            exponent2: Hex.decode(c.dq),
            coefficient: Hex.decode(c.qi)
        )
    }

    /// pycryptodome's RSASSA-PSS verdict (SHA-256, MGF1-SHA-256) for each `(message, signature, saltLength)`.
    static func pycryptodomeVerifies(
        modulus: String,
        exponent: String,
        _ cases: [(message: [UInt8], signature: [UInt8], saltLength: Int)]
    ) throws -> [Bool] {
        let script = """
            import sys, json
            from Crypto.PublicKey import RSA
            from Crypto.Signature import pss
            from Crypto.Hash import SHA256
            key = RSA.construct((int(sys.argv[1], 16), int(sys.argv[2], 16)))
            args = sys.argv[3:]
            out = []
            for m, s, salt in zip(args[0::3], args[1::3], args[2::3]):
                try:
                    pss.new(key, salt_bytes=int(salt)).verify(SHA256.new(bytes.fromhex(m)), bytes.fromhex(s))
                    out.append(True)
                except ValueError:
                    out.append(False)
            print(json.dumps(out))
            """
        let arguments = cases.flatMap { [Hex.encode($0.message), Hex.encode($0.signature), String($0.saltLength)] }
        return try PythonOracle.json([Bool].self, script, arguments: [modulus, exponent] + arguments)
    }

    @Test("pycryptodome verifies the RSASSA-PSS signatures and rejects flipped bits")
    func signaturesVerifyWithPycryptodome() throws {
        let components = try Self.generated.get()
        let key = try Self.makeKey(components)
        #expect(Hex.encode(key.modulus) == components.n)
        #expect(key.bitCount == 2048)

        let messages: [[UInt8]] = [[], Array("hello".utf8), Keccak256Tests.pattern(count: 10_000)]
        // 32 is Arweave's salt; 0 and 222 (= 256 − 32 − 2) are the bounds for a 2048-bit key.
        var cases: [(message: [UInt8], signature: [UInt8], saltLength: Int)] = []
        var expected: [Bool] = []
        for message in messages {
            for saltLength in [32, 0, 222] {
                let signature = try key.signPSSSHA256(message, saltLength: saltLength)
                #expect(signature.count == key.modulus.count)
                var flipped = signature
                flipped[signature.count / 2] ^= 0x10
                cases += [(message, signature, saltLength), (message, flipped, saltLength)]
                expected += [true, false]
            }
        }
        let verdicts = try Self.pycryptodomeVerifies(modulus: components.n, exponent: components.e, cases)
        #expect(verdicts == expected)

        let first = try key.signPSSSHA256(messages[1], saltLength: 32)
        let second = try key.signPSSSHA256(messages[1], saltLength: 32)
        #expect(first != second, "a random salt makes every signature different")
    }

    @Test("A salt longer than the encoding allows is rejected")
    func saltTooLong() throws {
        let key = try Self.makeKey(Self.generated.get())
        for saltLength in [223, -1] {
            let error = #expect(throws: CryptoError.self) { try key.signPSSSHA256([1, 2, 3], saltLength: saltLength) }
            #expect(error?.code == .invalidLength)
        }
    }

    @Test(
        "Inconsistent components fail the pairwise check",
        arguments: ["wrong d", "swapped primes", "wrong qi", "wrong dp", "wrong n"]
    )
    func inconsistentComponents(change: String) throws {
        var c = try Self.generated.get()
        /// `hex` plus 2 (keeps odd numbers odd), as even-length hex.
        func plusTwo(_ hex: String) throws -> String {
            var bytes = try Hex.decode(hex)
            var index = bytes.count - 1
            var carry = 2
            while carry > 0, index >= 0 {
                let sum = Int(bytes[index]) + carry
                bytes[index] = UInt8(sum & 0xff)
                carry = sum >> 8
                index -= 1
            }
            if carry > 0 { bytes.insert(UInt8(carry), at: 0) }
            return Hex.encode(bytes)
        }
        switch change {
        case "wrong d": c.d = try plusTwo(c.d)
        case "swapped primes": (c.p, c.q) = (c.q, c.p)
        case "wrong qi": c.qi = try plusTwo(c.qi)
        case "wrong dp": c.dp = try plusTwo(c.dp)
        default: c.n = try plusTwo(c.n)
        }
        let error = #expect(throws: CryptoError.self) { try Self.makeKey(c) }
        #expect(error?.code == .inconsistentKeyPair, "\(String(describing: error))")
    }

    @Test("A zero component is rejected before OpenSSL sees it")
    func zeroComponent() throws {
        var c = try Self.generated.get()
        c.d = "0000"
        let error = #expect(throws: CryptoError.self) { try Self.makeKey(c) }
        #expect(error?.code == .invalidPrivateKey)
    }
}
