import Testing
import ZKFaaSClient
import ZKRPC
import ZKRPCTransportNIO
import ZKTestSupport

@testable import ZKProto

/// ``GetProgramSharedResponse`` must read every encoding exactly as the generated decoder does. Its field scanner is
/// built on ZKProto's flat reader, so the oracle is libprotobuf-c itself (`init(protobufCBytes:)`), which does not
/// share that code.
@Suite("GetProgramSharedResponse")
struct GetProgramSharedResponseTests {
    /// The address of the first byte of `bytes` (for telling shared storage from copies).
    static func address(_ bytes: SharedBytes) -> UnsafeRawPointer? {
        bytes.withUnsafeBytes { $0.baseAddress }
    }

    /// libprotobuf-c's reading of `bytes`, nil when it refuses them.
    static func protobufC(_ bytes: [UInt8]) -> StorageGetProgramResponse? {
        try? bytes.withUnsafeBytes { try StorageGetProgramResponse(protobufCBytes: $0) }
    }

    /// Checks that the shared decoder and libprotobuf-c agree on `bytes`: both refuse them (the shared decoder with
    /// INTERNAL), or both read the same fields.
    static func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = protobufC(bytes)
        let shared: GetProgramSharedResponse
        do {
            shared = try GetProgramSharedResponse(decoding: SharedBytes(bytes))
        } catch let error as RPCError {
            #expect(expected == nil, "refused what libprotobuf-c reads: \(hex(bytes))", sourceLocation: sourceLocation)
            #expect(error.code == .internalError, sourceLocation: sourceLocation)
            return
        } catch {
            Issue.record("not an RPCError: \(error)", sourceLocation: sourceLocation)
            return
        }
        guard let expected else {
            Issue.record("read what libprotobuf-c refuses: \(hex(bytes))", sourceLocation: sourceLocation)
            return
        }
        #expect(shared.elfZstd.bytes == expected.elfZstd, sourceLocation: sourceLocation)
        #expect(shared.elfSize == expected.elfSize, sourceLocation: sourceLocation)
        #expect(shared.elfHash == expected.elfHash, sourceLocation: sourceLocation)
        #expect(shared.cid == expected.cid && shared.tier == expected.tier, sourceLocation: sourceLocation)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.prefix(64).map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    static let elf = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    static let small = StorageGetProgramResponse(elfSize: 123_456, elfHash: [0xAB, 0xCD], cid: "bafy", tier: "disk")

    static func elfField(_ bytes: [UInt8]) -> [UInt8] { StorageGetProgramResponse(elfZstd: bytes).serializedBytes() }

    /// Unknown fields, one of each wire type the format allows: varint (9), fixed64 (10), bytes (11), fixed32 (12).
    static let unknownFields: [UInt8] =
        [0x48, 0x96, 0x01] + [0x51] + [UInt8](repeating: 0x11, count: 8)
        + [0x5A, 0x03, 0x61, 0x62, 0x63] + [0x65, 0x01, 0x02, 0x03, 0x04]

    /// Encodings of one answer with the ELF field first, last, in the middle, twice, empty, absent, or among
    /// unknown fields.
    static let layouts: [[UInt8]] = {
        let rest = small.serializedBytes()
        let hashField = StorageGetProgramResponse(elfHash: [1, 2]).serializedBytes()
        let tierField = StorageGetProgramResponse(tier: "memory").serializedBytes()
        return [
            StorageGetProgramResponse(elfZstd: elf, elfSize: 1, elfHash: [2], cid: "c", tier: "t").serializedBytes(),
            rest + elfField(elf),
            hashField + elfField(elf) + tierField,
            elfField([9, 9, 9]) + rest + elfField(elf),
            elfField(elf) + rest + elfField([9, 9, 9]),
            elfField(elf) + [0x0A, 0x00],  // a later, empty ELF wins
            [0x0A, 0x00] + rest,
            rest,
            [],
            unknownFields + elfField(elf) + unknownFields + rest + unknownFields,
            elfField(elf) + unknownFields + rest,
            // A scalar field repeated (last wins) and a string field repeated around the ELF.
            rest + elfField(elf) + [0x10, 0x07] + StorageGetProgramResponse(cid: "second").serializedBytes(),
            // A length written with more bytes than needed (0x83 0x00 = 3) is still a valid varint.
            [0x0A, 0x83, 0x00, 1, 2, 3] + rest,
            // The largest field number, unknown.
            [0xFA, 0xFF, 0xFF, 0xFF, 0x0F, 0x01, 0x00] + elfField(elf),
        ]
    }()

    @Test("every layout reads as libprotobuf-c reads it", arguments: layouts.indices)
    func layoutsAgree(index: Int) {
        Self.expectAgreement(Self.layouts[index])
        #expect(Self.protobufC(Self.layouts[index]) != nil, "layout \(index) is meant to be valid")
    }

    /// Encodings that break the format.
    static let malformed: [[UInt8]] = {
        let whole = layouts[0]
        return [
            Array(whole.dropLast()),  // truncated in the last field
            Array(whole.prefix(3)),  // truncated inside the ELF
            [0x0A, 0xFF],  // a length with no end
            [0x0A, 0x05, 1, 2],  // a length past the end
            [0x07, 0x01],  // wire type 7
            [0x0B, 0x0C],  // a group (wire types 3 and 4), which proto3 messages do not have
            [0x00, 0x01],  // field number 0
            [0x08],  // field 1 as a varint with no value
            [0x10, 0x80],  // a varint with no end
            [0x15, 0x01, 0x02],  // a truncated fixed32
            [0x19, 0x01],  // a truncated fixed64
            [0x08, 0x01] + elfField(elf),  // field 1 with the wrong wire type, then the ELF
            elfField(elf) + [0x08, 0x01],  // the ELF, then field 1 with the wrong wire type
            [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // a length beyond any buffer
            [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // an 11-byte tag
        ]
    }()

    @Test("malformed answers are refused with INTERNAL, as libprotobuf-c refuses them", arguments: malformed.indices)
    func malformedAgree(index: Int) {
        Self.expectAgreement(Self.malformed[index])
    }

    @Test("single-byte changes to a valid answer are read or refused as libprotobuf-c does")
    func mutationsAgree() {
        let base = Self.small.serializedBytes() + Self.elfField(Array(Self.elf.prefix(300))) + Self.unknownFields
        let noise = DeterministicBytes.make(count: 3 * 2000, seed: 42)
        for round in 0..<2000 {
            var bytes = base
            let position = Int(noise[3 * round]) << 8 | Int(noise[3 * round + 1])
            bytes[position % bytes.count] = noise[3 * round + 2]
            Self.expectAgreement(bytes)
        }
        for cut in 0...base.count {
            Self.expectAgreement(Array(base.prefix(cut)))
        }
    }

    @Test("the ELF is a slice of the received bytes, whatever its place in the answer")
    func sharesStorage() async throws {
        let service = FixedProgramService()
        try await withServer(services: [service]) { port, _ in
            let client = try StorageClient(address: "127.0.0.1:\(port)")
            let shared = try await client.getProgramShared(StorageGetProgramRequest(elfHash: [1]))
            let copied = try await client.getProgram(StorageGetProgramRequest(elfHash: [1]))
            #expect(shared.elfZstd.bytes == FixedProgramService.elf.bytes)
            #expect(shared.elfZstd.bytes == copied.elfZstd)
            #expect(shared.elfSize == copied.elfSize && shared.elfHash == copied.elfHash)
            #expect(shared.cid == copied.cid && shared.tier == copied.tier && shared.tier == "memory")
            let slice = shared.elfZstd.slice(10..<20)
            #expect(Self.address(slice) == Self.address(shared.elfZstd).map { $0 + 10 })
            await client.close()
        }
    }
}
