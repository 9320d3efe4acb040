import NIOCore

/// Answers each complete length-prefixed request frame with the same prebuilt answer; flushes once per read burst.
final class BlobFloorServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let answer: ByteBuffer
    private var pending = ByteBuffer()

    init(answer: ByteBuffer) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while let length = pending.getInteger(at: pending.readerIndex, endianness: .big, as: UInt32.self),
            pending.readableBytes >= 4 + Int(length)
        {
            pending.moveReaderIndex(forwardBy: 4 + Int(length))
            context.write(wrapOutboundOut(answer), promise: nil)
        }
        pending.discardReadBytes()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }
}
