import Synchronization

/// What the soak's clients and its reporter share: the current window and each watched process's RSS samples.
final class SoakState: Sendable {
    let window = Mutex(SoakWindow())
    let rss: Mutex<[String: [Double]]>

    init(rss: [String: [Double]]) {
        self.rss = Mutex(rss)
    }
}
