public import NIOCore
public import ZKProto

/// Splits a byte stream into ``Frame`` messages: a 4-byte big-endian length N, then N bytes of `zkfaas.v1.Frame`.
///
/// The length is checked against `maximumFrameBytes` as soon as its 4 bytes arrive, before any body byte is
/// buffered, so an oversized announcement costs no allocation. The connection handlers of `ZKRPCTransportNIO` call it
/// on the bytes they read (no separate pipeline stage: a frame costs no `NIOAny` box, and a large payload can be
/// handed on as a slice of the received bytes).
///
/// - Throws: ``WireError`` with code `frameTooLarge` or `malformedFrame`; both end the connection.
public struct FrameDecoder: Sendable {
    /// Size of the length prefix.
    public static let headerBytes = 4

    public let maximumFrameBytes: Int

    public init(maximumFrameBytes: Int) {
        self.maximumFrameBytes = maximumFrameBytes
    }

    /// Decodes one frame if the buffer holds a whole one; consumes nothing otherwise.
    public func decodeFrame(from buffer: inout ByteBuffer) throws(WireError) -> Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard Int(length) <= maximumFrameBytes else {
            throw WireError.frameTooLarge(length: length, limit: maximumFrameBytes)
        }
        guard buffer.readableBytes >= Self.headerBytes + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: Self.headerBytes)
        let body = buffer.readSlice(length: Int(length))!
        let decoded: Frame?
        do {
            decoded = try body.withUnsafeReadableBytes { (bytes) throws(ProtoDecodingError) -> Frame? in
                if let frame = FrameFastCodec.decode(bytes) { return frame }
                // libprotobuf-c would cut such a string short (see ``FrameStrings``).
                if FrameStrings.containNUL(bytes) { return nil }
                return try Frame(serializedBytes: bytes)
            }
        } catch {
            throw WireError(code: .malformedFrame, message: error.description)
        }
        guard let decoded else {
            throw WireError(code: .malformedFrame, message: "a string field of the frame holds a NUL byte")
        }
        return decoded
    }

    /// As ``decodeFrame(from:)``, but a payload of at least `minimumSliceBytes` is not copied out: the frame comes
    /// back with an empty `payload` and the payload as a slice of `buffer`'s storage (nil otherwise, the payload then
    /// being in the frame). For large responses, which are then decoded straight from the received bytes.
    public func decodeFrameSlicingPayload(
        from buffer: inout ByteBuffer,
        minimumSliceBytes: Int
    ) throws(WireError) -> (frame: Frame, payload: ByteBuffer?)? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
            return nil
        }
        guard Int(length) >= minimumSliceBytes else {
            return try decodeFrame(from: &buffer).map { ($0, nil) }
        }
        guard Int(length) <= maximumFrameBytes else {
            throw WireError.frameTooLarge(length: length, limit: maximumFrameBytes)
        }
        guard buffer.readableBytes >= Self.headerBytes + Int(length) else { return nil }
        let bodyStart = buffer.readerIndex + Self.headerBytes
        let sliced = buffer.withUnsafeReadableBytes { bytes in
            FrameFastCodec.decode(
                UnsafeRawBufferPointer(rebasing: bytes[Self.headerBytes..<(Self.headerBytes + Int(length))]),
                copyingPayload: false
            )
        }
        guard let (frame, range) = sliced, let range, range.count >= minimumSliceBytes else {
            return try decodeFrame(from: &buffer).map { ($0, nil) }
        }
        let payload = buffer.getSlice(at: bodyStart + range.lowerBound, length: range.count)!
        buffer.moveReaderIndex(forwardBy: Self.headerBytes + Int(length))
        return (frame, payload)
    }
}
