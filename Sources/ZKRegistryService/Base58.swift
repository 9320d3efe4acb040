/// Bitcoin-alphabet base58 (multibase `z`, CIDv0), for the short strings a CID is.
enum Base58 {
    private static let alphabet = Array(
        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// Decodes base58btc text; nil on a character outside the alphabet.
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var zeros = 0
        for character in text {
            guard character == UInt8(ascii: "1") else { break }
            zeros += 1
        }
        // Big-endian base-256 accumulator: number = number * 58 + digit.
        var number: [UInt8] = []
        for character in text.dropFirst(zeros) {
            let digit = values[Int(character)]
            guard digit >= 0 else { return nil }
            var carry = Int(digit)
            for index in number.indices.reversed() {
                carry += Int(number[index]) * 58
                number[index] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
            }
            while carry > 0 {
                number.insert(UInt8(truncatingIfNeeded: carry), at: 0)
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + number
    }

    /// Encodes bytes as base58btc text.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var zeros = 0
        for byte in bytes {
            guard byte == 0 else { break }
            zeros += 1
        }
        var digits: [UInt8] = []  // little-endian base-58 digits
        for byte in bytes.dropFirst(zeros) {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        return [UInt8](repeating: UInt8(ascii: "1"), count: zeros)
            + digits.reversed().map { alphabet[Int($0)] }
    }
}
