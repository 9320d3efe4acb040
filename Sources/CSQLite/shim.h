#ifndef ZKFAAS_CSQLITE_SHIM_H
#define ZKFAAS_CSQLITE_SHIM_H
#include <sqlite3.h>
/* SQLITE_TRANSIENT is a cast macro Swift cannot import. */
static inline sqlite3_destructor_type zk_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline int zk_sqlite_config_multithread(void) { return sqlite3_config(SQLITE_CONFIG_MULTITHREAD); }
#endif
