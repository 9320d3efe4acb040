/// Reads the fields of a *flat* message — one made only of singular varint, string and bytes fields — straight
/// from its wire bytes, for the generated `init?(flatBytes:)` decoders.
///
/// It decodes only what it is certain libprotobuf-c decodes to the same value, and gives up (nil) on anything
/// else: an unknown field number or wire type, a varint longer than 10 bytes, a length past the end, or a string
/// that is not plain ASCII without NUL (protobuf-c NUL-terminates strings and its conversion stops at the first
/// NUL). The caller then decodes with libprotobuf-c, which stays the judge of what is valid. Bytes fields are
/// copied once, straight from the input, instead of through protobuf-c's buffers.
public struct ProtoFlatReader {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Whether every byte was read.
    public var isAtEnd: Bool { index == bytes.count }

    /// How many bytes were read.
    public var offset: Int { index }

    /// The next field's number and wire type; nil on a malformed tag.
    public mutating func nextTag() -> (number: UInt64, wireType: UInt8)? {
        guard let tag = varint() else { return nil }
        return (tag >> 3, UInt8(truncatingIfNeeded: tag & 7))
    }

    /// A varint of at most 10 bytes.
    public mutating func varint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count && shift < 70 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return shift == 63 && byte > 1 ? nil : result }
            shift += 7
        }
        return nil
    }

    /// A length-delimited field's bytes, copied.
    public mutating func bytesField() -> [UInt8]? {
        guard let range = lengthDelimited() else { return nil }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    /// A length-delimited field as a string, if it is ASCII without NUL.
    public mutating func asciiString() -> String? {
        guard let range = lengthDelimited() else { return nil }
        let field = UnsafeRawBufferPointer(rebasing: bytes[range])
        guard field.allSatisfy({ $0 != 0 && $0 < 0x80 }) else { return nil }
        return String(decoding: field, as: UTF8.self)
    }

    /// A length-delimited field's bytes, as their range in the input (not copied).
    public mutating func lengthDelimited() -> Range<Int>? {
        guard let length = varint(), length <= UInt64(bytes.count - index) else { return nil }
        return skip(Int(length))
    }

    /// Steps over the next `count` bytes (a fixed32 or fixed64 value); their range, or nil past the end.
    public mutating func skip(_ count: Int) -> Range<Int>? {
        guard count >= 0, count <= bytes.count - index else { return nil }
        let start = index
        index += count
        return start..<index
    }
}
