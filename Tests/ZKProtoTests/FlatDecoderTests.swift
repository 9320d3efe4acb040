import Testing
import ZKTestSupport

@testable import ZKProto

/// The generated flat decoders (`init?(flatBytes:)`, no libprotobuf-c) against libprotobuf-c on the same bytes.
@Suite("Flat decoders agree with libprotobuf-c")
struct FlatDecoderTests {
    @Test("each flat message's populated sample decodes on the flat path to protobuf-c's value")
    func samples() throws {
        #expect(ProtoSamples.flat.count >= 10)
        for entry in ProtoSamples.flat {
            #expect(entry.agrees(entry.sample()) == true, "\(entry.name)")
        }
    }

    @Test("mutated and random inputs: whenever the flat decoder answers, protobuf-c decodes the same message")
    func mutations() {
        var random = RandomWords(DeterministicBytes.make(count: 1 << 20, seed: 0x5EED))
        var answered = 0
        var declined = 0
        for entry in ProtoSamples.flat {
            let sample = entry.sample()
            for round in 0..<600 {
                var bytes = sample
                switch round % 5 {
                case 0 where !bytes.isEmpty:  // flip one byte
                    bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
                case 1:  // truncate
                    bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
                case 2:  // insert a random byte
                    let byte = UInt8(truncatingIfNeeded: random.next())
                    bytes.insert(byte, at: Int(random.next() % UInt64(bytes.count + 1)))
                case 3:  // a random short string
                    bytes = (0..<Int(random.next() % 24)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                default:  // a valid field appended twice: the last one wins in both decoders
                    bytes += sample.prefix(Int(random.next() % UInt64(sample.count + 1)))
                }
                switch entry.agrees(bytes) {
                case nil: declined += 1
                case true?: answered += 1
                case false?: Issue.record("\(entry.name): flat decode disagrees with protobuf-c on \(bytes)")
                }
            }
        }
        // Both outcomes must occur, or the test exercises only one side.
        #expect(answered > 100)
        #expect(declined > 100)
    }

    @Test("strings with non-ASCII bytes or NUL, unknown fields and over-long varints go to protobuf-c")
    func declines() {
        let unicode = StatProgramRequest(cid: "caf\u{e9}").serializedBytes()
        let nul: [UInt8] = [0x12, 0x03, 0x61, 0x00, 0x62]  // cid = "a\0b" (protobuf-c would encode only "a")
        let unknown: [UInt8] = [0x78, 0x01]  // field 15, varint
        for bytes in [unicode, nul, unknown] {
            bytes.withUnsafeBytes { raw in #expect(StatProgramRequest(flatBytes: raw) == nil) }
        }
        let longVarint: [UInt8] = [0x10] + Array(repeating: 0xFF, count: 9) + [0x7F]  // elf_size, 10th byte > 1
        longVarint.withUnsafeBytes { raw in #expect(StorageGetProgramResponse(flatBytes: raw) == nil) }
        // The public decoder still answers through protobuf-c.
        #expect((try? StatProgramRequest(serializedBytes: unicode))?.cid == "caf\u{e9}")
    }
}

/// 64-bit words read in turn from deterministic bytes.
private struct RandomWords {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    mutating func next() -> UInt64 {
        if offset + 8 > bytes.count { offset = 0 }
        defer { offset += 8 }
        return bytes[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
