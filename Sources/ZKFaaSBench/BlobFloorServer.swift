import ArgumentParser
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// `zkfaas-bench blob-server`: the floor under hot `GetProgram` — a bare SwiftNIO server that answers every
/// length-prefixed request with one prebuilt length-prefixed frame of `--size` bytes (one shared `ByteBuffer`: no
/// lookup, no encoding, no copy in user space). Prints `READY blob HOST:PORT`, then serves until killed.
struct BlobFloorServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blob-server",
        abstract: "Bare NIO server answering each request with a fixed blob (floor for hot GetProgram)."
    )

    @Option(help: "Bytes of each answer (after its 4-byte length).") var size: Int
    @Option(help: "Port (0: any free one).") var port: Int = 0

    func run() async throws {
        var answer = ByteBuffer()
        answer.writeInteger(UInt32(size), endianness: .big)
        answer.writeRepeatingByte(0x5A, count: size)
        let frame = answer
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(BlobFloorServerHandler(answer: frame))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        print("READY blob 127.0.0.1:\(channel.localAddress?.port ?? 0)")
        fflush(nil)
        try await channel.closeFuture.get()
    }
}
