import Testing
import ZKTestSupport
import ZKCrypto

@Suite("ABIEncoder")
struct ABIEncoderTests {
    static func string(_ count: Int) -> String { String(repeating: "x", count: count) }

    static let address = try! EthereumAddress(hex: "0x52908400098527886E0F7030069857D2E4169EE7")

    /// Tuples covering every type, empty and 31/32/33-byte dynamic values, multi-byte UTF-8 and several tails.
    static let tuples: [[ABIValue]] = [
        [],
        [.uint256(0)],
        [.uint256(.max), .bool(true), .bool(false)],
        [.string("")],
        [.string(string(31))],
        [.string(string(32))],
        [.string(string(33))],
        [.bytes([])],
        [.bytes(Array(0..<64))],
        [.bytes32(Array(0..<32)), .uint256(42), .address(address), .string("héllo ✓"), .bytes([1, 2, 3])],
        [.string(""), .string(string(31)), .uint256(7), .string(string(32)), .bytes(Array(repeating: 9, count: 33))],
        [.address(address), .bytes32([UInt8](repeating: 0xff, count: 32)), .string(string(100))],
    ]

    @Test("Matches eth_abi.encode")
    func matchesEthAbi() throws {
        // Each tuple is sent as a JSON list of [type, value] pairs; bytes as hex, addresses as checksummed text.
        let script = """
            import sys, json
            from eth_abi import encode
            out = []
            for tup in json.loads(sys.stdin.read()):
                types = [t for t, _ in tup]
                values = [bytes.fromhex(v) if t in ('bytes', 'bytes32') else v for t, v in tup]
                out.append(encode(types, values).hex())
            print(json.dumps(out))
            """
        let payload = "[" + Self.tuples.map(Self.json(tuple:)).joined(separator: ",") + "]"
        let expected = try PythonOracle.json([String].self, script, stdin: Array(payload.utf8))
        try #require(expected.count == Self.tuples.count)
        for (tuple, hex) in zip(Self.tuples, expected) {
            #expect(Hex.encode(try ABIEncoder.encode(tuple)) == hex, "\(tuple.map(\.typeName))")
        }
    }

    @Test("bytes32 must be exactly 32 bytes")
    func rejectsShortBytes32() {
        for count in [0, 31, 33] {
            #expect {
                try ABIEncoder.encode([.bytes32([UInt8](repeating: 0, count: count))])
            } throws: { error in
                (error as? CryptoError)?.code == .invalidABIValue
            }
        }
    }

    static func json(tuple: [ABIValue]) -> String {
        let items = tuple.map { value -> String in
            let encoded: String
            switch value {
            case .bytes32(let bytes), .bytes(let bytes): encoded = "\"\(Hex.encode(bytes))\""
            case .uint256(let number): encoded = String(number)
            case .address(let address): encoded = "\"\(address.checksummedHex)\""
            case .bool(let flag): encoded = flag ? "true" : "false"
            case .string(let text): encoded = jsonString(text)
            }
            return "[\"\(value.typeName)\",\(encoded)]"
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    /// A JSON string literal; non-ASCII is escaped as UTF-16 `\\u` units.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5c: out += "\\\\"
            case 0x20..<0x7f: out.append(Character(Unicode.Scalar(UInt8(unit))))
            default:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16)
            }
        }
        return out + "\""
    }
}
