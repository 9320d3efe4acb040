import Testing
import ZKCrypto

@Suite("Hex")
struct HexTests {
    @Test("Encodes lowercase, optionally with 0x")
    func encode() {
        #expect(Hex.encode([]) == "")
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.encode([0xab], prefix: true) == "0xab")
        #expect(Hex.encode([], prefix: true) == "0x")
    }

    @Test("Decodes either case with or without prefix", arguments: ["00fFa0", "0x00Ffa0", "0X00ffA0"])
    func decode(text: String) throws {
        #expect(try Hex.decode(text) == [0x00, 0xff, 0xa0])
    }

    @Test("Round-trips every byte value")
    func roundTrip() throws {
        let bytes = Array(0...255).map(UInt8.init)
        #expect(try Hex.decode(Hex.encode(bytes)) == bytes)
        #expect(try Hex.decode(Hex.encode(bytes, prefix: true)) == bytes)
        #expect(try Hex.decode("") == [])
        #expect(try Hex.decode("0x") == [])
    }

    @Test(
        "Rejects odd length and bad digits with invalidHex",
        arguments: ["0", "0x123", "zz", "0g", "12 34", "0x0x", "é1"])
    func rejects(text: String) {
        #expect {
            try Hex.decode(text)
        } throws: { error in
            (error as? CryptoError)?.code == .invalidHex
        }
    }
}
