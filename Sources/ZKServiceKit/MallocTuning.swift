import CMalloc

/// glibc malloc settings for processes that move programs and proofs: hundreds of KiB to MiBs per call.
///
/// By default glibc serves allocations from 128 KiB up (the threshold adapts upwards, slowly) with fresh `mmap`s and
/// hands freed memory at the top of a thread's heap back to the kernel beyond 128 KiB (`madvise(MADV_DONTNEED)`).
/// A connection that receives a 400 KB answer then decodes it into a new array pays, per call, for the kernel
/// zeroing and faulting in every page again: measured here, that halves hot `GetProgram` throughput at 16 calls in
/// flight (`Scripts/bench.sh storage`). These settings keep such buffers in the heap and keep up to 64 MiB of
/// freed memory per heap for reuse; allocations from 32 MiB up still get their own mappings.
///
/// The trim threshold applies to every malloc arena (glibc makes up to 8 per core as threads contend), so an idle
/// service may hold that much freed memory per arena it used; in a tightly memory-limited container, cap arenas
/// with glibc's own `MALLOC_ARENA_MAX` environment variable.
public enum MallocTuning {
    /// Allocations from this size up get their own mapping (glibc's largest allowed threshold on 64-bit).
    public static let mmapThreshold: Int32 = 32 << 20
    /// Free memory kept at the top of a heap before it is returned to the kernel.
    public static let trimThreshold: Int32 = 64 << 20

    /// Applies the settings once, at start-up, before threads allocate; true when glibc accepted both.
    @discardableResult
    public static func apply() -> Bool {
        let mmap = zk_mallopt(zk_malloc_mmap_threshold(), mmapThreshold)
        let trim = zk_mallopt(zk_malloc_trim_threshold(), trimThreshold)
        return mmap == 1 && trim == 1
    }
}
