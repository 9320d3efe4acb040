import ZKProto

/// Finds NUL bytes in the string fields of an encoded `zkfaas.v1.Frame`, which libprotobuf-c would cut short.
///
/// libprotobuf-c hands strings over NUL-terminated, so its decoding of `"valid\0junk"` is `"valid"`: an `api-key`
/// with a NUL would authenticate as its prefix, a method `"…/Prove\0x"` would dispatch to `Prove`. A frame decoded
/// through libprotobuf-c is therefore refused when one of its strings holds a NUL: `method` (3), the `key` (1) and
/// `value` (2) of each `metadata` entry (5), and the status's (7) `message` (2) and `details` (3) entries. The
/// walk follows the wire format only as far as those fields; anything malformed is left to libprotobuf-c to judge.
enum FrameStrings {
    /// Whether a string field of the frame body `bytes` holds a NUL byte.
    static func containNUL(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.contains(0) else { return false }
        return walk(bytes) { number, field in
            switch number {
            case 3: field.contains(0)
            case 5: entryContainsNUL(field)
            case 7:
                walk(field) { number, field in
                    switch number {
                    case 2: field.contains(0)
                    case 3: entryContainsNUL(field)
                    default: false
                    }
                }
            default: false
            }
        }
    }

    /// Whether the `key` or `value` of an encoded `MetadataEntry` holds a NUL byte.
    private static func entryContainsNUL(_ bytes: UnsafeRawBufferPointer) -> Bool {
        walk(bytes) { number, field in (number == 1 || number == 2) && field.contains(0) }
    }

    /// Calls `found` with the number and bytes of each length-delimited field of the message `bytes` until it answers
    /// true; true then. Stops (false) at the first malformed field. Reads through ``ZKProto/ProtoFlatReader``, the
    /// one protobuf wire reader.
    private static func walk(
        _ bytes: UnsafeRawBufferPointer,
        _ found: (UInt64, UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        var reader = ProtoFlatReader(bytes)
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.nextTag() else { return false }
            switch wireType {
            case 0:
                guard reader.varint() != nil else { return false }
            case 1:
                guard reader.skip(8) != nil else { return false }
            case 5:
                guard reader.skip(4) != nil else { return false }
            case 2:
                guard let range = reader.lengthDelimited() else { return false }
                if found(number, UnsafeRawBufferPointer(rebasing: bytes[range])) { return true }
            default:
                return false
            }
        }
        return false
    }
}
