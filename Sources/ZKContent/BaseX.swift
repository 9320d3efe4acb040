/// Positional big-number encodings with a leading-zero convention (base58btc, base36), as used by multibase.
public struct BaseX: Sendable {
    /// Bitcoin's base58 alphabet: multibase `z`, and bare CIDv0 strings.
    public static let base58btc = BaseX(alphabet: "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
    /// Lowercase base36: multibase `k`.
    public static let base36 = BaseX(alphabet: "0123456789abcdefghijklmnopqrstuvwxyz")

    /// Longest text accepted by ``decode(_:)``; the conversion is quadratic and CIDs are short.
    public static let maxTextLength = 512

    private let alphabet: [UInt8]
    private let decodeTable: [Int16]

    private init(alphabet: String) {
        self.alphabet = Array(alphabet.utf8)
        var table = [Int16](repeating: -1, count: 256)
        for (index, character) in self.alphabet.enumerated() { table[Int(character)] = Int16(index) }
        self.decodeTable = table
    }

    private var radix: UInt32 { UInt32(alphabet.count) }

    /// Encodes `bytes`; every leading zero byte becomes one leading zero digit.
    public func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        var digits: [UInt32] = []  // little-endian digits in `radix`
        for byte in bytes[zeros...] {
            var carry = UInt32(byte)
            for index in digits.indices {
                carry += digits[index] << 8
                digits[index] = carry % radix
                carry /= radix
            }
            while carry > 0 {
                digits.append(carry % radix)
                carry /= radix
            }
        }
        var output = [UInt8](repeating: alphabet[0], count: zeros)
        output.append(contentsOf: digits.reversed().map { alphabet[Int($0)] })
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes text; every leading zero digit becomes one leading zero byte.
    ///
    /// - Throws: ``ContentError/Code/invalidEncoding`` for a character outside the alphabet,
    ///   ``ContentError/Code/tooLarge`` for text longer than ``maxTextLength``.
    public func decode(_ text: some StringProtocol) throws(ContentError) -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count <= Self.maxTextLength else {
            throw ContentError(code: .tooLarge, message: "encoded text longer than \(Self.maxTextLength) characters")
        }
        let zeros = characters.prefix { $0 == alphabet[0] }.count
        var bytes: [UInt8] = []  // little-endian
        for (position, character) in characters.enumerated().dropFirst(zeros) {
            let value = decodeTable[Int(character)]
            guard value >= 0 else {
                throw ContentError(
                    code: .invalidEncoding,
                    message:
                        "character '\(Unicode.Scalar(character))' at \(position) is not in the base\(radix) alphabet"
                )
            }
            var carry = UInt32(value)
            for index in bytes.indices {
                carry += UInt32(bytes[index]) * radix
                bytes[index] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(truncatingIfNeeded: carry))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }
}
