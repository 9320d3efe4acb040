#!/usr/bin/env bash
# Benchmarks with figures and ratios against a reference measured in the same run. Not tests: nothing here fails
# on a number. Usage: Scripts/bench.sh NAME...   NAME: rpc executor storage registry router all
#   SECS=10 (seconds per measurement)   RUNS=1 (repetitions; the median is reported)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
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

for name in "$@"; do
    if declare -F "bench_$name" >/dev/null; then "bench_$name"; else echo "unknown benchmark '$name'" >&2; exit 2; fi
done
