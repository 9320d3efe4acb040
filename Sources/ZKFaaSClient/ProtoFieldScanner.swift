/// Lists the top-level fields of an encoded protobuf message without decoding them, so a large field can be taken
/// as a range of the bytes instead of being copied.
enum ProtoFieldScanner {
    /// One field: its number, the bytes of the whole field (tag included), and, for a length-delimited field, the
    /// bytes of its value.
    struct Field: Equatable {
        var number: Int
        var field: Range<Int>
        var value: Range<Int>?
    }

    /// The fields of `bytes` in order; nil when they are not a well-formed message (bad tag, truncated field, group
    /// or unknown wire type).
    static func scan(_ bytes: UnsafeRawBufferPointer) -> [Field]? {
        var fields: [Field] = []
        var index = 0
        while index < bytes.count {
            let start = index
            guard let tag = varint(bytes, &index), tag >> 3 > 0, tag >> 3 <= 536_870_911 else { return nil }
            var value: Range<Int>?
            switch tag & 7 {
            case 0:
                guard varint(bytes, &index) != nil else { return nil }
            case 1:
                guard bytes.count - index >= 8 else { return nil }
                index += 8
            case 2:
                guard let length = varint(bytes, &index), length <= UInt64(bytes.count - index) else { return nil }
                value = index..<(index + Int(length))
                index += Int(length)
            case 5:
                guard bytes.count - index >= 4 else { return nil }
                index += 4
            default:
                return nil
            }
            fields.append(Field(number: Int(tag >> 3), field: start..<index, value: value))
        }
        return fields
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        return nil
    }
}
