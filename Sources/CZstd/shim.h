#ifndef ZKFAAS_CZSTD_SHIM_H
#define ZKFAAS_CZSTD_SHIM_H
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
/// ZSTD_CONTENTSIZE_* are macros Swift cannot import as typed constants.
static inline unsigned long long zk_zstd_contentsize_unknown(void) { return ZSTD_CONTENTSIZE_UNKNOWN; }
static inline unsigned long long zk_zstd_contentsize_error(void) { return ZSTD_CONTENTSIZE_ERROR; }
#endif
