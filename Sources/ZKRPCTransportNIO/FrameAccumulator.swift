import NIOCore
import ZKProto
import ZKWire

/// Cuts the ``Frame``s out of the bytes one connection reads, for a handler that decodes its own input.
///
/// Same rules as `ByteToMessageHandler(FrameDecoder(...))` — the length is checked as soon as its 4 bytes arrive,
/// before any body byte is kept — without a separate pipeline stage, so a frame costs no `NIOAny` box and no
/// hop through the pipeline.
struct FrameAccumulator {
    private let decoder: FrameDecoder
    /// Bytes of an incomplete frame, kept until the rest arrives.
    private var buffered: ByteBuffer?

    init(maximumFrameBytes: Int) {
        self.decoder = FrameDecoder(maximumFrameBytes: maximumFrameBytes)
    }

    /// Appends `bytes` and calls `body` with every whole frame, in order.
    ///
    /// - Throws: ``WireError`` `frameTooLarge` or `malformedFrame`; the connection must end.
    mutating func read(_ bytes: ByteBuffer, _ body: (Frame) -> Void) throws(WireError) {
        var buffer: ByteBuffer
        if var pending = buffered {
            buffered = nil
            var bytes = bytes
            pending.writeBuffer(&bytes)
            buffer = pending
        } else {
            buffer = bytes
        }
        while let frame = try decoder.decodeFrame(from: &buffer) {
            body(frame)
        }
        if buffer.readableBytes > 0 {
            buffer.discardReadBytes()
            buffered = buffer
        }
    }
}
