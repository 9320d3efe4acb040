import Testing
import ZKTestSupport
import ZKCrypto

@Suite("Ed25519")
struct Ed25519Tests {
    static let messages: [[UInt8]] = [[], Array("zk-faas".utf8), Array(0...255), [UInt8](repeating: 7, count: 1000)]

    @Test("Sign/verify round trip; tampering with message, signature or key fails")
    func roundTrip() throws {
        let key = try Ed25519.PrivateKey()
        for message in Self.messages {
            let signature = try key.signature(for: message)
            #expect(signature.count == Ed25519.signatureByteCount)
            #expect(key.publicKey.isValidSignature(signature, for: message))
            #expect(try key.signature(for: message) == signature, "Ed25519 is deterministic")

            #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
            if !message.isEmpty {
                var tampered = message
                tampered[tampered.count / 2] ^= 0x80
                #expect(!key.publicKey.isValidSignature(signature, for: tampered))
            }
            var badSignature = signature
            badSignature[10] ^= 0x01
            #expect(!key.publicKey.isValidSignature(badSignature, for: message))
            #expect(!key.publicKey.isValidSignature(signature.dropLast(), for: message))
            #expect(!(try Ed25519.PrivateKey()).publicKey.isValidSignature(signature, for: message))
        }
    }

    @Test("Raw private and public keys round-trip")
    func rawKeys() throws {
        let key = try Ed25519.PrivateKey()
        let imported = try Ed25519.PrivateKey(rawRepresentation: key.rawRepresentation)
        #expect(imported.rawRepresentation == key.rawRepresentation)
        #expect(imported.publicKey == key.publicKey)
        let publicKey = try Ed25519.PublicKey(rawRepresentation: key.publicKey.rawRepresentation)
        let signature = try imported.signature(for: Array("x".utf8))
        #expect(publicKey.isValidSignature(signature, for: Array("x".utf8)))
        #expect(throws: CryptoError.self) {
            try Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
        #expect(throws: CryptoError.self) { try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 33)) }
    }

    @Test("Cross-check with pycryptodome in both directions")
    func pycryptodome() throws {
        let key = try Ed25519.PrivateKey()
        let swiftSignatures = try Self.messages.map { try key.signature(for: $0) }
        let script = """
            import sys, json
            from Crypto.PublicKey import ECC
            from Crypto.Signature import eddsa
            seed = bytes.fromhex(sys.argv[1])
            key = eddsa.import_private_key(seed)
            pairs = sys.argv[2:]
            signatures, verified = [], []
            for m, s in zip(pairs[0::2], pairs[1::2]):
                msg = bytes.fromhex(m)
                signatures.append(eddsa.new(key, 'rfc8032').sign(msg).hex())
                try:
                    eddsa.new(eddsa.import_public_key(key.public_key().export_key(format='raw')), 'rfc8032') \\
                        .verify(msg, bytes.fromhex(s))
                    verified.append(True)
                except ValueError:
                    verified.append(False)
            print(json.dumps({"publicKey": key.public_key().export_key(format='raw').hex(),
                              "signatures": signatures, "verified": verified}))
            """
        struct Answer: Decodable {
            var publicKey: String
            var signatures: [String]
            var verified: [Bool]
        }
        let arguments = zip(Self.messages, swiftSignatures).flatMap { [Hex.encode($0), Hex.encode($1)] }
        let answer = try PythonOracle.json(
            Answer.self,
            script,
            arguments: [Hex.encode(key.rawRepresentation)] + arguments
        )
        #expect(answer.publicKey == Hex.encode(key.publicKey.rawRepresentation))
        #expect(answer.verified == Array(repeating: true, count: Self.messages.count), "Python verifies Swift")
        try #require(answer.signatures.count == Self.messages.count)
        for (message, pythonSignature) in zip(Self.messages, answer.signatures) {
            let signature = try Hex.decode(pythonSignature)
            #expect(key.publicKey.isValidSignature(signature, for: message), "Swift verifies Python")
        }
        // Ed25519 is deterministic, so both implementations must produce identical bytes.
        #expect(answer.signatures == swiftSignatures.map { Hex.encode($0) })
    }
}
