/// A minimal protocol-buffers wire-format reader over a byte slice (varint and length-delimited fields only).
struct ProtobufReader {
    enum Value {
        case varint(UInt64)
        case bytes(ArraySlice<UInt8>)
    }

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = bytes.startIndex
    }

    var isAtEnd: Bool { offset >= bytes.endIndex }

    /// The next field number and value, or nil at the end.
    ///
    /// - Throws: ``ContentError/Code/malformedBlock`` for unsupported wire types or truncated fields.
    mutating func next() throws(ContentError) -> (field: UInt64, value: Value)? {
        guard !isAtEnd else { return nil }
        do throws(ContentError) {
            let key = try Varint.decode(bytes, offset: &offset)
            let field = key >> 3
            guard field > 0 else { throw ContentError(code: .malformedBlock, message: "protobuf field number 0") }
            switch key & 7 {
            case 0:
                return (field, .varint(try Varint.decode(bytes, offset: &offset)))
            case 2:
                let length = try Varint.decode(bytes, offset: &offset)
                guard length <= UInt64(bytes.endIndex - offset) else {
                    throw ContentError(code: .malformedBlock, message: "protobuf field \(field) runs past the block")
                }
                let start = offset
                offset += Int(length)
                return (field, .bytes(bytes[start..<offset]))
            default:
                throw ContentError(
                    code: .malformedBlock,
                    message: "protobuf wire type \(key & 7) of field \(field) is not used by dag-pb/UnixFS"
                )
            }
        } catch {
            guard error.code == .truncated || error.code == .varintOverflow else { throw error }
            throw ContentError(code: .malformedBlock, message: "bad protobuf varint: \(error.message)")
        }
    }
}

/// A minimal protocol-buffers writer.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varintField(_ field: UInt64, _ value: UInt64) {
        Varint.encode(field << 3, into: &bytes)
        Varint.encode(value, into: &bytes)
    }

    mutating func bytesField(_ field: UInt64, _ value: some Collection<UInt8>) {
        Varint.encode(field << 3 | 2, into: &bytes)
        Varint.encode(UInt64(value.count), into: &bytes)
        bytes.append(contentsOf: value)
    }
}
