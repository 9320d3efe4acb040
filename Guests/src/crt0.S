/* Entry point of the example guests: set sp to SP1's stack top, zero .bss, run main, then
 * commit the public-values digest and halt with main's return value (sp1_halt). */
    .file "crt0.S"
    .section .text._start, "ax"
    .globl _start
_start:
    li sp, 0x00200400
    la t0, __bss_start
    la t1, __bss_end
1:
    bgeu t0, t1, 2f
    sw zero, 0(t0)
    addi t0, t0, 4
    j 1b
2:
    call main
    call sp1_halt
3:
    j 3b
