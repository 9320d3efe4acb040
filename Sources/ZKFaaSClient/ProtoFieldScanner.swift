import ZKProto

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
        var reader = ProtoFlatReader(bytes)
        while !reader.isAtEnd {
            let start = reader.offset
            guard let (number, wireType) = reader.nextTag(), number > 0, number <= 536_870_911 else { return nil }
            var value: Range<Int>?
            switch wireType {
            case 0:
                guard reader.varint() != nil else { return nil }
            case 1:
                guard reader.skip(8) != nil else { return nil }
            case 2:
                guard let range = reader.lengthDelimited() else { return nil }
                value = range
            case 5:
                guard reader.skip(4) != nil else { return nil }
            default:
                return nil
            }
            fields.append(Field(number: Int(number), field: start..<reader.offset, value: value))
        }
        return fields
    }
}
