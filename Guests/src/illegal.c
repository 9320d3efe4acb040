/* Executes `unimp` (csrrw x0, cycle, x0), which SP1 transpiles to UNIMP: an illegal
 * instruction. */
#include "sp1.h"

int main(void) {
    sp1_print("about to execute unimp\n");
    __asm__ volatile("unimp");
    return 0;
}
