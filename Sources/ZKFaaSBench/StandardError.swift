#if canImport(Glibc)
import Glibc
#endif

/// Prints a line on standard error (figures that must not mix with the machine-read standard output).
func printError(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
}
