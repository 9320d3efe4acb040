/// Unpadded base64url (RFC 4648 §5), the encoding of every binary field in Arweave's JSON: ids, owners, signatures,
/// anchors, data roots, tag names and values, data and chunks.
enum ArweaveBase64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// `bytes` as unpadded base64url.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var out = [UInt8](repeating: 0, count: (bytes.count * 4 + 2) / 3)
        bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                var index = 0
                var position = 0
                while index < input.count {
                    let remaining = input.count - index
                    var word = UInt32(input[index]) << 16
                    if remaining > 1 { word |= UInt32(input[index + 1]) << 8 }
                    if remaining > 2 { word |= UInt32(input[index + 2]) }
                    let characters = min(4, remaining + 1)
                    for slot in 0..<characters {
                        output[position + slot] = alphabet[Int(word >> UInt32(18 - 6 * slot) & 0x3F)]
                    }
                    position += characters
                    index += 3
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of unpadded (or `=`-padded) base64url `text`, or nil when it is not base64url.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var characters = Array(text.utf8)
        while characters.last == UInt8(ascii: "=") { characters.removeLast() }
        guard characters.count % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(characters.count * 3 / 4)
        var word: UInt32 = 0
        var bits = 0
        for character in characters {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            word = word << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: word >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero in canonical encodings; others name the same bytes but are refused.
        guard word & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}
