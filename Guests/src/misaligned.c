/* Loads a word from an address that is not a multiple of 4 (an explicit `lw`, so the compiler
 * cannot split it into byte loads): SP1 rejects it. */
#include "sp1.h"

static uint32_t words[2] = {0x11223344u, 0x55667788u};

int main(void) {
    uint32_t value;
    __asm__ volatile("lw %0, 1(%1)" : "=r"(value) : "r"(words) : "memory");
    sp1_commit(&value, 4);
    return 0;
}
