import NIOCore

/// Keeps `inFlight` 8-byte requests outstanding, skips over each answer without copying it, and records the
/// latency of the answers that end inside the measured window; then completes `done`.
final class BlobFloorClientHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let inFlight: Int
    private let warmUp: Duration
    private let measure: Duration
    private let done: EventLoopPromise<LatencyRecorder>
    private var sent: [ContinuousClock.Instant] = []
    private var nextAnswer = 0
    /// Bytes of the current answer still to skip, or nil while its length is unknown.
    private var remaining: Int?
    private var header = ByteBuffer()
    private var latencies = LatencyRecorder()
    private var start = ContinuousClock.now
    private var finished = false

    init(inFlight: Int, warmUp: Duration, measure: Duration, done: EventLoopPromise<LatencyRecorder>) {
        self.inFlight = inFlight
        self.warmUp = warmUp
        self.measure = measure
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        start = .now
        for _ in 0..<inFlight { request(context: context) }
        context.flush()
    }

    private func request(context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 8)
        buffer.writeInteger(UInt32(4), endianness: .big)
        buffer.writeInteger(UInt32(0), endianness: .big)
        sent.append(.now)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        while bytes.readableBytes > 0, !finished {
            if let count = remaining {
                let skip = min(count, bytes.readableBytes)
                bytes.moveReaderIndex(forwardBy: skip)
                remaining = count - skip
                if remaining == 0 {
                    remaining = nil
                    answered(context: context)
                }
            } else {
                var piece = bytes.readSlice(length: min(4 - header.readableBytes, bytes.readableBytes))!
                header.writeBuffer(&piece)
                if header.readableBytes == 4 {
                    remaining = Int(header.readInteger(endianness: .big, as: UInt32.self)!)
                    header.clear()
                    if remaining == 0 {
                        remaining = nil
                        answered(context: context)
                    }
                }
            }
        }
    }

    private func answered(context: ChannelHandlerContext) {
        let now = ContinuousClock.now
        let elapsed = now - start
        if elapsed > warmUp {
            let latency = now - sent[nextAnswer]
            latencies.record(UInt64(latency / .nanoseconds(1)))
        }
        nextAnswer += 1
        if nextAnswer >= 4096 {  // keep the send-time FIFO small
            sent.removeFirst(nextAnswer)
            nextAnswer = 0
        }
        if elapsed > warmUp + measure {
            finished = true
            done.succeed(latencies)
            context.close(promise: nil)
            return
        }
        request(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    /// The server went away before the run ended: fail it rather than wait forever.
    func channelInactive(context: ChannelHandlerContext) {
        if !finished {
            finished = true
            done.fail(ChannelError.eof)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !finished {
            finished = true
            done.fail(error)
        }
        context.close(promise: nil)
    }
}
