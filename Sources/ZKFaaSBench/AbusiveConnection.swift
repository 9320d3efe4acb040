import NIOCore
import NIOPosix
import ZKProto
import ZKWire

/// Raw TCP connections that misbehave, for the soak: they must cost the server nothing that stays.
enum AbusiveConnection {
    /// The misbehaviours, one per connection, in turn.
    static func badFrame(_ variant: Int) -> [UInt8] {
        switch variant % 4 {
        case 0: (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ variant) }  // garbage
        case 1: [0x03, 0xc0, 0x00, 0x00]  // announces 60 MiB, sends nothing more
        case 2: [0, 0, 0, 0]  // an empty frame: no kind
        default: [0, 0, 0, 3, 0xff, 0xff, 0xff]  // a frame that is no protobuf
        }
    }

    /// Connects, writes `bytes`, and waits until the server closes the connection or `patience` passes.
    ///
    /// - Returns: whether the server closed it.
    static func send(_ bytes: [UInt8], host: String, port: Int, patience: Duration) async throws -> Bool {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port).get()
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
        let closed = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await channel.closeFuture.get()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: patience)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { try? await channel.close() }
            return first
        }
        return closed
    }

    /// Connects with reads off, sends `pings` PING frames, holds the connection for `hold` without reading, closes.
    static func slowReader(host: String, port: Int, pings: Int, hold: Duration) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.autoRead, value: false)
            .connect(host: host, port: port).get()
        var buffer = ByteBufferAllocator().buffer(capacity: pings * 16)
        for id in 0..<pings {
            FrameEncoder.encode(Frame(requestID: UInt64(id + 1), kind: .ping), into: &buffer)
        }
        try await channel.writeAndFlush(buffer)
        try await Task.sleep(for: hold)
        try? await channel.close()
    }
}
