import Testing
import ZKProto
import ZKRPC
import ZKTestSupport

@testable import ZKRPCTransportNIO

/// The client's connections: ones still being made when the client closes, PINGs that get no PONG, and a server's
/// connection-level ERROR on a connection it leaves open.
@Suite("Client hardening")
struct ClientHardeningTests {
    @Test("close() abandons a connection still being made: the call waiting for it fails at once, not at the connect timeout")
    func closeWhileConnecting() async throws {
        let listener = try StalledListener()
        let filler = try RawSocket(port: listener.port)  // takes the backlog's one place; later connects hang
        let client = RPCClient(configuration: RPCClient.Configuration(host: "127.0.0.1", port: listener.port, connections: 1))
        let call = Task { try await client.unary(TestService.echo, MetadataEntry(), timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(200))  // the call is waiting for its connection
        await client.close()
        let error = await #expect(throws: RPCError.self) { try await call.value }
        #expect(error?.code == .unavailable)
        // Ended by the close, not by the connect attempt running out (its error names the address it could not reach):
        // no clock involved.
        #expect(error?.message == "client is closed", "\(String(describing: error))")
        _ = filler
    }

    @Test("a PING whose PONG never comes fails with DEADLINE_EXCEEDED and is forgotten")
    func pingWithoutPong() async throws {
        let listener = try StalledListener()  // completes the connection, never reads it
        let connection = try await RPCConnection.connect(host: "127.0.0.1", port: listener.port)
        let error = await #expect(throws: RPCError.self) { try await connection.ping(timeout: .milliseconds(100)) }
        #expect(error?.code == .deadlineExceeded)
        #expect(try await connection.pendingPingCount() == 0)
        await connection.close()
    }

    @Test("an ERROR with request id 0 on a connection the server leaves open fails its calls and is not reused")
    func connectionErrorDiscardsTheConnection() async throws {
        try await FlakyServer.with(dropping: 0, poisoning: 1) { server in
            let client = RPCClient(configuration: RPCClient.Configuration(host: "127.0.0.1", port: server.port, connections: 1))
            let error = await #expect(throws: RPCError.self) {
                try await client.unary(TestService.echo, MetadataEntry(), timeout: .seconds(2))
            }
            #expect(error?.code == .resourceExhausted)
            #expect(error?.message == "connection-level failure")
            // The next call gets a new connection, which the server answers.
            let answer = try await client.unary(TestService.echo, MetadataEntry())
            #expect(answer == FlakyServerHandler.answer)
            #expect(server.acceptedConnections == 2)
            await client.close()
        }
    }
}
