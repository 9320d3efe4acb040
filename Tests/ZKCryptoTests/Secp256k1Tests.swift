import Foundation
import Testing
import ZKTestSupport
import ZKCrypto

@Suite("Secp256k1")
struct Secp256k1Tests {
    /// The group order n (a curve constant, not an expected result).
    static let order = try! Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

    /// eth-account's documented example key, plus a fresh random one per run.
    static let knownKey = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"

    static let messages: [[UInt8]] = [
        [],
        Array("hello".utf8),
        Array("ZK-FaaS result 0x1234 — ünïcødé".utf8),
        [UInt8](repeating: 0xab, count: 200),
        Array(0...255),
    ]

    struct EthAccountSignature: Decodable {
        var address: String
        var messageHash: String
        var signature: String
    }

    /// eth-account signs every message of `messages` with `keyHex`.
    static func ethAccountSign(keyHex: String, messages: [[UInt8]]) throws -> [EthAccountSignature] {
        let script = """
            import sys, json
            from eth_account import Account
            from eth_account.messages import encode_defunct
            key = bytes.fromhex(sys.argv[1])
            out = []
            for m in sys.argv[2:]:
                signed = Account.sign_message(encode_defunct(primitive=bytes.fromhex(m)), key)
                out.append({"address": Account.from_key(key).address,
                            "messageHash": signed.message_hash.hex(),
                            "signature": signed.signature.hex()})
            print(json.dumps(out))
            """
        return try PythonOracle.json(
            [EthAccountSignature].self,
            script,
            arguments: [keyHex] + messages.map { Hex.encode($0) }
        )
    }

    @Test("Swift recovers eth-account's signer address and computes the same message hash")
    func recoversEthAccountSignatures() throws {
        for keyHex in [Self.knownKey, Hex.encode(try Secp256k1.PrivateKey().rawRepresentation)] {
            let results = try Self.ethAccountSign(keyHex: keyHex, messages: Self.messages)
            try #require(results.count == Self.messages.count)
            let key = try Secp256k1.PrivateKey(rawRepresentation: Hex.decode(keyHex))
            for (message, result) in zip(Self.messages, results) {
                let digest = EthereumMessage.personalMessageHash(message)
                #expect(Hex.encode(digest) == result.messageHash.replacingOccurrences(of: "0x", with: ""))
                let address = try Secp256k1.recoverAddress(digest: digest, signature: Hex.decode(result.signature))
                #expect(address.checksummedHex == result.address)
                #expect(key.ethereumAddress.checksummedHex == result.address, "EIP-55 form must match eth-account")
            }
        }
    }

    @Test("eth-account recovers Swift's signatures to the key's address")
    func ethAccountRecoversSwiftSignatures() throws {
        let key = try Secp256k1.PrivateKey(rawRepresentation: Hex.decode(Self.knownKey))
        let signatures = try Self.messages.map { message in
            try key.sign(digest: EthereumMessage.personalMessageHash(message)).rawRepresentation
        }
        let script = """
            import sys, json
            from eth_account import Account
            from eth_account.messages import encode_defunct
            args = sys.argv[2:]
            recovered = [Account.recover_message(encode_defunct(primitive=bytes.fromhex(m)),
                                                 signature=bytes.fromhex(s))
                         for m, s in zip(args[0::2], args[1::2])]
            print(json.dumps({"expected": Account.from_key(bytes.fromhex(sys.argv[1])).address,
                              "recovered": recovered}))
            """
        struct Answer: Decodable {
            var expected: String
            var recovered: [String]
        }
        let arguments = zip(Self.messages, signatures).flatMap { [Hex.encode($0), Hex.encode($1)] }
        let answer = try PythonOracle.json(Answer.self, script, arguments: [Self.knownKey] + arguments)
        #expect(answer.recovered == Array(repeating: answer.expected, count: Self.messages.count))
        #expect(key.ethereumAddress.checksummedHex == answer.expected)
    }

    @Test("Signatures are low-s with v of 27 or 28 and recover locally")
    func signaturesAreCanonical() throws {
        let key = try Secp256k1.PrivateKey()
        let halfOrder = Self.halfOrder()
        var seenV: Set<UInt8> = []
        for index in 0..<40 {
            let digest = Keccak256.hash(Array("message \(index)".utf8))
            let signature = try key.sign(digest: digest)
            #expect(signature.s.lexicographicallyPrecedes(halfOrder) || signature.s == halfOrder)
            #expect(signature.v == 27 || signature.v == 28)
            seenV.insert(signature.v)
            #expect(try Secp256k1.recoverPublicKey(digest: digest, signature: signature) == key.publicKey)
            #expect(key.publicKey.isValidSignature(signature, for: digest))
        }
        // Both parities must occur over 40 random signatures (fails with probability 2⁻³⁹).
        #expect(seenV == [27, 28])
    }

    @Test("v may be given as 0/1 instead of 27/28")
    func acceptsZeroBasedV() throws {
        let key = try Secp256k1.PrivateKey()
        let digest = Keccak256.hash(Array("v".utf8))
        var raw = try key.sign(digest: digest).rawRepresentation
        raw[64] -= 27
        #expect(try Secp256k1.recoverAddress(digest: digest, signature: raw) == key.ethereumAddress)
    }

    @Test("A tampered digest recovers a different address")
    func tamperedDigest() throws {
        let key = try Secp256k1.PrivateKey()
        var digest = EthereumMessage.personalMessageHash("payload")
        let signature = try key.sign(digest: digest).rawRepresentation
        digest[7] ^= 0x01
        // Either a different key comes out or (rarely) none at all; never the signer.
        let recovered = try? Secp256k1.recoverAddress(digest: digest, signature: signature)
        #expect(recovered != nil)
        #expect(recovered != key.ethereumAddress)
    }

    @Test("Malformed signatures are rejected with coded errors")
    func rejectsMalformedSignatures() throws {
        let key = try Secp256k1.PrivateKey()
        let digest = Keccak256.hash(Array("reject".utf8))
        let good = try key.sign(digest: digest)

        // High s: (r, n − s) with the flipped recovery id is mathematically valid but forbidden by EIP-2.
        let highS = try Self.highSTwin(of: good)
        Self.expectError(.signatureHighS) { try Secp256k1.recoverPublicKey(digest: digest, signature: highS) }

        let zero = [UInt8](repeating: 0, count: 32)
        Self.expectError(.invalidSignature) {
            try Secp256k1.recoverPublicKey(digest: digest, signature: zero + good.s + [good.v])
        }
        Self.expectError(.invalidSignature) {
            try Secp256k1.recoverPublicKey(digest: digest, signature: good.r + zero + [good.v])
        }
        Self.expectError(.invalidSignature) {
            try Secp256k1.recoverPublicKey(digest: digest, signature: Self.order + good.s + [good.v])
        }
        Self.expectError(.invalidSignature) {
            try Secp256k1.recoverPublicKey(digest: digest, signature: good.r + Self.order + [good.v])
        }
        for v: UInt8 in [2, 26, 29, 35, 255] {
            Self.expectError(.invalidRecoveryID) {
                try Secp256k1.recoverPublicKey(digest: digest, signature: good.r + good.s + [v])
            }
        }
        Self.expectError(.invalidLength) {
            try Secp256k1.recoverPublicKey(digest: digest, signature: good.rawRepresentation.dropLast())
        }
        Self.expectError(.invalidLength) {
            try Secp256k1.recoverPublicKey(digest: digest.dropLast(), signature: good.rawRepresentation)
        }
    }

    @Test("The rejected high-s twin is a valid signature: eth-keys (no EIP-2 rule) recovers the signer from it")
    func highSTwinIsValidForEthKeys() throws {
        let key = try Secp256k1.PrivateKey()
        let digest = Keccak256.hash(Array("twin".utf8))
        let twin = try Self.highSTwin(of: key.sign(digest: digest))
        let script = """
            import sys
            from eth_keys import keys
            sig = bytes.fromhex(sys.argv[2])
            print(keys.Signature(sig[:64] + bytes([sig[64] - 27])).recover_public_key_from_msg_hash(
                bytes.fromhex(sys.argv[1])).to_checksum_address())
            """
        let address = try PythonOracle.run(script, arguments: [Hex.encode(digest), Hex.encode(twin.rawRepresentation)])
        #expect(address == key.ethereumAddress.checksummedHex)
        Self.expectError(.signatureHighS) { try Secp256k1.recoverPublicKey(digest: digest, signature: twin) }
    }

    @Test("Private keys round-trip raw bytes; zero and n are rejected")
    func privateKeyImportExport() throws {
        let raw = try Hex.decode(Self.knownKey)
        let key = try Secp256k1.PrivateKey(rawRepresentation: raw)
        #expect(key.rawRepresentation == raw)
        #expect(key.publicKey.uncompressedRepresentation.count == 65)
        #expect(key.publicKey.uncompressedRepresentation.first == 0x04)
        #expect(try Secp256k1.PublicKey(sec1Representation: key.publicKey.uncompressedRepresentation) == key.publicKey)

        let generated = try Secp256k1.PrivateKey()
        #expect(
            try Secp256k1.PrivateKey(rawRepresentation: generated.rawRepresentation).publicKey == generated.publicKey)
        #expect(generated.rawRepresentation != raw)

        Self.expectError(.invalidPrivateKey) {
            try Secp256k1.PrivateKey(rawRepresentation: [UInt8](repeating: 0, count: 32))
        }
        Self.expectError(.invalidPrivateKey) { try Secp256k1.PrivateKey(rawRepresentation: Self.order) }
        Self.expectError(.invalidLength) { try Secp256k1.PrivateKey(rawRepresentation: raw.dropFirst()) }
        Self.expectError(.invalidPublicKey) {
            try Secp256k1.PublicKey(sec1Representation: [0x04] + [UInt8](repeating: 1, count: 64))
        }
    }

    @Test("Concurrent signing and recovery on a shared key")
    func concurrentUse() async throws {
        let key = try Secp256k1.PrivateKey()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let digest = Keccak256.hash(Array("task \(index)".utf8))
                    let signature = try key.sign(digest: digest)
                    return try Secp256k1.recoverPublicKey(digest: digest, signature: signature) == key.publicKey
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    // MARK: Helpers

    static func expectError<T>(
        _ code: CryptoError.Code,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> T
    ) {
        do {
            _ = try body()
            Issue.record("expected CryptoError \(code), got success", sourceLocation: sourceLocation)
        } catch let error as CryptoError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected CryptoError \(code), got \(error)", sourceLocation: sourceLocation)
        }
    }

    /// (r, n − s) with the other recovery id: the same signature in its high-s form.
    static func highSTwin(of signature: Secp256k1.RecoverableSignature) throws -> Secp256k1.RecoverableSignature {
        try Secp256k1.RecoverableSignature(
            r: signature.r, s: subtract(order, signature.s), v: signature.v == 27 ? 28 : 27)
    }

    /// a − b for 32-byte big-endian numbers with a ≥ b.
    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in stride(from: 31, through: 0, by: -1) {
            var value = Int(a[index]) - Int(b[index]) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            out[index] = UInt8(value)
        }
        return out
    }

    /// ⌊n / 2⌋ as 32 big-endian bytes.
    static func halfOrder() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var carry: UInt8 = 0
        for index in 0..<32 {
            out[index] = (order[index] >> 1) | (carry << 7)
            carry = order[index] & 1
        }
        return out
    }
}
