/* Exercises SP1's unconstrained blocks: reads n (u32 little-endian), then inside an
 * unconstrained block sums 0..n-1, writes the sum as a hint (fd 14) and a line to stdout,
 * scribbles on memory, and exits the block. Back in constrained mode it reads the hint,
 * checks the scribbled memory was rolled back, and commits the hinted u32. SP1 does not count
 * the instructions of the block, so the cycle count does not depend on n. */
#include "sp1.h"

static volatile uint32_t marker = 7;

int main(void) {
    uint32_t len;
    uint8_t *input = sp1_read_vec(&len);
    if (len != 4) {
        sp1_panic("unconstrained: expected n as 4 little-endian bytes\n");
    }
    uint32_t n = (uint32_t)input[0] | ((uint32_t)input[1] << 8) | ((uint32_t)input[2] << 16) |
                 ((uint32_t)input[3] << 24);
    if (sp1_enter_unconstrained()) {
        uint32_t sum = 0;
        for (uint32_t i = 0; i < n; i++) {
            sum += i;
        }
        marker = 99;
        sp1_write(SP1_FD_HINT, &sum, 4);
        sp1_print("unconstrained block ran\n");
        sp1_exit_unconstrained();
    }
    if (marker != 7) {
        sp1_panic("unconstrained: memory was not rolled back\n");
    }
    uint32_t hint_len;
    uint8_t *hint = sp1_read_vec(&hint_len);
    if (hint_len != 4) {
        sp1_panic("unconstrained: expected a 4-byte hint\n");
    }
    sp1_commit(hint, 4);
    return 0;
}
