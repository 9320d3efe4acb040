import Testing
import ZKTestSupport
import ZKCrypto

@Suite("EthereumAddress")
struct EthereumAddressTests {
    /// The EIP-55 specification's own examples.
    @Test(arguments: [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55Vectors(checksummed: String) throws {
        let address = try EthereumAddress(hex: checksummed.lowercased())
        #expect(address.checksummedHex == checksummed)
        #expect(address.description == checksummed)
        #expect(try EthereumAddress(hex: checksummed) == address)
        #expect(try EthereumAddress(hex: "0x" + checksummed.dropFirst(2).uppercased()) == address)
    }

    @Test("Checksums match eth-utils for random addresses")
    func matchesEthUtils() throws {
        let addresses = (0..<20).map { index in
            try! EthereumAddress(rawRepresentation: Keccak256.hash(Array("address \(index)".utf8)).prefix(20))
        }
        let script = """
            import sys
            from eth_utils import to_checksum_address
            print("\\n".join(to_checksum_address(a) for a in sys.argv[1:]))
            """
        let expected = try PythonOracle.run(script, arguments: addresses.map(\.lowercaseHex))
        #expect(addresses.map(\.checksummedHex).joined(separator: "\n") == expected)
    }

    @Test("Public key → address matches eth-keys")
    func addressFromPublicKey() throws {
        let key = try Secp256k1.PrivateKey()
        let script = """
            import sys
            from eth_keys import keys
            print(keys.PublicKey(bytes.fromhex(sys.argv[1])[1:]).to_checksum_address())
            """
        let expected = try PythonOracle.run(script, arguments: [Hex.encode(key.publicKey.uncompressedRepresentation)])
        #expect(EthereumAddress(publicKey: key.publicKey).checksummedHex == expected)
    }

    @Test("Rejects bad text with coded errors")
    func rejects() {
        let cases: [(String, CryptoError.Code)] = [
            ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", .invalidChecksum),  // last letter case flipped
            ("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", .invalidAddress),  // 39 digits
            ("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedd", .invalidAddress),  // 41 digits
            ("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", .invalidAddress),
            ("", .invalidAddress),
        ]
        for (text, code) in cases {
            #expect {
                try EthereumAddress(hex: text)
            } throws: { error in
                (error as? CryptoError)?.code == code
            }
        }
        #expect(throws: CryptoError.self) { try EthereumAddress(rawRepresentation: [UInt8](repeating: 0, count: 19)) }
    }
}
