import NIOCore
import NIOEmbedded

/// The socket end of an `EmbeddedChannel` whose peer does not read: it keeps every write (and its promise) as a
/// socket's send queue would, makes the channel unwritable past `highWaterMark` queued bytes, and hands the bytes
/// over only when the test ``drain()``s it. It also counts the reads the pipeline issues.
final class StalledSocket: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer

    private let highWaterMark: Int
    private var queued: [(bytes: ByteBuffer, promise: EventLoopPromise<Void>?)] = []
    private var context: ChannelHandlerContext?
    /// Bytes written and not yet drained.
    private(set) var queuedBytes = 0
    /// The most bytes ever queued at once.
    private(set) var peakQueuedBytes = 0
    /// Reads the pipeline asked for.
    private(set) var reads = 0

    init(highWaterMark: Int) {
        self.highWaterMark = highWaterMark
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data)
        queued.append((bytes, promise))
        queuedBytes += bytes.readableBytes
        peakQueuedBytes = max(peakQueuedBytes, queuedBytes)
        if queuedBytes > highWaterMark, let channel = context.channel as? EmbeddedChannel, channel.isWritable {
            channel.isWritable = false
            context.fireChannelWritabilityChanged()
        }
    }

    func flush(context: ChannelHandlerContext) {}

    func read(context: ChannelHandlerContext) {
        reads += 1
    }

    /// The peer reads everything queued: the writes complete and the channel is writable again.
    func drain() -> ByteBuffer {
        var out = ByteBuffer()
        let drained = queued
        queued = []
        queuedBytes = 0
        for var entry in drained { out.writeBuffer(&entry.bytes) }
        for entry in drained { entry.promise?.succeed(()) }
        if let context, let channel = context.channel as? EmbeddedChannel, !channel.isWritable {
            channel.isWritable = true
            context.fireChannelWritabilityChanged()
        }
        return out
    }
}
