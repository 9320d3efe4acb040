import Testing
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKTestSupport

/// Large answers handed to the caller as the received bytes (``SharedBytes``) instead of copies.
///
/// The typed client's use of them (`StorageClient.getProgramShared`) is tested in `ZKFaaSClientTests`.
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
            // Small answers (copied out of the frame) are handed over the same way.
            let small = try await connection.callShared(
                method: TestService.echo.fullName,
                payload: MetadataEntry(key: "a", value: "b").serializedBytes()
            )
            #expect(try MetadataEntry(serializedBytes: small.bytes) == MetadataEntry(key: "b", value: "a"))
            await connection.close()
        }
    }
}
