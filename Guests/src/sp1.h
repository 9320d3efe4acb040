/* Minimal SP1 guest ABI for the ZK-FaaS example guests (RV32IM, ilp32).
 * Syscall ids and conventions follow succinctlabs/sp1 v5.2.4 crates/zkvm/entrypoint/src/syscalls. */
#ifndef ZKFAAS_SP1_H
#define ZKFAAS_SP1_H

#include <stdint.h>
#include <stddef.h>

#define SP1_HALT 0x00u
#define SP1_WRITE 0x02u
#define SP1_ENTER_UNCONSTRAINED 0x03u
#define SP1_EXIT_UNCONSTRAINED 0x04u
#define SP1_SHA_EXTEND 0x00300105u
#define SP1_SHA_COMPRESS 0x00010106u
#define SP1_KECCAK_PERMUTE 0x00010109u
#define SP1_COMMIT 0x10u
#define SP1_COMMIT_DEFERRED_PROOFS 0x1Au
#define SP1_HINT_LEN 0xF0u
#define SP1_HINT_READ 0xF1u

#define SP1_FD_STDOUT 1u
#define SP1_FD_STDERR 2u
#define SP1_FD_PUBLIC_VALUES 13u
#define SP1_FD_HINT 14u

static inline uint32_t sp1_ecall(uint32_t id, uint32_t a0, uint32_t a1) {
    register uint32_t t0 __asm__("t0") = id;
    register uint32_t r0 __asm__("a0") = a0;
    register uint32_t r1 __asm__("a1") = a1;
    __asm__ volatile("ecall" : "+r"(t0) : "r"(r0), "r"(r1) : "memory");
    return t0;
}

void sp1_write(uint32_t fd, const void *buf, uint32_t nbytes);
void sp1_print(const char *text);
void sp1_print_u32(uint32_t value);
uint32_t sp1_hint_len(void);
void sp1_hint_read(void *ptr, uint32_t len);
void *sp1_alloc(uint32_t bytes, uint32_t align);
uint8_t *sp1_read_vec(uint32_t *len);
void sp1_commit(const void *buf, uint32_t nbytes);
void sp1_sha256(const uint8_t *data, uint32_t len, uint8_t out[32]);
uint32_t sp1_enter_unconstrained(void);
void sp1_exit_unconstrained(void) __attribute__((noreturn));
void sp1_halt(uint32_t exit_code) __attribute__((noreturn));
void sp1_panic(const char *message) __attribute__((noreturn));

#endif
