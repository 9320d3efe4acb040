/* Reads n (u32 little-endian, one input buffer of 4 bytes) and commits, as public values,
 * three u32 little-endian words: n, fib(n-1) mod 2^32 and fib(n) mod 2^32, with fib(-1) = 1,
 * fib(0) = 0, fib(1) = 1. Prints "fib(n) = value" on stdout. */
#include "sp1.h"

int main(void) {
    uint32_t len;
    uint8_t *input = sp1_read_vec(&len);
    if (len != 4) {
        sp1_panic("fibonacci: expected n as 4 little-endian bytes\n");
    }
    uint32_t n = (uint32_t)input[0] | ((uint32_t)input[1] << 8) | ((uint32_t)input[2] << 16) |
                 ((uint32_t)input[3] << 24);
    uint32_t a = 1;
    uint32_t b = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = a + b;
        a = b;
        b = c;
    }
    uint32_t out[3] = {n, a, b};
    sp1_commit(out, sizeof(out));
    sp1_print("fib(");
    sp1_print_u32(n);
    sp1_print(") = ");
    sp1_print_u32(b);
    sp1_print("\n");
    return 0;
}
