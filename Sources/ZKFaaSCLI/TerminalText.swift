/// Text from a service (a registry description, an author, a zkVM name) made safe to print on a terminal: control
/// characters (escape sequences, carriage returns, newlines, C1 controls) and invisible format characters (such as
/// bidirectional overrides) become `\u{…}`, so a record cannot rewrite the terminal or hide text. Everything else,
/// any script, is kept.
enum TerminalText {
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
