// glibc's malloc tuning (mallopt), which Swift's Glibc module does not export.
#pragma once
#include <malloc.h>

/// Sets one malloc parameter; 1 on success, 0 otherwise (0 also where mallopt does not exist).
static inline int zk_mallopt(int parameter, int value) {
#if defined(__GLIBC__)
    return mallopt(parameter, value);
#else
    (void)parameter;
    (void)value;
    return 0;
#endif
}

static inline int zk_malloc_mmap_threshold(void) { return M_MMAP_THRESHOLD; }
static inline int zk_malloc_trim_threshold(void) { return M_TRIM_THRESHOLD; }
static inline int zk_malloc_top_pad(void) { return M_TOP_PAD; }
static inline int zk_malloc_arena_max(void) { return M_ARENA_MAX; }
