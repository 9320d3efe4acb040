#!/usr/bin/env bash
# Benchmarks with figures and ratios against a reference measured in the same run. Not tests: nothing here fails
# on a number. Usage: Scripts/bench.sh NAME...   NAME: rpc executor storage registry router soak all
#   SECS=10 (seconds per measurement; for soak the whole run, default 600)   RUNS=1 (repetitions; the median is reported)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
SOAK_SECS="${SECS:-600}"
SECS="${SECS:-10}"
RUNS="${RUNS:-1}"
(($#)) || set -- all
[[ "$1" == all ]] && set -- rpc executor storage registry router

ensure_apt "${RUNTIME_APT[@]}" redis-server redis-tools zstd
ensure_swift
log "building (release)"
swift build -c release >&2
BIN="$(swift build -c release --show-bin-path)"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# free_port: a TCP port nobody listens on.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# serve NAME ARGS...: starts one of our services on a free port; sets $ADDR.
serve() {
    local name="$1"; shift
    local out="$WORK/$name.$RANDOM.out"
    "$BIN/$name" --port 0 --log-level warning "$@" >"$out" 2>>"$WORK/services.log" &
    PIDS+=($!)
    for _ in $(seq 200); do
        if grep -q '^READY' "$out"; then ADDR="$(awk '/^READY/{print $3}' "$out")"; return; fi
        sleep 0.05
    done
    echo "$name did not start" >&2; cat "$WORK/services.log" >&2; exit 1
}

# serve_bench_blob SIZE: starts `zkfaas-bench blob-server` (the bare NIO floor of large answers); sets BLOB.
serve_bench_blob() {
    local out="$WORK/blob.$RANDOM.out"
    "$BIN/zkfaas-bench" blob-server --size "$1" >"$out" 2>>"$WORK/services.log" &
    PIDS+=($!)
    for _ in $(seq 200); do
        if grep -q '^READY' "$out"; then BLOB="$(awk '/^READY/{print $3}' "$out")"; return; fi
        sleep 0.05
    done
    echo "blob-server did not start" >&2; exit 1
}

# field LINE KEY: the value of KEY=... in a RESULT line.
field() { sed -n "s/.*[[:space:]]$2=\([^[:space:]]*\).*/\1/p" <<<"$1"; }

# median_run CMD...: runs CMD RUNS times, prints the RESULT line with the median rps.
median_run() {
    local lines=()
    for _ in $(seq "$RUNS"); do lines+=("$("$@" | grep '^RESULT' | tail -1)"); done
    printf '%s\n' "${lines[@]}" | sort -t= -k1,1 | python3 -c '
import sys
rows=[l.strip() for l in sys.stdin if l.strip()]
def rps(l): return float(l.split("rps=")[1].split()[0])
rows.sort(key=rps); print(rows[len(rows)//2])'
}

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else 'n/a')" "$1" "$2"; }

bench_rpc() {
    log "rpc: our RPC layer (registry GetProgram answered from memory) vs the bare SwiftNIO echo floor"
    local peer="$ROOT/../shared/peers/nio-echo"
    [[ -d "$peer" ]] || { echo "rpc: $peer is missing; cannot measure the floor" >&2; return; }
    swift build -c release --package-path "$peer" --scratch-path "$ROOT/.build-nio-echo" >&2
    local nio_bin port
    nio_bin="$(swift build -c release --package-path "$peer" --scratch-path "$ROOT/.build-nio-echo" --show-bin-path)"
    port="$(free_port)"
    "$nio_bin/nio-echo-server" --port "$port" >"$WORK/nio.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do grep -q listening "$WORK/nio.log" && break; sleep 0.05; done
    serve registry-service --data-dir "$WORK/registry" --skip-storage-check
    local hash
    hash="$("$BIN/zkfaas-bench" registry-seed --target "$ADDR" --description-bytes 180)"
    printf '%-14s %12s %10s %10s | %12s %10s %10s | %9s %9s %9s\n' config ours_rps p50_us p99_us nio_rps p50_us p99_us rps_ratio p50_ratio p99_ratio
    for cfg in "1 1" "1 64" "4 64"; do
        set -- $cfg
        local ours nio
        nio="$(median_run "$nio_bin/nio-echo-client" --port "$port" --conns "$1" --concurrency "$2" --seconds "$SECS" --label "nio_${1}x$2")"
        ours="$(median_run "$BIN/zkfaas-bench" registry-get --target "$ADDR" --connections "$1" --concurrency "$2" --seconds "$SECS" --program-hash "$hash" --label "zkfaas_${1}x$2")"
        printf '%-14s %12s %10s %10s | %12s %10s %10s | %9s %9s %9s\n' "${1}conn x $2" \
            "$(field "$ours" rps)" "$(field "$ours" p50_us)" "$(field "$ours" p99_us)" \
            "$(field "$nio" rps)" "$(field "$nio" p50_us)" "$(field "$nio" p99_us)" \
            "$(ratio "$(field "$ours" rps)" "$(field "$nio" rps)")" \
            "$(ratio "$(field "$ours" p50_us)" "$(field "$nio" p50_us)")" \
            "$(ratio "$(field "$ours" p99_us)" "$(field "$nio" p99_us)")"
    done
    echo "(rps_ratio: ours / floor, target >= 0.7 at 4 x 64; p50_ratio target <= 1.5 at 1 x 1)"
}

bench_executor() {
    log "executor: RV32IM instructions per second, single thread"
    "$BIN/zkfaas-executor-bench" --guests "$ROOT/Guests/bin"
    echo "(target >= 250 M instructions/s; a plain C switch interpreter reaches ~205 M/s on this class of machine)"
}

bench_registry() {
    log "registry: GetProgram (answered from memory) and RegisterProgram (signed, fsynced)"
    serve registry-service --data-dir "$WORK/registry-bench" --skip-storage-check
    local hash line
    hash="$("$BIN/zkfaas-bench" registry-seed --target "$ADDR")"
    printf '%-22s %10s %10s %10s\n' config rps p50_us p99_us
    for cfg in "1 1" "1 64" "4 64"; do
        set -- $cfg
        line="$(median_run "$BIN/zkfaas-bench" registry-get --target "$ADDR" --connections "$1" --concurrency "$2" --seconds "$SECS" --program-hash "$hash" --label get)"
        printf '%-22s %10s %10s %10s\n' "GetProgram ${1}x$2" "$(field "$line" rps)" "$(field "$line" p50_us)" "$(field "$line" p99_us)"
    done
    line="$(median_run "$BIN/zkfaas-bench" registry-register --target "$ADDR" --connections 1 --concurrency 4 --seconds "$SECS" --label register)"
    printf '%-22s %10s %10s %10s\n' "RegisterProgram 1x4" "$(field "$line" rps)" "$(field "$line" p50_us)" "$(field "$line" p99_us)"
}

# cluster: storage, registry and router on free ports, fibonacci registered; sets ROUTER and FIB_HASH.
cluster() {
    serve storage-cache-service --data-dir "$WORK/storage"
    STORAGE="$ADDR" STORAGE_PID="${PIDS[-1]}"
    local storage="$ADDR"
    serve registry-service --data-dir "$WORK/registry" --storage "$storage"
    REGISTRY="$ADDR" REGISTRY_PID="${PIDS[-1]}"
    local registry="$ADDR"
    serve prover-router --data-dir "$WORK/router" --registry "$registry" --storage "$storage" "$@"
    ROUTER="$ADDR" ROUTER_PID="${PIDS[-1]}"
    "$BIN/zkfaas" keys new -o "$WORK/author.key" >/dev/null
    "$BIN/zkfaas" program register "$ROOT/Guests/bin/fibonacci.elf" --zkvm sp1 --zkvm-version v5.2.4 \
        --description fibonacci --key "$WORK/author.key" --registry "$registry" --storage "$storage" >/dev/null
    FIB_HASH="$(sha256sum "$ROOT/Guests/bin/fibonacci.elf" | cut -d' ' -f1)"
}

bench_router() {
    log "router: cache-hit Prove (L1, answered on the event loop) vs redis-benchmark GET on the same machine"
    local redis_port
    redis_port="$(free_port)"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done
    cluster --redis-url "redis://127.0.0.1:$redis_port"
    local redis_csv redis_rps redis_p50 redis_p99
    redis-cli -p "$redis_port" set bench:key "$(head -c 300 /dev/zero | tr '\0' x)" >/dev/null
    redis_csv="$(redis-benchmark -p "$redis_port" -t get -c 64 -n $((SECS * 60000)) -r 1 --csv 2>/dev/null | tail -1)"
    redis_rps="$(cut -d, -f2 <<<"$redis_csv" | tr -d '"')"
    redis_p50="$(python3 -c "print(float('$(cut -d, -f5 <<<"$redis_csv" | tr -d '"')')*1000)")"
    redis_p99="$(python3 -c "print(float('$(cut -d, -f7 <<<"$redis_csv" | tr -d '"')')*1000)")"
    printf '%-16s %10s %10s %10s | %s\n' config rps p50_us p99_us "ratio to redis-benchmark GET -c 64 ($redis_rps rps, p50 ${redis_p50} us, p99 ${redis_p99} us)"
    for cfg in "1 1" "4 64"; do
        set -- $cfg
        local line
        line="$(median_run "$BIN/zkfaas-bench" router-prove --target "$ROUTER" --connections "$1" --concurrency "$2" --seconds "$SECS" --program-hash "$FIB_HASH" --label "prove_${1}x$2")"
        printf '%-16s %10s %10s %10s | %s\n' "Prove L1 ${1}x$2" "$(field "$line" rps)" "$(field "$line" p50_us)" "$(field "$line" p99_us)" \
            "rps ratio $(ratio "$(field "$line" rps)" "$redis_rps")"
    done
    echo "(targets: >= 1.0x redis GET rps at 64 in flight, p99 < 1 ms, p50 <= 120 us at 1 x 1)"
    log "router: 1,000 identical requests at once on a cold cache"
    "$BIN/zkfaas-bench" router-dedup --target "$ROUTER" --program-hash "$FIB_HASH" --n 5000000 --requests 1000
}

bench_soak() {
    local window=$((SOAK_SECS >= 600 ? 60 : (SOAK_SECS / 10 > 5 ? SOAK_SECS / 10 : 5)))
    log "soak: 64 clients for $SOAK_SECS s (hits, misses, cancels, registry and storage reads, bad frames, slow readers)"
    cluster
    "$BIN/zkfaas-bench" soak --router "$ROUTER" --registry "$REGISTRY" --storage "$STORAGE" \
        --program-hash "$FIB_HASH" --elf-hash "$FIB_HASH" --clients 64 --seconds "$SOAK_SECS" --window "$window" \
        --pid "router=$ROUTER_PID" --pid "registry=$REGISTRY_PID" --pid "storage=$STORAGE_PID"
    echo "(target: flat RSS — a slope near 0 kB per window once the caches are warm; every bad-frame connection closed"
    echo " by the server)"
}

bench_storage() {
    log "storage: PutProgram / GetProgram of a 10 MiB ELF-like file vs zstd -3 on the same file; hot GetProgram latency"
    local fixture="$WORK/storage-10m.elf" small="$WORK/storage-1m.elf" zstd_line zstd_c zstd_d line
    # A guest's ELF, then real machine code (our own release binary) so zstd sees a program's redundancy.
    "$BIN/zkfaas-bench" storage-fixture --guest "$ROOT/Guests/bin/fibonacci.elf" --size $((10 << 20)) \
        --padding "$BIN/storage-cache-service" --output "$fixture"
    "$BIN/zkfaas-bench" storage-fixture --guest "$ROOT/Guests/bin/fibonacci.elf" --size $((1 << 20)) \
        --padding "$BIN/storage-cache-service" --seed 12345678 --output "$small"
    # zstd's own in-memory benchmark at level 3: "3#file : in -> out (xR), C MB/s, D MB/s" (after \r progress).
    zstd_line="$(zstd -b3 -i2 "$fixture" 2>&1 | tr '\r' '\n' | grep -E 'MB/s, +[0-9.]+ MB/s' | tail -1)"
    zstd_c="$(sed -E 's/.*, +([0-9.]+) MB\/s, +[0-9.]+ MB\/s.*/\1/' <<<"$zstd_line")"
    zstd_d="$(sed -E 's/.*, +([0-9.]+) MB\/s *$/\1/' <<<"$zstd_line")"
    serve storage-cache-service --data-dir "$WORK/storage-bench"
    printf '%-34s %10s %10s | %s\n' operation MB/s ms "ratio to zstd -3 (compress $zstd_c MB/s, decompress $zstd_d MB/s)"
    while read -r line; do
        local label mbps reference
        label="$(sed -n 's/.*label=\([^ ]*\).*/\1/p' <<<"$line")"
        mbps="$(field "$line" mbps)"
        case "$label" in get*) reference="$zstd_d" ;; *) reference="$zstd_c" ;; esac
        printf '%-34s %10s %10s | %s\n' "$label (10 MiB)" "$mbps" "$(field "$line" ms)" "$(ratio "$mbps" "$reference")"
    done < <("$BIN/zkfaas-bench" storage-transfer --target "$ADDR" --file "$fixture" --rounds 5 | grep '^RESULT')
    echo "(put: ratio to zstd -3 compression speed, target >= 0.7; get: ratio to zstd decompression speed)"
    local storage="$ADDR" answer floor
    # The floor: a bare SwiftNIO server answering each request with one prebuilt buffer as large as our answer
    # (no lookup, no protobuf, no copy), and a client that only counts the bytes — same box, same payload.
    answer="$("$BIN/zkfaas-bench" storage-answer-size --target "$storage" --file "$small")"
    serve_bench_blob "$answer"
    printf '%-34s %10s %10s %10s | %s\n' "hot GetProgram 1 MiB ($answer B)" rps p50_us p99_us "ratio to the bare NIO floor (rps, p99)"
    for inflight in 1 16; do
        line="$(median_run "$BIN/zkfaas-bench" storage-get --target "$storage" --connections 1 --concurrency "$inflight" --seconds "$SECS" --file "$small" --label "get_$inflight")"
        floor="$(median_run "$BIN/zkfaas-bench" blob-get --target "$BLOB" --concurrency "$inflight" --seconds "$SECS" --label "floor_$inflight")"
        printf '%-34s %10s %10s %10s | %s\n' "$inflight in flight" "$(field "$line" rps)" "$(field "$line" p50_us)" "$(field "$line" p99_us)" \
            "rps $(ratio "$(field "$line" rps)" "$(field "$floor" rps)"), p99 $(ratio "$(field "$line" p99_us)" "$(field "$floor" p99_us)")"
        line="$(median_run "$BIN/zkfaas-bench" storage-get --shared --target "$storage" --connections 1 --concurrency "$inflight" --seconds "$SECS" --file "$small" --label "get_shared_$inflight")"
        printf '%-34s %10s %10s %10s | %s\n' "  the same, ELF kept as received" "$(field "$line" rps)" "$(field "$line" p50_us)" "$(field "$line" p99_us)" \
            "rps $(ratio "$(field "$line" rps)" "$(field "$floor" rps)"), p99 $(ratio "$(field "$line" p99_us)" "$(field "$floor" p99_us)")"
        printf '%-34s %10s %10s %10s\n' "  NIO floor, $inflight in flight" "$(field "$floor" rps)" "$(field "$floor" p50_us)" "$(field "$floor" p99_us)"
    done
    echo "(target: hot get p99 < 1 ms. At 16 in flight the floor itself is above it on this box: 16 answers of this"
    echo " size on one connection take longer than 1 ms to cross loopback TCP, whatever the server does)"
}

for name in "$@"; do
    if declare -F "bench_$name" >/dev/null; then "bench_$name"; else echo "unknown benchmark '$name'" >&2; exit 2; fi
done
