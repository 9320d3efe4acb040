import Testing
import ZKTestSupport
import ZKCrypto

@Suite("EthereumMessage")
struct EthereumMessageTests {
    @Test("personalMessageHash matches eth-account's EIP-191 (0x45) hash")
    func matchesEthAccount() throws {
        // Lengths around digit-count changes (9/10, 99/100) exercise the decimal length prefix.
        let messages: [[UInt8]] =
            [[], [0], Array("hello".utf8)]
            + [9, 10, 99, 100, 1000].map {
                [UInt8](repeating: 0x61, count: $0)
            }
        let script = """
            import sys
            from eth_account.messages import encode_defunct, _hash_eip191_message
            print("\\n".join(_hash_eip191_message(encode_defunct(primitive=bytes.fromhex(m))).hex()
                             for m in sys.argv[1:]))
            """
        let expected = try PythonOracle.run(script, arguments: messages.map { Hex.encode($0) })
        #expect(
            messages.map { Hex.encode(EthereumMessage.personalMessageHash($0)) }.joined(separator: "\n") == expected)
    }

    @Test("String and byte forms agree and differ from a bare keccak")
    func stringForm() {
        let text = "ZK-FaaS ✓"
        #expect(EthereumMessage.personalMessageHash(text) == EthereumMessage.personalMessageHash(Array(text.utf8)))
        #expect(EthereumMessage.personalMessageHash(text) != Keccak256.hash(Array(text.utf8)))
    }
}
