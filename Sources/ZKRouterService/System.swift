#if canImport(Glibc)
import Glibc
#endif

/// Facts about the machine.
public enum System {
    /// Online processor count.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
