import Testing
import ZKTestSupport

@testable import ZKContent

@Suite("CID")
struct CIDTests {
    @Test("raw CIDv1 of small inputs equals aleph-cid's", arguments: [0, 1, 5, 1024])
    func rawCIDMatchesOracle(size: Int) throws {
        let bytes = DeterministicBytes.make(count: size, seed: UInt64(size) + 7)
        let expected = try PythonOracle.alephCIDv1(of: bytes)
        let cid = CID.sha256(codec: .raw, of: bytes)
        #expect(cid.description == expected)
        #expect(try CID(expected) == cid)
        #expect(cid.bytes.count == 36)
        #expect(try CID(bytes: cid.bytes) == cid)
    }

    @Test("CIDv0 strings parse, format and convert to CIDv1 (checked with Python's base32)")
    func cidV0() throws {
        let v0Text = try PythonOracle.run("import aleph_cid; print(aleph_cid.compute_cid(b'hello zk-faas\\n'))")
        let cid = try CID(v0Text)
        #expect(cid.version == .v0)
        #expect(cid.codec == .dagPB)
        #expect(cid.description == v0Text)
        #expect(cid.bytes.count == 34)
        let expectedV1 = try PythonOracle.run(
            """
            import base64, sys
            def b58(t):
                a = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
                n = 0
                for c in t: n = n * 58 + a.index(c)
                return n.to_bytes(34, 'big')
            mh = b58(sys.argv[1])
            print('b' + base64.b32encode(bytes([1, 0x70]) + mh).decode().lower().rstrip('='))
            """,
            arguments: [v0Text]
        )
        #expect(cid.v1.description == expectedV1)
        #expect(try CID(expectedV1).multihash == cid.multihash)
    }

    @Test("base58btc and base36 forms decode to the same CID (encodings computed by Python)")
    func otherBases() throws {
        let cid = CID.sha256(codec: .dagPB, of: Array("zk".utf8))
        let hex = cid.bytes.map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }
        let lines = try PythonOracle.run(
            """
            import sys
            data = bytes.fromhex(sys.argv[1])
            def enc(alpha):
                n = int.from_bytes(data, 'big'); out = ''
                while n: n, r = divmod(n, len(alpha)); out = alpha[r] + out
                return alpha[0] * (len(data) - len(data.lstrip(b'\\0'))) + out
            print('z' + enc('123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'))
            print('k' + enc('0123456789abcdefghijklmnopqrstuvwxyz'))
            """,
            arguments: [hex.joined()]
        ).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(try CID(lines[0]) == cid)
        #expect(try CID(lines[1]) == cid)
        #expect(cid.string(base: .base58btc) == lines[0])
        #expect(cid.string(base: .base36) == lines[1])
    }

    static let badStrings: [(String, ContentError.Code)] = [
        ("", .invalidCID),
        ("QmShort", .invalidCID),
        ("Qm" + String(repeating: "0", count: 44), .invalidEncoding),  // '0' is not base58
        ("xafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", .unsupportedMultibase),
        ("BAFKREIHDWDCEFGH4DQKJV67UZCMW7OJEE6XEDZDETOJUZJEVTENXQUVYKU", .unsupportedMultibase),
        ("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyk!", .invalidEncoding),
        ("b" + Base32.encode([0x01, 0x55, 0x12, 0x20] + [UInt8](repeating: 1, count: 31)), .truncated),
        ("b" + Base32.encode([0x02, 0x55, 0x12, 0x20] + [UInt8](repeating: 1, count: 32)), .invalidCID),
        ("b" + Base32.encode([0x01, 0x99, 0x01, 0x12, 0x20] + [UInt8](repeating: 1, count: 32)), .unsupportedCodec),
        ("b" + Base32.encode([0x01, 0x55, 0x11, 0x14] + [UInt8](repeating: 1, count: 20)), .unsupportedMultihash),
        ("b" + Base32.encode([0x01, 0x55, 0x12, 0x10] + [UInt8](repeating: 1, count: 16)), .invalidDigestLength),
        ("b" + Base32.encode([0x01] + [UInt8](repeating: 0xFF, count: 10) + [0x01]), .varintOverflow),
        ("b" + Base32.encode([0x01, 0x55, 0x12, 0x20] + [UInt8](repeating: 1, count: 33)), .invalidCID),  // trailing
        ("z" + String(repeating: "1", count: 600), .invalidCID),
    ]

    @Test("validate explains what is wrong", arguments: badStrings)
    func validateRejects(text: String, code: ContentError.Code) {
        do {
            try CID.validate(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == code, "\(text): \(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test("identity multihash CIDs parse and match their inline data")
    func identity() throws {
        let payload = Array("inline".utf8)
        let bytes: [UInt8] = [0x01, 0x55, 0x00, UInt8(payload.count)] + payload
        let cid = try CID("b" + Base32.encode(bytes))
        #expect(cid.multihash.code == Multihash.identityCode)
        #expect(cid.matches(payload))
        #expect(!cid.matches(Array("other!".utf8)))
    }
}
