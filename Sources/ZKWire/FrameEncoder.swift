public import NIOCore
public import ZKProto

/// Writes each ``Frame`` as a 4-byte big-endian length followed by its protobuf encoding, into the buffers the
/// connection handlers of `ZKRPCTransportNIO` write.
public enum FrameEncoder {
    /// Appends one length-prefixed frame to `buffer`.
    ///
    /// Frames without metadata and status (responses, pings, most requests) are written directly; others go
    /// through libprotobuf-c. Both give the same bytes.
    public static func encode(_ frame: Frame, into buffer: inout ByteBuffer) {
        if FrameFastCodec.encode(frame, into: &buffer) { return }
        let bytes = frame.serializedBytes()
        buffer.reserveCapacity(minimumWritableBytes: FrameDecoder.headerBytes + bytes.count)
        buffer.writeInteger(UInt32(bytes.count), endianness: .big)
        buffer.writeBytes(bytes)
    }

    /// Appends the start of a frame of `kind` for `requestID` whose payload (`payloadCount` bytes, written next by
    /// the caller, possibly as separate buffers) completes it. Frame plus payload are the bytes ``encode(_:into:)``
    /// gives for the same frame with the payload inline.
    public static func encodeHead(
        requestID: UInt64,
        kind: FrameKind,
        payloadCount: Int,
        into buffer: inout ByteBuffer
    ) {
        FrameFastCodec.encodeHead(requestID: requestID, kind: kind, payloadCount: payloadCount, into: &buffer)
    }
}
