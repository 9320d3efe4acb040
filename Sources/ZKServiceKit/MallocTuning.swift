import CMalloc

#if canImport(Glibc)
    import Glibc
#endif

/// glibc malloc settings for processes that move programs and proofs: hundreds of KiB to MiBs per call.
///
/// By default glibc serves allocations from 128 KiB up (the threshold adapts upwards, slowly) with fresh `mmap`s and
/// hands freed memory at the top of a thread's heap back to the kernel beyond 128 KiB (`madvise(MADV_DONTNEED)`).
/// A connection that receives a 400 KB answer then decodes it into a new array pays, per call, for the kernel
/// zeroing and faulting in every page again: measured here, that halves hot `GetProgram` throughput at 16 calls in
/// flight (`Scripts/bench.sh storage`). These settings keep such buffers in the heap and keep up to 64 MiB of
/// freed memory per heap for reuse; allocations from 32 MiB up still get their own mappings.
///
/// The trim threshold applies to every malloc arena, and glibc makes up to 8 arenas per core as threads contend: an
/// idle service could then hold 64 MiB of freed memory per arena. So the arenas are capped too, at twice the cores
/// (at least 2, at most 8): idle retention stays under ``arenaLimit`` × 64 MiB (256 MiB on 2 cores). glibc's own
/// `MALLOC_ARENA_MAX` environment variable, when set, wins.
public enum MallocTuning {
    /// The arena cap applied: twice the cores, within 2…8.
    public static var arenaLimit: Int32 {
        #if canImport(Glibc)
            Int32(min(8, max(2, 2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))))
        #else
            8
        #endif
    }

    /// Allocations from this size up get their own mapping (glibc's largest allowed threshold on 64-bit).
    public static let mmapThreshold: Int32 = 32 << 20
    /// Free memory kept at the top of a heap before it is returned to the kernel.
    public static let trimThreshold: Int32 = 64 << 20

    /// Applies the settings once, at start-up, before threads allocate; true when glibc accepted both.
    @discardableResult
    public static func apply() -> Bool {
        let mmap = zk_mallopt(zk_malloc_mmap_threshold(), mmapThreshold)
        let trim = zk_mallopt(zk_malloc_trim_threshold(), trimThreshold)
        var arenas: Int32 = 1
        if getenv("MALLOC_ARENA_MAX") == nil { arenas = zk_mallopt(zk_malloc_arena_max(), arenaLimit) }
        return mmap == 1 && trim == 1 && arenas == 1
    }
}
