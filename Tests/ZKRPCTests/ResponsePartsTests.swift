import Testing
import ZKRPC
import ZKTestSupport

@testable import ZKProto

@Suite("ResponseParts")
struct ResponsePartsTests {
    static func joined(_ parts: ResponseParts) -> [UInt8] {
        parts.head + parts.shared.bytes + parts.tail
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test(
        "the ELF field from shared bytes, then the small fields: the bytes libprotobuf-c encodes",
        arguments: [0, 1, 127, 128, 16_383, 16_384, 200_000, 2_097_152]
    )
    func storageAnswer(count: Int) throws {
        let elf = DeterministicBytes.make(count: count, seed: UInt64(count))
        let rest = StorageGetProgramResponse(elfSize: 1 << 40, elfHash: [0xAB, 0xCD], cid: "bafk", tier: "memory")
        let parts = ResponseParts(field: 1, shared: SharedBytes(elf), after: rest.serializedBytes())
        var whole = rest
        whole.elfZstd = elf
        let joined = Self.joined(parts)
        // proto3 leaves an empty bytes field out; the parts still carry its tag and zero length.
        #expect(joined == (count == 0 ? [0x0A, 0x00] + whole.serializedBytes() : whole.serializedBytes()))
        #expect(parts.count == joined.count)
        let decoded = try joined.withUnsafeBytes { try StorageGetProgramResponse(protobufCBytes: $0) }
        #expect(decoded == whole)
    }

    @Test("a field in the middle with a two-byte tag (field 17 of ProofRecord) between the fields around it")
    func twoByteTag() throws {
        let signature = DeterministicBytes.make(count: 64, seed: 17)
        let before = ProofRecord(
            formatVersion: 1,
            kind: "k",
            programHash: [1, 2],
            mode: .dev,
            cycles: 99,
            exitCode: -3,
            createdAtMs: 1 << 41
        )
        let after = ProofRecord(attesterPublicKey: DeterministicBytes.make(count: 32, seed: 18))
        let parts = ResponseParts(
            before: before.serializedBytes(),
            field: 17,
            shared: SharedBytes(signature),
            after: after.serializedBytes()
        )
        var whole = before
        whole.proof = signature
        whole.attesterPublicKey = after.attesterPublicKey
        #expect(Self.joined(parts) == whole.serializedBytes())
        #expect(try Self.joined(parts).withUnsafeBytes { try ProofRecord(protobufCBytes: $0) } == whole)
    }

    @Test("tag and length varints of any field number and length are the ones Python's encoder writes")
    func varintsMatchOracle() throws {
        let fields = [1, 15, 16, 2047, 2048, 262_143, 262_144, 33_554_431, 33_554_432, 536_870_911]
        let lengths = [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152]
        let cases = fields.flatMap { field in lengths.map { (field, $0) } }
        let expected = try PythonOracle.run(
            """
            import sys
            def varint(n):
                out = bytearray()
                while True:
                    low, n = n & 0x7F, n >> 7
                    out.append(low | (0x80 if n else 0))
                    if not n:
                        return bytes(out)
            args = list(map(int, sys.argv[1:]))
            for field, length in zip(args[0::2], args[1::2]):
                print(varint(field << 3 | 2).hex() + varint(length).hex())
            """,
            arguments: cases.flatMap { [String($0.0), String($0.1)] }
        ).split(separator: "\n").map(String.init)
        #expect(expected.count == cases.count)
        for ((field, length), hex) in zip(cases, expected) {
            let parts = ResponseParts(before: [0xEE], field: field, shared: SharedBytes(storage: Zeros(count: length)))
            #expect(parts.head.first == 0xEE)
            #expect(Self.hex(parts.head.dropFirst()) == hex, "field \(field), \(length) bytes")
            #expect(parts.tail.isEmpty && parts.count == parts.head.count + length)
        }
    }

    @Test("the explicit parts are kept as given")
    func explicitParts() {
        let shared = SharedBytes([5, 6, 7])
        let parts = ResponseParts(head: [1, 2], shared: shared, tail: [9])
        #expect(parts.head == [1, 2] && parts.tail == [9] && parts.shared === shared && parts.count == 6)
    }
}

/// `count` zero bytes without allocating them (only the length matters for the head).
private struct Zeros: SharedByteStorage {
    let count: Int

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try [UInt8](repeating: 0, count: count).withUnsafeBytes(body)
    }
}
