import Logging
import NIOCore
import NIOEmbedded
import Testing
import ZKProto
import ZKRPC
import ZKWire

@testable import ZKRPCTransportNIO

/// The server's connection handler on an `EmbeddedChannel`: backpressure against a peer that does not read, and the
/// idle timeout, both on event counts and the loop's virtual clock.
@Suite("Server connection handler")
struct ServerConnectionHandlerTests {
    static func handler(
        maximumCalls: Int = 4096, maximumFrameBytes: Int = 1 << 20, idleTimeout: TimeAmount? = nil
    ) -> ServerConnectionHandler {
        ServerConnectionHandler(
            router: RPCMethodRouter(services: [TestService()]),
            maximumCalls: maximumCalls,
            maximumFrameBytes: maximumFrameBytes,
            idleTimeout: idleTimeout,
            logger: Logger(label: "test.connection"),
            metrics: ServerMetrics(service: "test")
        )
    }

    /// PING frames with request ids `ids`, as one buffer.
    static func pings(_ ids: Range<Int>) -> ByteBuffer {
        var buffer = ByteBuffer()
        for id in ids { FrameEncoder.encode(Frame(requestID: UInt64(id), kind: .ping), into: &buffer) }
        return buffer
    }

    /// How many whole frames `buffer` holds (read by their length prefixes).
    static func frameCount(_ buffer: ByteBuffer) -> Int {
        var buffer = buffer
        var count = 0
        while let length = buffer.readInteger(endianness: .big, as: UInt32.self) {
            buffer.moveReaderIndex(forwardBy: Int(length))
            count += 1
        }
        return count
    }

    @Test("10^6 PINGs from a peer that never reads: the queued answers stay under 256 KiB, reading stops, every PING is answered once it reads")
    func pingFloodWithoutReading() throws {
        let socket = StalledSocket(highWaterMark: 64 * 1024)
        let channel = EmbeddedChannel(handlers: [socket, Self.handler()])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let total = 1_000_000
        let perRead = 5_000  // about 64 KiB of PINGs, one socket read's worth
        var sent = 0
        while sent < total {
            let count = min(perRead, total - sent)
            try channel.writeInbound(Self.pings(sent..<(sent + count)))
            channel.pipeline.read()  // what autoRead does after each read
            sent += count
        }
        // The peer has not read: the server stopped reading once its answers filled the socket.
        #expect(socket.peakQueuedBytes < 256 * 1024)
        let readsDuringFlood = socket.reads
        #expect(readsDuringFlood <= 2)
        // The peer reads: everything is answered, in bounded batches.
        var answered = 0
        for _ in 0..<10_000 where answered < total {
            answered += Self.frameCount(socket.drain())
        }
        #expect(answered == total)
        #expect(socket.peakQueuedBytes < 256 * 1024)
        #expect(socket.reads == readsDuringFlood + 1)  // the read held during the pause, issued once all was answered
        _ = try channel.finish()
    }

    @Test("an answer larger than the frame limit is RESOURCE_EXHAUSTED for its call, never an oversized frame")
    func answerOverTheFrameLimit() throws {
        let socket = StalledSocket(highWaterMark: .max)
        // TestService.parts answers 300,000 bytes of shared value; the limit is 200,000.
        let channel = EmbeddedChannel(handlers: [socket, Self.handler(maximumFrameBytes: 200_000)])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        var request = ByteBuffer()
        let payload = MetadataEntry(key: "k").serializedBytes()
        FrameEncoder.encode(
            Frame(requestID: 9, kind: .request, method: TestService.parts.fullName, payload: payload), into: &request
        )
        try channel.writeInbound(request)
        var output = socket.drain()
        let header = output.readInteger(endianness: .big, as: UInt32.self)
        let length = try #require(header)
        #expect(length < 200_000)
        let body = output.readBytes(length: Int(length))
        let bytes = try #require(body)
        let frame = try Frame(serializedBytes: bytes)
        #expect(frame.requestID == 9)
        #expect(frame.kind == .error)
        #expect(frame.status?.code == RPCError.Code.resourceExhausted.rawValue)
        _ = try channel.finish()
    }

    @Test("answers on the fast path count against maximumCalls: no more than that many wait for a peer that does not read")
    func fastAnswersCountAgainstTheCap() throws {
        let socket = StalledSocket(highWaterMark: .max)
        let channel = EmbeddedChannel(handlers: [socket, Self.handler(maximumCalls: 100)])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.writeInbound(Self.pings(0..<1000))
        channel.pipeline.read()
        #expect(Self.frameCount(socket.drain()) == 100)
        #expect(socket.reads == 0)
        var answered = 100
        for _ in 0..<100 where answered < 1000 {
            let batch = Self.frameCount(socket.drain())
            #expect(batch <= 100)
            answered += batch
        }
        #expect(answered == 1000)
        _ = try channel.finish()
    }

    @Test("slow loris: a frame that never completes does not keep a connection open past the idle timeout")
    func slowLoris() throws {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: Self.handler(idleTimeout: .seconds(10)), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 100]))  // announces 100 bytes
        var seconds = 0
        while channel.isActive && seconds < 60 {
            loop.advanceTime(by: .seconds(1))
            seconds += 1
            if channel.isActive { try channel.writeInbound(ByteBuffer(bytes: [0x08])) }  // one byte a second
        }
        #expect(!channel.isActive)
        #expect(seconds <= 20)  // closed within two timeouts
    }

    @Test("whole frames keep a connection open past the idle timeout; silence then closes it")
    func activityKeepsTheConnection() throws {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: Self.handler(idleTimeout: .seconds(10)), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        for id in 0..<12 {
            try channel.writeInbound(Self.pings(id..<(id + 1)))
            loop.advanceTime(by: .seconds(5))
        }
        #expect(channel.isActive)  // a minute of PINGs every 5 s
        loop.advanceTime(by: .seconds(25))
        #expect(!channel.isActive)
    }
}
