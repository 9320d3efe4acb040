import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The first line a started process writes to its stdout file that begins with a prefix (`READY`, `LISTENING`):
/// polled with a deadline, so a process that hangs without printing fails the test instead of blocking it.
enum StartupLine {
    /// The line, or nil when `process` exited or `timeout` passed first.
    static func wait(
        prefix: String,
        in file: URL,
        of process: Process,
        timeout: TimeInterval
    ) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let contents = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            // Only whole lines: the process may be writing this one.
            if let line = contents.split(separator: "\n", omittingEmptySubsequences: true).dropLast(
                contents.hasSuffix("\n") ? 0 : 1
            ).first(where: { $0.hasPrefix(prefix) }) {
                return String(line)
            }
            guard process.isRunning else { return nil }
            usleep(10_000)
        }
        return nil
    }
}
