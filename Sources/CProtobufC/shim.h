#ifndef ZKFAAS_CPROTOBUFC_SHIM_H
#define ZKFAAS_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
