/* Commits the 32-byte Keccak-256 digest (original Keccak padding 0x01, as Ethereum uses) of
 * its single input buffer, computed with SP1's KECCAK_PERMUTE precompile. */
#include "sp1.h"

#include <string.h>

#define RATE 136u

static void permute(uint64_t state[25]) {
    sp1_ecall(SP1_KECCAK_PERMUTE, (uint32_t)state, 0);
}

int main(void) {
    uint32_t len;
    uint8_t *input = sp1_read_vec(&len);
    uint64_t state[25];
    memset(state, 0, sizeof(state));
    uint8_t *bytes = (uint8_t *)state;
    uint32_t offset = 0;
    while (len - offset >= RATE) {
        for (uint32_t i = 0; i < RATE; i++) {
            bytes[i] ^= input[offset + i];
        }
        permute(state);
        offset += RATE;
    }
    uint32_t rest = len - offset;
    for (uint32_t i = 0; i < rest; i++) {
        bytes[i] ^= input[offset + i];
    }
    bytes[rest] ^= 0x01;
    bytes[RATE - 1] ^= 0x80;
    permute(state);
    sp1_commit(bytes, 32);
    return 0;
}
