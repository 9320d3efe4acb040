import Foundation
import Testing
import ZKCrypto

@Suite("WallClock")
struct WallClockTests {
    @Test("milliseconds and seconds agree with Foundation's Date")
    func matchesDate() {
        let before = Date().timeIntervalSince1970
        let milliseconds = WallClock.milliseconds()
        let seconds = WallClock.seconds()
        let after = Date().timeIntervalSince1970
        #expect(Double(milliseconds) >= (before * 1000).rounded(.down) - 1)
        #expect(Double(milliseconds) <= (after * 1000).rounded(.up) + 1)
        #expect(seconds >= UInt64(before) && seconds <= UInt64(after) + 1)
        #expect(seconds >= milliseconds / 1000)
    }
}
