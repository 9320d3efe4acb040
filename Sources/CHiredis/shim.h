#ifndef ZKFAAS_CHIREDIS_SHIM_H
#define ZKFAAS_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
/* redisCommandArgv is not variadic; these give Swift the reply helpers it needs. */
#endif
