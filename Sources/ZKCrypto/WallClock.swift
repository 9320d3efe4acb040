#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time since the Unix epoch (`CLOCK_REALTIME`), for timestamps that leave the process: records,
/// registrations, last-access times, UTC days.
///
/// Measure elapsed time with `ContinuousClock` instead; the wall clock can jump. It lives here, not in a module of
/// its own, because ``ZKCrypto`` is the lowest library every service already depends on.
public enum WallClock {
    /// Milliseconds since the Unix epoch.
    public static func milliseconds() -> UInt64 {
        let now = current()
        return UInt64(now.tv_sec) &* 1000 &+ UInt64(now.tv_nsec) / 1_000_000
    }

    /// Whole seconds since the Unix epoch.
    public static func seconds() -> UInt64 {
        UInt64(current().tv_sec)
    }

    /// `CLOCK_REALTIME`, clamped to the epoch.
    private static func current() -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now.tv_sec < 0 ? timespec() : now
    }
}
