import NIOCore
import ZKProto

/// Encodes and decodes the common ``Frame``s — those without `metadata` and `status` — directly between Swift
/// values and bytes, without libprotobuf-c's C structs and their allocations.
///
/// The output is byte for byte what libprotobuf-c packs (fields in number order, proto3 defaults omitted). The
/// decoder accepts exactly fields 1, 2, 3, 4 and 6 with their proper wire types; anything else (metadata,
/// status, unknown fields, another wire type, a truncated field) makes it return nil, and the caller falls back
/// to libprotobuf-c, which stays the judge of what is valid.
enum FrameFastCodec {
    private static let requestIDTag: UInt8 = 1 << 3
    private static let kindTag: UInt8 = 2 << 3
    private static let methodTag: UInt8 = 3 << 3 | 2
    private static let deadlineTag: UInt8 = 4 << 3
    private static let payloadTag: UInt8 = 6 << 3 | 2

    /// Appends `frame` with its 4-byte length prefix; false (nothing written) if it has metadata or a status.
    static func encode(_ frame: Frame, into buffer: inout ByteBuffer) -> Bool {
        guard frame.metadata.isEmpty, frame.status == nil else { return false }
        let kind = UInt64(UInt32(bitPattern: frame.kind.rawValue))
        // protobuf-c sign-extends negative enum values to 10 bytes; leave those to it.
        guard frame.kind.rawValue >= 0 else { return false }
        let methodCount = frame.method.utf8.count
        var size = 0
        if frame.requestID != 0 { size += 1 + varintSize(frame.requestID) }
        if kind != 0 { size += 1 + varintSize(kind) }
        if methodCount != 0 { size += 1 + varintSize(UInt64(methodCount)) + methodCount }
        if frame.deadlineMs != 0 { size += 1 + varintSize(UInt64(frame.deadlineMs)) }
        if !frame.payload.isEmpty { size += 1 + varintSize(UInt64(frame.payload.count)) + frame.payload.count }
        let total = FrameDecoder.headerBytes + size
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: total) { out in
            var index = 0
            putLengthAndIDs(size: size, requestID: frame.requestID, kind: kind, out, &index)
            if methodCount != 0 {
                out[index] = methodTag
                index += 1
                putVarint(UInt64(methodCount), out, &index)
                var method = frame.method
                method.withUTF8 { utf8 in
                    UnsafeMutableRawBufferPointer(rebasing: out[index..<(index + methodCount)])
                        .copyMemory(from: UnsafeRawBufferPointer(utf8))
                }
                index += methodCount
            }
            putVarintField(deadlineTag, UInt64(frame.deadlineMs), out, &index)
            if !frame.payload.isEmpty {
                out[index] = payloadTag
                index += 1
                putVarint(UInt64(frame.payload.count), out, &index)
                let count = frame.payload.count
                frame.payload.withUnsafeBytes { bytes in
                    UnsafeMutableRawBufferPointer(rebasing: out[index..<(index + count)]).copyMemory(from: bytes)
                }
                index += count
            }
            assert(index == total)
            return index
        }
        return true
    }

    /// Appends the start of a response frame whose payload of `payloadCount` bytes the caller writes next: the
    /// 4-byte length, `request_id`, `kind` and the payload field's tag and length. Together with the payload the
    /// bytes equal ``encode(_:into:)``'s for `Frame(requestID:kind:payload:)`.
    static func encodeHead(requestID: UInt64, kind: FrameKind, payloadCount: Int, into buffer: inout ByteBuffer) {
        precondition(kind.rawValue >= 0 && payloadCount >= 0)
        let kindValue = UInt64(UInt32(bitPattern: kind.rawValue))
        var size = 0
        if requestID != 0 { size += 1 + varintSize(requestID) }
        if kindValue != 0 { size += 1 + varintSize(kindValue) }
        let payloadHead = payloadCount == 0 ? 0 : 1 + varintSize(UInt64(payloadCount))
        size += payloadHead + payloadCount
        let headBytes = FrameDecoder.headerBytes + size - payloadCount
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: headBytes) { out in
            var index = 0
            putLengthAndIDs(size: size, requestID: requestID, kind: kindValue, out, &index)
            putVarintField(payloadTag, UInt64(payloadCount), out, &index)  // the length of the payload field
            return index
        }
    }

    /// Writes the 4-byte big-endian `size`, then `request_id` and `kind` unless they are 0.
    @inline(__always)
    private static func putLengthAndIDs(
        size: Int,
        requestID: UInt64,
        kind: UInt64,
        _ out: UnsafeMutableRawBufferPointer,
        _ index: inout Int
    ) {
        let size32 = UInt32(size)
        out[index] = UInt8(truncatingIfNeeded: size32 >> 24)
        out[index + 1] = UInt8(truncatingIfNeeded: size32 >> 16)
        out[index + 2] = UInt8(truncatingIfNeeded: size32 >> 8)
        out[index + 3] = UInt8(truncatingIfNeeded: size32)
        index += 4
        putVarintField(requestIDTag, requestID, out, &index)
        putVarintField(kindTag, kind, out, &index)
    }

    /// Writes `tag` and `value` as a varint, unless `value` is 0 (proto3 leaves defaults out).
    @inline(__always)
    private static func putVarintField(
        _ tag: UInt8,
        _ value: UInt64,
        _ out: UnsafeMutableRawBufferPointer,
        _ index: inout Int
    ) {
        guard value != 0 else { return }
        out[index] = tag
        index += 1
        putVarint(value, out, &index)
    }

    /// Decodes a frame body made only of fields 1, 2, 3, 4 and 6; nil for anything else.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Frame? {
        decode(bytes, copyingPayload: true)?.frame
    }

    /// As ``decode(_:)``; without `copyingPayload` the frame's `payload` stays empty and the payload's position in
    /// `bytes` is returned instead (nil when the frame has none).
    static func decode(
        _ bytes: UnsafeRawBufferPointer,
        copyingPayload: Bool
    ) -> (frame: Frame, payload: Range<Int>?)? {
        var frame = Frame()
        var payload: Range<Int>?
        var index = 0
        let count = bytes.count
        while index < count {
            let tag = bytes[index]
            index += 1
            switch tag {
            case requestIDTag:
                guard let value = readVarint(bytes, &index) else { return nil }
                frame.requestID = value
            case kindTag:
                guard let value = readVarint(bytes, &index) else { return nil }
                frame.kind = FrameKind(rawValue: Int32(truncatingIfNeeded: value))
            case deadlineTag:
                guard let value = readVarint(bytes, &index) else { return nil }
                frame.deadlineMs = UInt32(truncatingIfNeeded: value)
            case methodTag:
                guard let field = readLengthDelimited(bytes, &index) else { return nil }
                // protobuf-c hands strings over NUL-terminated; leave strings with a NUL to it.
                guard !field.contains(0) else { return nil }
                frame.method = String(decoding: field, as: UTF8.self)
            case payloadTag:
                guard let field = readLengthDelimited(bytes, &index) else { return nil }
                if copyingPayload {
                    frame.payload = Array(field)
                } else {
                    payload = (index - field.count)..<index
                }
            default:
                return nil
            }
        }
        return (frame, payload)
    }

    @inline(__always)
    private static func varintSize(_ value: UInt64) -> Int {
        // 1 byte per started group of 7 bits; 0 takes 1 byte.
        (64 - (value | 1).leadingZeroBitCount + 6) / 7
    }

    @inline(__always)
    private static func putVarint(_ value: UInt64, _ out: UnsafeMutableRawBufferPointer, _ index: inout Int) {
        var value = value
        while value >= 0x80 {
            out[index] = UInt8(truncatingIfNeeded: value) | 0x80
            index += 1
            value >>= 7
        }
        out[index] = UInt8(value)
        index += 1
    }

    @inline(__always)
    private static func readVarint(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count && shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    @inline(__always)
    private static func readLengthDelimited(
        _ bytes: UnsafeRawBufferPointer,
        _ index: inout Int
    ) -> UnsafeRawBufferPointer? {
        guard let length = readVarint(bytes, &index), length <= UInt64(bytes.count - index) else { return nil }
        let start = index
        index += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<index])
    }
}
