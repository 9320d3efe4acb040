/// RFC 4648 base32, lowercase alphabet, no padding: the multibase `b` encoding used for CIDv1 strings.
public enum Base32 {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    private static let decodeTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// Encodes `bytes` as lowercase unpadded base32.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((accumulator >> UInt32(bits)) & 31)])
            }
            accumulator &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 {
            output.append(alphabet[Int((accumulator << UInt32(5 - bits)) & 31)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes lowercase unpadded base32.
    ///
    /// - Throws: ``ContentError/Code/invalidEncoding`` for a character outside the alphabet, an impossible length or
    ///   non-zero trailing bits.
    public static func decode(_ text: some StringProtocol) throws(ContentError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count * 5 / 8)
        var accumulator: UInt32 = 0
        var bits = 0
        var position = 0
        for character in text.utf8 {
            let value = decodeTable[Int(character)]
            guard value >= 0 else {
                throw ContentError(
                    code: .invalidEncoding,
                    message: "character '\(Unicode.Scalar(character))' at \(position) is not lowercase base32"
                )
            }
            accumulator = (accumulator << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
            accumulator &= (1 << UInt32(bits)) - 1
            position += 1
        }
        guard bits < 5, accumulator == 0 else {
            throw ContentError(code: .invalidEncoding, message: "base32 text has an impossible length or stray bits")
        }
        return output
    }
}
