/* SP1 guest runtime for the ZK-FaaS example guests: syscalls, a bump allocator starting at
 * _end, input reading (HINT_LEN/HINT_READ) and the public-values digest committed at halt
 * (SHA-256 over every byte written to fd 13, computed with the SHA_EXTEND/SHA_COMPRESS
 * precompiles, committed as 8 little-endian words, as sp1-zkvm's syscall_halt does). */
#include "sp1.h"

#include <string.h>

extern uint8_t _end[];

static uint32_t heap_pos;

typedef struct {
    uint32_t h[8];
    uint8_t block[64];
    uint32_t used;
    uint64_t total;
} sha256_ctx;

static sha256_ctx pv_hasher;
static uint32_t pv_hasher_ready;

static void sha256_init(sha256_ctx *ctx) {
    static const uint32_t iv[8] = {
        0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
        0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
    };
    memcpy(ctx->h, iv, sizeof(iv));
    ctx->used = 0;
    ctx->total = 0;
}

static void sha256_block(uint32_t h[8], const uint8_t *block) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        const uint8_t *p = block + 4 * i;
        w[i] = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
    }
    sp1_ecall(SP1_SHA_EXTEND, (uint32_t)w, 0);
    sp1_ecall(SP1_SHA_COMPRESS, (uint32_t)w, (uint32_t)h);
}

static void sha256_update(sha256_ctx *ctx, const uint8_t *data, uint32_t len) {
    ctx->total += len;
    while (len > 0) {
        if (ctx->used == 0 && len >= 64) {
            sha256_block(ctx->h, data);
            data += 64;
            len -= 64;
            continue;
        }
        uint32_t take = 64 - ctx->used;
        if (take > len) {
            take = len;
        }
        memcpy(ctx->block + ctx->used, data, take);
        ctx->used += take;
        data += take;
        len -= take;
        if (ctx->used == 64) {
            sha256_block(ctx->h, ctx->block);
            ctx->used = 0;
        }
    }
}

static void sha256_final(sha256_ctx *ctx, uint8_t out[32]) {
    uint64_t bits = ctx->total * 8;
    uint8_t pad = 0x80;
    uint64_t saved = ctx->total;
    sha256_update(ctx, &pad, 1);
    uint8_t zero = 0;
    while (ctx->used != 56) {
        sha256_update(ctx, &zero, 1);
    }
    uint8_t length[8];
    for (int i = 0; i < 8; i++) {
        length[i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    sha256_update(ctx, length, 8);
    ctx->total = saved;
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(ctx->h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
        out[4 * i + 3] = (uint8_t)ctx->h[i];
    }
}

void sp1_sha256(const uint8_t *data, uint32_t len, uint8_t out[32]) {
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, data, len);
    sha256_final(&ctx, out);
}

void sp1_write(uint32_t fd, const void *buf, uint32_t nbytes) {
    register uint32_t t0 __asm__("t0") = SP1_WRITE;
    register uint32_t a0 __asm__("a0") = fd;
    register uint32_t a1 __asm__("a1") = (uint32_t)buf;
    register uint32_t a2 __asm__("a2") = nbytes;
    __asm__ volatile("ecall" : "+r"(t0) : "r"(a0), "r"(a1), "r"(a2) : "memory");
}

void sp1_print(const char *text) {
    sp1_write(SP1_FD_STDOUT, text, (uint32_t)strlen(text));
}

void sp1_print_u32(uint32_t value) {
    char digits[10];
    uint32_t count = 0;
    do {
        digits[9 - count] = (char)('0' + value % 10);
        value /= 10;
        count++;
    } while (value != 0);
    sp1_write(SP1_FD_STDOUT, digits + 10 - count, count);
}

uint32_t sp1_hint_len(void) {
    return sp1_ecall(SP1_HINT_LEN, 0, 0);
}

void sp1_hint_read(void *ptr, uint32_t len) {
    sp1_ecall(SP1_HINT_READ, (uint32_t)ptr, len);
}

void *sp1_alloc(uint32_t bytes, uint32_t align) {
    if (heap_pos == 0) {
        heap_pos = (uint32_t)_end;
    }
    uint32_t offset = heap_pos & (align - 1);
    if (offset != 0) {
        heap_pos += align - offset;
    }
    uint32_t ptr = heap_pos;
    uint32_t next = heap_pos + bytes;
    if (next < heap_pos || next > 0x78000000u) {
        sp1_panic("Memory limit exceeded (0x78000000)\n");
    }
    heap_pos = next;
    return (void *)ptr;
}

uint8_t *sp1_read_vec(uint32_t *len) {
    uint32_t n = sp1_hint_len();
    if (n == 0xFFFFFFFFu) {
        sp1_panic("no input left\n");
    }
    uint32_t capacity = (n + 3) / 4 * 4;
    uint8_t *ptr = sp1_alloc(capacity, 4);
    sp1_hint_read(ptr, n);
    *len = n;
    return ptr;
}

void sp1_commit(const void *buf, uint32_t nbytes) {
    if (!pv_hasher_ready) {
        sha256_init(&pv_hasher);
        pv_hasher_ready = 1;
    }
    sp1_write(SP1_FD_PUBLIC_VALUES, buf, nbytes);
    sha256_update(&pv_hasher, (const uint8_t *)buf, nbytes);
}

uint32_t sp1_enter_unconstrained(void) {
    return sp1_ecall(SP1_ENTER_UNCONSTRAINED, 0, 0) == 1;
}

void sp1_exit_unconstrained(void) {
    sp1_ecall(SP1_EXIT_UNCONSTRAINED, 0, 0);
    __builtin_unreachable();
}

void sp1_halt(uint32_t exit_code) {
    uint8_t digest[32];
    if (!pv_hasher_ready) {
        sha256_init(&pv_hasher);
        pv_hasher_ready = 1;
    }
    sha256_final(&pv_hasher, digest);
    for (uint32_t i = 0; i < 8; i++) {
        uint32_t word = (uint32_t)digest[4 * i] | ((uint32_t)digest[4 * i + 1] << 8) |
                        ((uint32_t)digest[4 * i + 2] << 16) | ((uint32_t)digest[4 * i + 3] << 24);
        sp1_ecall(SP1_COMMIT, i, word);
    }
    for (uint32_t i = 0; i < 8; i++) {
        sp1_ecall(SP1_COMMIT_DEFERRED_PROOFS, i, 0);
    }
    sp1_ecall(SP1_HALT, exit_code, 0);
    for (;;) {
    }
}

void sp1_panic(const char *message) {
    sp1_write(SP1_FD_STDERR, message, (uint32_t)strlen(message));
    sp1_halt(1);
}
