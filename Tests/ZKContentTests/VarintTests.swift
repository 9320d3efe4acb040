import Testing

@testable import ZKContent

@Suite("Varint")
struct VarintTests {
    @Test(
        "round-trips boundary values",
        arguments: [0, 1, 127, 128, 255, 300, 16_383, 16_384, UInt64(1) << 62, UInt64(Int64.max)]
    )
    func roundTrip(value: UInt64) throws {
        let encoded = Varint.encode(value)
        #expect(encoded.count == Varint.encodedLength(value))
        var offset = 0
        #expect(try Varint.decode(encoded, offset: &offset) == value)
        #expect(offset == encoded.count)
    }

    @Test("matches the multiformats examples")
    func knownEncodings() {
        #expect(Varint.encode(1) == [0x01])
        #expect(Varint.encode(127) == [0x7F])
        #expect(Varint.encode(128) == [0x80, 0x01])
        #expect(Varint.encode(255) == [0xFF, 0x01])
        #expect(Varint.encode(300) == [0xAC, 0x02])
        #expect(Varint.encode(16_384) == [0x80, 0x80, 0x01])
    }

    @Test("rejects overlong, non-minimal and truncated input")
    func rejectsBadInput() {
        var offset = 0
        let overlong: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x01]
        #expect(throws: ContentError.self) { try Varint.decode(overlong, offset: &offset) }
        offset = 0
        do {
            _ = try Varint.decode(overlong, offset: &offset)
        } catch {
            #expect(error.code == .varintOverflow)
        }
        offset = 0
        do {
            _ = try Varint.decode([0x81, 0x00], offset: &offset)
            Issue.record("non-minimal varint accepted")
        } catch {
            #expect(error.code == .varintOverflow)
        }
        offset = 0
        do {
            _ = try Varint.decode([0x80, 0x80], offset: &offset)
            Issue.record("truncated varint accepted")
        } catch {
            #expect(error.code == .truncated)
        }
        #expect(offset == 0, "offset must not move on failure")
    }
}
