#!/usr/bin/env bash
# Builds the example SP1 guests (RV32IM, ilp32), one per src/*.c besides the runtime, into OUT (default: Guests/bin).
# Needs Debian's gcc-riscv64-unknown-elf and picolibc-riscv64-unknown-elf.
# Builds are reproducible: sources are compiled from this folder with relative paths, no
# debug info, file prefixes mapped, no build id; the same compiler gives the same bytes.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/bin}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
CC="${RISCV_CC:-riscv64-unknown-elf-gcc}"
PICOLIBC="${PICOLIBC_DIR:-/usr/lib/picolibc/riscv64-unknown-elf}"
CFLAGS=(-march=rv32im -mabi=ilp32 -O2 -ffreestanding -fno-pic -fno-builtin-printf
    -fno-asynchronous-unwind-tables -fno-ident -ffunction-sections -fdata-sections
    -ffile-prefix-map="$HERE"=. -isystem "$PICOLIBC/include" -Wall -Wextra)
LDFLAGS=(-nostartfiles -nostdlib -static -Wl,--build-id=none -Wl,--no-relax -Wl,--gc-sections
    -T guest.ld -L"$PICOLIBC/lib/rv32im/ilp32")
# The runtime every guest links; each other src/*.c is one guest, built to OUT/<name>.elf.
RUNTIME=(src/crt0.S src/sp1.c)
cd "$HERE"
GUESTS=()
shopt -s nullglob
for source in src/*.c; do
    [[ " ${RUNTIME[*]} " == *" $source "* ]] || GUESTS+=("$(basename "$source" .c)")
done
if ((${#GUESTS[@]} == 0)); then
    echo "no guest sources in $HERE/src" >&2
    exit 1
fi
for guest in "${GUESTS[@]}"; do
    "$CC" "${CFLAGS[@]}" "${LDFLAGS[@]}" -o "$OUT/$guest.elf" \
        "${RUNTIME[@]}" "src/$guest.c" -lc -lgcc
    echo "built $OUT/$guest.elf"
done
