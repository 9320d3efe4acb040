/// The string and whole-number members of one JSON object (RFC 8259), without Foundation: a JWK wallet file, a Kubo
/// RPC answer, an Arweave transaction status.
///
/// Other members (fractions, booleans, arrays, objects, as in `"ext": true` or `"key_ops"`) are skipped. Escapes in
/// strings are decoded (`\uXXXX` including surrogate pairs).
struct JSONObject {
    /// The string-valued members.
    let strings: [String: String]
    /// The members whose values are non-negative integers that fit 64 bits (`"number_of_confirmations": 25`).
    let numbers: [String: UInt64]

    /// Parses `bytes`; nil when they are not one JSON object.
    init?(_ bytes: [UInt8]) {
        var reader = Reader(bytes: bytes)
        guard let members = reader.object(), reader.atEnd() else { return nil }
        strings = members.strings
        numbers = members.numbers
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func atEnd() -> Bool {
            skipSpace()
            return index == bytes.count
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func object() -> (strings: [String: String], numbers: [String: UInt64])? {
            guard consume(UInt8(ascii: "{")) else { return nil }
            var strings: [String: String] = [:]
            var numbers: [String: UInt64] = [:]
            if consume(UInt8(ascii: "}")) { return (strings, numbers) }
            repeat {
                skipSpace()
                guard let key = string(), consume(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                    guard let value = string() else { return nil }
                    strings[key] = value
                } else {
                    let start = index
                    guard skipValue() else { return nil }
                    let text = String(decoding: bytes[start..<index], as: UTF8.self).trimmingSpace()
                    if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = UInt64(text) {
                        numbers[key] = number
                    }
                }
            } while consume(UInt8(ascii: ","))
            return consume(UInt8(ascii: "}")) ? (strings, numbers) : nil
        }

        /// Skips a non-string value: a literal, a number, or a nested array/object (strings inside respected).
        mutating func skipValue() -> Bool {
            var depth = 0
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    guard string() != nil else { return false }
                    continue
                }
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    depth += 1
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    if depth == 0 { break }
                    depth -= 1
                } else if byte == UInt8(ascii: ","), depth == 0 {
                    break
                }
                index += 1
            }
            return depth == 0 && index > start
        }

        mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var scalars = String.UnicodeScalarView()
            var pendingHigh: UInt32?
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return pendingHigh == nil ? String(scalars) : nil
                }
                if byte == UInt8(ascii: "\\") {
                    guard index + 1 < bytes.count else { return nil }
                    let escape = bytes[index + 1]
                    index += 2
                    let simple: [UInt8: UInt8] = [
                        UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F,
                        UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
                        UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
                    ]
                    if let value = simple[escape] {
                        guard pendingHigh == nil else { return nil }
                        scalars.append(Unicode.Scalar(value))
                        continue
                    }
                    guard escape == UInt8(ascii: "u"), index + 4 <= bytes.count,
                        let unit = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                    else { return nil }
                    index += 4
                    if let high = pendingHigh {
                        guard (0xDC00...0xDFFF).contains(unit),
                            let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))
                        else { return nil }
                        scalars.append(scalar)
                        pendingHigh = nil
                    } else if (0xD800...0xDBFF).contains(unit) {
                        pendingHigh = unit
                    } else {
                        guard let scalar = Unicode.Scalar(unit) else { return nil }
                        scalars.append(scalar)
                    }
                    continue
                }
                guard pendingHigh == nil, byte >= 0x20 else { return nil }
                // Raw UTF-8: copy the whole sequence.
                var end = index + 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                scalars.append(contentsOf: String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars)
                index = end
            }
            return nil
        }
    }
}

extension String {
    /// Without the JSON whitespace (space, tab, line feed, carriage return) at either end.
    fileprivate func trimmingSpace() -> String {
        let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !space.contains($0) }),
            let last = bytes.lastIndex(where: { !space.contains($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
