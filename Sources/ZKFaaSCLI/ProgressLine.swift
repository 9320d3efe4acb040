#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on standard error (redrawn in place on a terminal).
struct ProgressLine {
    let enabled: Bool
    private let terminal = isatty(2) == 1

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ text: String) {
        guard enabled else { return }
        var err = StandardError()
        if terminal {
            print("\r\u{1B}[2K" + text, terminator: "", to: &err)
        } else {
            print(text, to: &err)
        }
    }

    func finish() {
        guard enabled, terminal else { return }
        var err = StandardError()
        print("\r\u{1B}[2K", terminator: "", to: &err)
    }
}
