extension Metadata {
    /// The longest value ``loggable(_:)`` keeps, in characters.
    public static let maximumLoggedValueLength = 128

    /// `value` as it may enter log metadata: printable ASCII (0x20–0x7E) stays, every other byte of its UTF-8 —
    /// newlines, escape sequences, other control characters, non-ASCII — becomes `\xHH`, and a backslash becomes
    /// `\\`, so a value a client chose (a `trace-id`, say) can never forge a log line or drive a terminal. At most
    /// ``maximumLoggedValueLength`` characters are kept; a longer value ends in `…`.
    public static func loggable(_ value: String) -> String {
        let utf8 = value.utf8
        if utf8.count <= maximumLoggedValueLength, utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x5C }) {
            return value
        }
        var out = ""
        out.reserveCapacity(Swift.min(utf8.count, maximumLoggedValueLength) + 8)
        var length = 0
        for byte in utf8 {
            let piece: String
            switch byte {
            case 0x5C: piece = "\\\\"
            case 0x20..<0x7F: piece = String(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                piece = "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
            guard length + piece.utf8.count <= maximumLoggedValueLength else {
                out += "…"
                break
            }
            out += piece
            length += piece.utf8.count
        }
        return out
    }
}
