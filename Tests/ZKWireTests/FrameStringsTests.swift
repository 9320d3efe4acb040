import NIOCore
import Testing
import ZKProto
import ZKWire

/// Strings with a NUL, which libprotobuf-c would cut short, make a frame malformed; NULs elsewhere do not.
@Suite("Frames with NUL in strings")
struct FrameStringsTests {
    /// A length-delimited field.
    static func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] {
        [number << 3 | 2, UInt8(bytes.count)] + bytes
    }

    static func entry(_ key: String, _ value: String) -> [UInt8] {
        field(1, Array(key.utf8)) + field(2, Array(value.utf8))
    }

    /// A REQUEST frame body with `method`, one metadata entry and `payload`, encoded by hand (libprotobuf-c would
    /// stop each string at its first NUL).
    static func request(method: String, key: String = "api-key", value: String = "k", payload: [UInt8] = []) -> [UInt8] {
        [0x08, 7, 0x10, 1] + field(3, Array(method.utf8)) + field(5, entry(key, value)) + field(6, payload)
    }

    static func decode(_ body: [UInt8]) throws(WireError) -> Frame? {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(body.count), endianness: .big)
        buffer.writeBytes(body)
        return try FrameDecoder(maximumFrameBytes: 1 << 20).decodeFrame(from: &buffer)
    }

    @Test(
        "a NUL in the method, a metadata key or value, or the status message or details is malformed",
        arguments: [
            request(method: "zkfaas.v1.Router/Prove\0x"),
            request(method: "zkfaas.v1.Router/Prove", value: "valid\0junk"),
            request(method: "zkfaas.v1.Router/Prove", key: "api-key\0"),
            [0x08, 7, 0x10, 3] + field(7, [0x08, 5] + field(2, Array("not\0found".utf8))),
            [0x08, 7, 0x10, 3] + field(7, [0x08, 8] + field(3, entry("retry-after-ms", "10\0"))),
        ]
    )
    func refused(body: [UInt8]) {
        let error = #expect(throws: WireError.self) { try Self.decode(body) }
        #expect(error?.code == .malformedFrame)
    }

    @Test("NULs in the payload, or strings without NUL, decode as before")
    func accepted() throws {
        let frame = try #require(
            try Self.decode(Self.request(method: "zkfaas.v1.Router/Prove", value: "valid", payload: [0, 0, 1, 0]))
        )
        #expect(frame.method == "zkfaas.v1.Router/Prove")
        #expect(frame.metadata == [MetadataEntry(key: "api-key", value: "valid")])
        #expect(frame.payload == [0, 0, 1, 0])
    }
}
