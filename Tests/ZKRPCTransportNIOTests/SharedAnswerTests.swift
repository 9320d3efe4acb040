import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKTestSupport

/// Large answers handed to the caller as the received bytes (``SharedBytes``) instead of copies.
@Suite("Shared answers")
struct SharedAnswerTests {
    /// The address of the first byte of `bytes` (for telling shared storage from copies).
    static func address(_ bytes: SharedBytes) -> UnsafeRawPointer? {
        bytes.withUnsafeBytes { $0.baseAddress }
    }

    @Test("callShared answers the encoded response as received; slices of it share its storage")
    func callShared() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let request = MetadataEntry(key: "k").serializedBytes()
            let shared = try await connection.callShared(method: TestService.parts.fullName, payload: request)
            let copied = try await connection.call(method: TestService.parts.fullName, payload: request)
            #expect(shared.bytes == copied)
            #expect(shared.count > 300_000)
            // A slice is a view of the same bytes, not a copy.
            let tail = shared.slice(1000..<shared.count)
            #expect(tail.bytes == Array(copied[1000...]))
            #expect(Self.address(tail) == Self.address(shared).map { $0 + 1000 })
            // Small answers come as arrays.
            let small = try await connection.callShared(
                method: TestService.echo.fullName,
                payload: MetadataEntry(key: "a", value: "b").serializedBytes()
            )
            #expect(try MetadataEntry(serializedBytes: small.bytes) == MetadataEntry(key: "b", value: "a"))
            await connection.close()
        }
    }

    @Test("getProgramShared: the ELF is a view of the received answer; the other fields decode as usual")
    func getProgramShared() async throws {
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

    /// Encodings of one answer with the ELF field first, last, in the middle, twice, or absent.
    static let layouts: [[UInt8]] = {
        let elf = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let other: [UInt8] = [9, 9, 9]
        let small = StorageGetProgramResponse(elfSize: 123_456, elfHash: [0xAB, 0xCD], cid: "bafy", tier: "disk")
        let rest = small.serializedBytes()
        func elfField(_ bytes: [UInt8]) -> [UInt8] {
            StorageGetProgramResponse(elfZstd: bytes).serializedBytes()
        }
        let hashField = StorageGetProgramResponse(elfHash: [1, 2]).serializedBytes()
        let tierField = StorageGetProgramResponse(tier: "memory").serializedBytes()
        return [
            StorageGetProgramResponse(elfZstd: elf, elfSize: 1, elfHash: [2], cid: "c", tier: "t").serializedBytes(),
            rest + elfField(elf),
            hashField + elfField(elf) + tierField,
            elfField(other) + rest + elfField(elf),
            rest,
            [],
        ]
    }()

    @Test("GetProgramSharedResponse decodes every layout as the generated decoder does", arguments: layouts)
    func decodeLikeGenerated(bytes: [UInt8]) throws {
        let expected = try StorageGetProgramResponse(serializedBytes: bytes)
        let shared = try GetProgramSharedResponse(decoding: SharedBytes(bytes))
        #expect(shared.elfZstd.bytes == expected.elfZstd)
        #expect(shared.elfSize == expected.elfSize && shared.elfHash == expected.elfHash)
        #expect(shared.cid == expected.cid && shared.tier == expected.tier)
    }

    @Test("a truncated or malformed answer is INTERNAL, as the generated decoder refuses it")
    func malformed() throws {
        let whole = Self.layouts[0]
        for bytes in [Array(whole.dropLast()), [0x0A, 0xFF], [0x07, 0x01], Array(whole.prefix(3))] {
            #expect(throws: ProtoDecodingError.self) { try StorageGetProgramResponse(serializedBytes: bytes) }
            let error = try #require(throws: RPCError.self) {
                try GetProgramSharedResponse(decoding: SharedBytes(bytes))
            }
            #expect(error.code == .internalError)
        }
    }
}
