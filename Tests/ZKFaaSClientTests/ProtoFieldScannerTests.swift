import Testing
import ZKProto

@testable import ZKFaaSClient

@Suite("ProtoFieldScanner")
struct ProtoFieldScannerTests {
    static func scan(_ bytes: [UInt8]) -> [ProtoFieldScanner.Field]? {
        bytes.withUnsafeBytes { ProtoFieldScanner.scan($0) }
    }

    @Test("fields of every wire type, with the ranges of each field and of each length-delimited value")
    func ranges() throws {
        // field 1 varint 150 | field 2 fixed64 | field 3 bytes "abc" | field 4 fixed32 | field 16 (2-byte tag) bytes ""
        let parts: [[UInt8]] = [
            [0x08, 0x96, 0x01],
            [0x11] + [UInt8](repeating: 0xFF, count: 8),
            [0x1A, 0x03, 0x61, 0x62, 0x63],
            [0x25, 1, 2, 3, 4],
            [0x82, 0x01, 0x00],
        ]
        let fields = try #require(Self.scan(parts.flatMap { $0 }))
        var offset = 0
        var expected: [ProtoFieldScanner.Field] = []
        for (part, number) in zip(parts, [1, 2, 3, 4, 16]) {
            let range = offset..<(offset + part.count)
            let value: Range<Int>? =
                switch number {
                case 3: (range.lowerBound + 2)..<range.upperBound
                case 16: range.upperBound..<range.upperBound
                default: nil
                }
            expected.append(ProtoFieldScanner.Field(number: number, field: range, value: value))
            offset += part.count
        }
        #expect(fields == expected)
        #expect(Self.scan([]) == [])
    }

    @Test("field numbers outside 1...536870911 are refused")
    func fieldNumbers() {
        #expect(Self.scan([0x02, 0x00]) == nil)  // field 0
        #expect(Self.scan([0xFA, 0xFF, 0xFF, 0xFF, 0x0F, 0x00])?.first?.number == 536_870_911)
        #expect(Self.scan([0x82, 0x80, 0x80, 0x80, 0x10, 0x00]) == nil)  // field 536870912
    }
}
