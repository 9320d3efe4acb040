import NIOCore
import ZKProto
import ZKWire

/// The protocol side of ``FlakyServer``: answers every request frame with ``answer``, whatever the method — or, when
/// it drops requests, closes the connection as soon as bytes arrive; or, when it fails the connection, answers every
/// request with ERROR RESOURCE_EXHAUSTED for request id 0 (a connection-level error) and keeps the connection open.
final class FlakyServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The response every request gets.
    static let answer = MetadataEntry(key: "flaky", value: "answered")

    private var received = ByteBuffer()
    private let decoder = FrameDecoder(maximumFrameBytes: 1 << 20)
    private let dropsRequests: Bool
    private let failsConnection: Bool

    init(dropsRequests: Bool, failsConnection: Bool = false) {
        self.dropsRequests = dropsRequests
        self.failsConnection = failsConnection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !dropsRequests else {
            context.close(promise: nil)
            return
        }
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        do {
            var out = context.channel.allocator.buffer(capacity: 64)
            while let frame = try decoder.decodeFrame(from: &received) {
                guard frame.kind == .request else { continue }
                if failsConnection {
                    let status = Status(code: 8, message: "connection-level failure")
                    FrameEncoder.encode(Frame(requestID: 0, kind: .error, status: status), into: &out)
                    continue
                }
                let response = Frame(
                    requestID: frame.requestID,
                    kind: .response,
                    payload: Self.answer.serializedBytes()
                )
                FrameEncoder.encode(response, into: &out)
            }
            if out.readableBytes > 0 { context.writeAndFlush(wrapOutboundOut(out), promise: nil) }
        } catch {
            context.close(promise: nil)
        }
    }
}
