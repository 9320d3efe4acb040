#if canImport(Glibc)
import Glibc
#endif

/// Standard error as a `TextOutputStream`, for messages that must not mix with `--json` output.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes.removeFirst(written)
        }
    }
}

/// Prints a line on standard error.
func printError(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}
