/* Commits one public value, then panics: writes a message to stderr and halts with exit
 * code 1, like sp1-zkvm's sys_panic. */
#include "sp1.h"

int main(void) {
    uint32_t value = 42;
    sp1_commit(&value, 4);
    sp1_panic("guest panicked: intentional failure\n");
}
