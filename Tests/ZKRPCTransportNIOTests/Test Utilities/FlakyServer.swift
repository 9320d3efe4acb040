import NIOCore
import NIOPosix
import Synchronization

/// A loopback server for the client's retry tests: it closes the first `dropping` connections it accepts as soon as
/// a request arrives on them (the request was sent, its answer is lost), and on later ones answers every request with
/// ``FlakyServerHandler/answer``. It counts the connections it accepted, so a test can tell how many attempts a call
/// made. With `poisoning`, the first connections after the dropped ones answer every request with a connection-level
/// ERROR (request id 0) and stay open.
final class FlakyServer: Sendable {
    private let dropping: Int
    private let poisoning: Int
    private let accepted = Atomic<Int>(0)
    private let channel = Mutex<(any Channel)?>(nil)

    private init(dropping: Int, poisoning: Int) {
        self.dropping = dropping
        self.poisoning = poisoning
    }

    /// Connections accepted so far, dropped ones included.
    var acceptedConnections: Int { accepted.load(ordering: .relaxed) }

    /// The port it listens on.
    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    /// Runs `body` with a server on `port` (0: any free one) that drops its first `dropping` connections, and always
    /// stops it.
    static func with<Result>(
        dropping: Int,
        poisoning: Int = 0,
        port: Int = 0,
        _ body: (FlakyServer) async throws -> Result
    ) async throws -> Result {
        let server = FlakyServer(dropping: dropping, poisoning: poisoning)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in server.accept(channel) }
            .bind(host: "127.0.0.1", port: port)
            .get()
        server.channel.withLock { $0 = listener }
        do {
            let result = try await body(server)
            try? await listener.close()
            return result
        } catch {
            try? await listener.close()
            throw error
        }
    }

    private func accept(_ channel: any Channel) -> EventLoopFuture<Void> {
        let number = accepted.wrappingAdd(1, ordering: .relaxed).newValue
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                FlakyServerHandler(
                    dropsRequests: number <= dropping,
                    failsConnection: number > dropping && number <= dropping + poisoning
                )
            )
        }
    }
}
