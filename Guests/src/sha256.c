/* Commits the 32-byte SHA-256 digest of its single input buffer, computed with SP1's
 * SHA_EXTEND and SHA_COMPRESS precompiles. */
#include "sp1.h"

int main(void) {
    uint32_t len;
    uint8_t *input = sp1_read_vec(&len);
    uint8_t digest[32];
    sp1_sha256(input, len, digest);
    sp1_commit(digest, sizeof(digest));
    return 0;
}
