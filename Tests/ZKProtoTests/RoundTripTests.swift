import Testing
import ZKProto

@Suite("Every message round-trips through protobuf-c")
struct RoundTripTests {
    @Test("populated sample survives encode and decode", arguments: ProtoSamples.all.map(\.name))
    func roundTrip(name: String) throws {
        let entry = try #require(ProtoSamples.all.first { $0.name == name })
        #expect(try entry.roundTrips())
    }

    @Test("a populated sample encodes to bytes unless the message has no fields")
    func populatedSamplesAreNotEmpty() {
        let empty = ProtoSamples.all.filter { $0.encodedSize() == 0 }.map(\.name)
        #expect(Set(empty) == ["HealthRequest", "StorageStatsRequest", "ListBackendsRequest", "RouterStatsRequest"])
    }

    @Test("default values encode to nothing and decode back (proto3)")
    func defaults() throws {
        #expect(Frame().serializedBytes().isEmpty)
        #expect(try Frame(serializedBytes: []) == Frame())
    }

    @Test("unknown enum values survive (open enums)")
    func openEnums() throws {
        let frame = Frame(requestID: 7, kind: FrameKind(rawValue: 99))
        let decoded = try Frame(serializedBytes: frame.serializedBytes())
        #expect(decoded.kind.rawValue == 99)
        #expect(decoded.kind.description == "FrameKind(99)")
    }

    @Test("payload bytes keep every byte value, including NUL")
    func binaryPayload() throws {
        let payload = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let decoded = try Frame(serializedBytes: Frame(payload: payload).serializedBytes())
        #expect(decoded.payload == payload)
    }

    @Test(
        "malformed bytes throw a decoding error naming the message",
        arguments: [[0xFF, 0xFF, 0xFF] as [UInt8], [0x0A, 0x05, 0x01], [0x32, 0x80, 0x80, 0x80, 0x80, 0x10], [0x07]]
    )
    func malformed(bytes: [UInt8]) {
        #expect(throws: ProtoDecodingError.self) { try Frame(serializedBytes: bytes) }
        do {
            _ = try Frame(serializedBytes: bytes)
        } catch {
            #expect(error.messageName == "zkfaas.v1.Frame")
        }
    }
}
