/* Never halts: the executor must stop it with its cycle limit, deadline or cancellation. */
#include "sp1.h"

int main(void) {
    volatile uint32_t counter = 0;
    for (;;) {
        counter = counter + 1;
    }
}
