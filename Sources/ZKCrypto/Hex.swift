/// Hexadecimal encoding and decoding.
///
/// Encoding always produces lowercase digits. Decoding accepts upper- and lowercase digits and an optional `0x`/`0X`
/// prefix, and throws ``CryptoError/Code/invalidHex`` on an odd number of digits or a non-hex character.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`, optionally prefixed with `0x`.
    ///
    /// - Parameters:
    ///   - bytes: The bytes to encode.
    ///   - prefix: Whether to prepend `0x`.
    public static func encode(_ bytes: some Sequence<UInt8>, prefix: Bool = false) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2 + 2)
        if prefix { utf8.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "x")]) }
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Decodes hex text, with or without a `0x` prefix.
    ///
    /// - Parameter text: Hex digits (either case); an empty string (or a bare `0x`) decodes to no bytes.
    /// - Returns: The decoded bytes.
    /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidHex`` if the digit count is odd or a character is
    ///   not a hex digit.
    public static func decode(_ text: some StringProtocol) throws(CryptoError) -> [UInt8] {
        var utf8 = Substring(text).utf8[...]
        if utf8.count >= 2, utf8.first == UInt8(ascii: "0"),
            utf8.dropFirst().first == UInt8(ascii: "x") || utf8.dropFirst().first == UInt8(ascii: "X")
        {
            utf8 = utf8.dropFirst(2)
        }
        guard utf8.count % 2 == 0 else {
            throw CryptoError(code: .invalidHex, message: "hex string has an odd number of digits (\(utf8.count))")
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var high: UInt8? = nil
        var position = 0
        for character in utf8 {
            guard let value = nibble(character) else {
                throw CryptoError(
                    code: .invalidHex,
                    message: "invalid hex digit \(describe(character)) at offset \(position)"
                )
            }
            if let pending = high {
                out.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
            position += 1
        }
        return out
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func describe(_ character: UInt8) -> String {
        (0x20..<0x7f).contains(character)
            ? "'\(Character(Unicode.Scalar(character)))'" : "byte 0x\(encode([character]))"
    }
}
