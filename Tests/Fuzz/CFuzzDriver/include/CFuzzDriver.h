// libFuzzer's entry for a program with its own `main` (compiler-rt FuzzerInterface.h / FuzzerDriver.cpp).
// Declared here only: it is defined by the libFuzzer runtime that `-sanitize=fuzzer` links, and referenced only
// when the fuzz targets are compiled with -DFUZZING, so normal builds need no libFuzzer at all.
#ifndef ZKFAAS_CFUZZDRIVER_H
#define ZKFAAS_CFUZZDRIVER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
