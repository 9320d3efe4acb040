import NIOCore
import ZKProto
import ZKWire

/// Cuts the ``Frame``s out of the bytes one connection reads, for a handler that decodes its own input.
///
/// The rules of ``FrameDecoder`` — the length is checked as soon as its 4 bytes arrive, before any body byte is
/// kept — without a separate pipeline stage, so a frame costs no `NIOAny` box and no hop through the pipeline.
///
/// Copies are kept to what framing needs: frames that arrive whole are cut from the read buffer (large payloads as
/// slices of it); only a frame that spans reads is copied, once, into a buffer of its own length reserved when its
/// header is known, and a read that completes it contributes just the bytes it lacked. The reservation follows what
/// has arrived (see ``room(forFrameOf:received:)``), so a peer that announces a large frame and sends nothing more
/// holds at most 64 KiB of a connection's memory, not the frame's length.
struct FrameAccumulator {
    private let decoder: FrameDecoder
    /// Bytes of an incomplete frame, kept until the rest arrives; while ``isHolding``, also whole frames not handed
    /// over yet.
    private var buffered: ByteBuffer?
    /// Whether `buffered` may hold whole frames: a reader stopped the cutting (see ``read(_:while:)``) or bytes were
    /// ``hold(_:)``-ed; ``resume(while:)`` hands them over.
    private(set) var isHolding = false

    init(maximumFrameBytes: Int) {
        self.decoder = FrameDecoder(maximumFrameBytes: maximumFrameBytes)
    }

    /// Appends `bytes` and calls `body` with every whole frame, in order.
    ///
    /// - Throws: ``WireError`` `frameTooLarge` or `malformedFrame`; the connection must end.
    mutating func read(_ bytes: ByteBuffer, _ body: (Frame) -> Void) throws(WireError) {
        try read(bytes, slicingPayloadsFrom: .max) { frame, _ in body(frame) }
    }

    /// As ``read(_:_:)``, but `body` may stop the cutting by returning false: the frames not handed over yet stay
    /// buffered (``isHolding``) until ``resume(while:)``. For a reader that stops reading while it cannot send.
    ///
    /// - Throws: ``WireError`` `frameTooLarge` or `malformedFrame`; the connection must end.
    mutating func read(_ bytes: ByteBuffer, while body: (Frame) -> Bool) throws(WireError) {
        if isHolding {
            hold(bytes)
            try resume(while: body)
            return
        }
        var buffer = bytes
        if var whole = try completing(from: &buffer), let frame = try decoder.decodeFrame(from: &whole) {
            guard body(frame) else {
                keepHeld(buffer)
                return
            }
        }
        while let frame = try decoder.decodeFrame(from: &buffer) {
            guard body(frame) else {
                keepHeld(buffer)
                return
            }
        }
        keep(buffer)
    }

    /// Appends `bytes` without cutting frames from them (not even checking a length): the reader has stopped; they
    /// are cut by ``resume(while:)``.
    mutating func hold(_ bytes: ByteBuffer) {
        guard bytes.readableBytes > 0 else { return }
        if buffered == nil {
            buffered = Self.allocator.buffer(capacity: bytes.readableBytes)
        }
        buffered!.writeImmutableBuffer(bytes)
        isHolding = true
    }

    /// Hands over the frames held since the reader stopped, until `body` stops it again.
    ///
    /// - Throws: ``WireError`` `frameTooLarge` or `malformedFrame`; the connection must end.
    mutating func resume(while body: (Frame) -> Bool) throws(WireError) {
        guard isHolding, var buffer = buffered else {
            isHolding = false
            return
        }
        isHolding = false
        buffered = nil
        while let frame = try decoder.decodeFrame(from: &buffer) {
            guard body(frame) else {
                keepHeld(buffer)
                return
            }
        }
        keep(buffer)
    }

    /// Keeps the unread rest of `buffer`, which may hold whole frames, after the reader stopped.
    private mutating func keepHeld(_ buffer: ByteBuffer) {
        keep(buffer)
        isHolding = buffered != nil
    }

    /// As ``read(_:_:)``, but payloads of at least `minimumSliceBytes` are handed over as slices of the received
    /// bytes (see ``FrameDecoder/decodeFrameSlicingPayload(from:minimumSliceBytes:)``) instead of being copied.
    mutating func read(
        _ bytes: ByteBuffer,
        slicingPayloadsFrom minimumSliceBytes: Int,
        _ body: (Frame, ByteBuffer?) -> Void
    ) throws(WireError) {
        var buffer = bytes
        if var whole = try completing(from: &buffer),
            let (frame, payload) = try decoder.decodeFrameSlicingPayload(
                from: &whole,
                minimumSliceBytes: minimumSliceBytes
            )
        {
            body(frame, payload)
        }
        while let (frame, payload) = try decoder.decodeFrameSlicingPayload(
            from: &buffer,
            minimumSliceBytes: minimumSliceBytes
        ) {
            body(frame, payload)
        }
        keep(buffer)
    }

    /// Completes the incomplete frame kept from earlier reads, if any, with bytes from the front of `bytes` — only
    /// as many as it lacks: the frames after it are cut from `bytes` itself, not copied — and returns its bytes once
    /// whole (nil while they are not, with all of `bytes` kept).
    ///
    /// The length is checked as soon as its 4th byte arrives; the frame's room is then reserved at once.
    private mutating func completing(from bytes: inout ByteBuffer) throws(WireError) -> ByteBuffer? {
        guard var pending = buffered else { return nil }
        buffered = nil
        let header = FrameDecoder.headerBytes
        if pending.readableBytes < header {
            var head = bytes.readSlice(length: min(header - pending.readableBytes, bytes.readableBytes))!
            pending.writeBuffer(&head)
            guard pending.readableBytes == header else {
                buffered = pending
                return nil
            }
        }
        let length = pending.getInteger(at: pending.readerIndex, endianness: .big, as: UInt32.self)!
        guard Int(length) <= decoder.maximumFrameBytes else {
            throw WireError.frameTooLarge(length: length, limit: decoder.maximumFrameBytes)
        }
        let missing = header + Int(length) - pending.readableBytes
        // What has arrived of this frame: the read may carry the frames after it too, which are not kept here.
        let arrived = min(pending.readableBytes + bytes.readableBytes, header + Int(length))
        let room = Self.room(forFrameOf: Int(length), received: arrived) - pending.readableBytes
        if pending.writableBytes < room {
            pending.reserveCapacity(minimumWritableBytes: room)
        }
        var part = bytes.readSlice(length: min(missing, bytes.readableBytes))!
        pending.writeBuffer(&part)
        guard pending.readableBytes == header + Int(length) else {
            buffered = pending
            return nil
        }
        return pending
    }

    /// Keeps the unread rest of `buffer` (an incomplete frame) for the next read.
    ///
    /// The rest is always moved to a buffer of its own, with room for the whole frame when its length is known and
    /// not far beyond what has arrived, so the following reads are appended without regrowing. Keeping the read
    /// buffer itself would save nothing: NIO's receive-buffer pool holds a reference to it, so appending copies it
    /// anyway (and the pool could not reuse it); and when frames before the rest were handed out as slices, only the
    /// rest is copied, not the whole buffer.
    private mutating func keep(_ buffer: ByteBuffer) {
        var buffer = buffer
        let rest = buffer.readableBytes
        guard rest > 0 else { return }
        var room = rest
        if let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) {
            // The length was checked by the decoder before it stopped at this frame.
            room = Self.room(forFrameOf: Int(length), received: rest)
        }
        var kept = Self.allocator.buffer(capacity: room)
        kept.writeBuffer(&buffer)
        buffered = kept
    }

    private static let allocator = ByteBufferAllocator()

    /// The bytes to reserve for a frame with a `length`-byte body of which `received` bytes (header included) have
    /// arrived: the whole frame when that is at most 8 MiB and at most 16 times what has arrived (or 64 KiB);
    /// otherwise that bound, and the buffer grows (amortised) as more arrives. Never less than what has arrived.
    static func room(forFrameOf length: Int, received: Int) -> Int {
        let whole = FrameDecoder.headerBytes + length
        let bound = length <= reserveWholeFrameBytes ? max(received * 16, 64 << 10) : received
        return max(received, min(whole, bound))
    }

    /// Frames up to this size may get their whole length reserved at once.
    static let reserveWholeFrameBytes = 8 << 20

    /// The capacity held for the incomplete frame, if any (for tests).
    var bufferedCapacity: Int { buffered?.capacity ?? 0 }
}
