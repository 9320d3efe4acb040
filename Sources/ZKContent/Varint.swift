/// Unsigned LEB128 varints as specified by multiformats (`unsigned-varint`): at most 9 bytes (63 bits), minimal form.
public enum Varint {
    /// The longest varint multiformats allows.
    public static let maxLength = 9

    /// Appends the varint encoding of `value` to `output`.
    @inlinable
    public static func encode(_ value: UInt64, into output: inout [UInt8]) {
        var remaining = value
        while remaining >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        output.append(UInt8(remaining))
    }

    /// The varint encoding of `value`.
    public static func encode(_ value: UInt64) -> [UInt8] {
        var output: [UInt8] = []
        encode(value, into: &output)
        return output
    }

    /// The number of bytes `value` takes as a varint.
    public static func encodedLength(_ value: UInt64) -> Int {
        var length = 1
        var remaining = value >> 7
        while remaining != 0 {
            length += 1
            remaining >>= 7
        }
        return length
    }

    /// Decodes a varint starting at `offset`, advancing it past the varint.
    ///
    /// - Throws: ``ContentError/Code/truncated`` if the input ends inside the varint,
    ///   ``ContentError/Code/varintOverflow`` if it is longer than 9 bytes or not minimally encoded.
    public static func decode<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes,
        offset: inout Bytes.Index
    ) throws(ContentError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        for position in 0..<maxLength {
            guard index < bytes.endIndex else {
                throw ContentError(code: .truncated, message: "input ends inside a varint after \(position) byte(s)")
            }
            let byte = bytes[index]
            index = bytes.index(after: index)
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && position > 0 {
                    throw ContentError(code: .varintOverflow, message: "varint is not minimally encoded")
                }
                offset = index
                return value
            }
            shift += 7
        }
        throw ContentError(code: .varintOverflow, message: "varint is longer than \(maxLength) bytes")
    }
}
