#!/usr/bin/env bash
# Runs the whole ZK-FaaS system on embedded defaults: registry-service, storage-cache-service and prover-router
# on loopback, data under .run/, then demonstrates it with the bundled example guest. Ctrl-C stops all three.
# Usage: Scripts/run.sh [--once]     --once: run the demonstration, stop the services, exit.
# Safe to run twice.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

once=0
[[ "${1:-}" == "--once" ]] && once=1

ensure_apt "${RUNTIME_APT[@]}"
ensure_swift

log "building (release)"
swift build -c release
BIN="$(swift build -c release --show-bin-path)"

RUN="$ROOT/.run"
mkdir -p "$RUN/logs"
HOST=127.0.0.1
REGISTRY_PORT="${ZKFAAS_REGISTRY_PORT:-7101}"
STORAGE_PORT="${ZKFAAS_STORAGE_PORT:-7102}"
ROUTER_PORT="${ZKFAAS_ROUTER_PORT:-7100}"
export ZKFAAS_REGISTRY="$HOST:$REGISTRY_PORT" ZKFAAS_STORAGE="$HOST:$STORAGE_PORT" ZKFAAS_ROUTER="$HOST:$ROUTER_PORT"

stop_all() {
    for name in prover-router registry-service storage-cache-service; do stop_pidfile "$RUN/$name.pid"; done
}
# A previous run that was killed may have left services behind.
stop_all

# start NAME ARGS...: starts one service in the background and waits for its READY line.
start() {
    local name="$1"; shift
    : >"$RUN/logs/$name.out"
    "$BIN/$name" "$@" >"$RUN/logs/$name.out" 2>"$RUN/logs/$name.log" &
    echo $! >"$RUN/$name.pid"
    for _ in $(seq 100); do
        if grep -q '^READY' "$RUN/logs/$name.out"; then
            log "$(grep '^READY' "$RUN/logs/$name.out")   (log: .run/logs/$name.log)"
            return
        fi
        if ! kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
            echo "$name failed to start:" >&2; cat "$RUN/logs/$name.log" >&2; exit 1
        fi
        sleep 0.1
    done
    echo "$name did not become ready in 10 s" >&2; exit 1
}

trap 'log "stopping"; stop_all' EXIT
trap 'exit 130' INT TERM

start storage-cache-service --host "$HOST" --port "$STORAGE_PORT" --data-dir "$RUN/storage"
start registry-service --host "$HOST" --port "$REGISTRY_PORT" --data-dir "$RUN/registry" --storage "$ZKFAAS_STORAGE"
start prover-router --host "$HOST" --port "$ROUTER_PORT" --data-dir "$RUN/router" \
    --registry "$ZKFAAS_REGISTRY" --storage "$ZKFAAS_STORAGE"

log "health"
"$BIN/zkfaas" health

# step TITLE COMMAND...: runs one step of the demonstration and prints its time.
step() {
    local title="$1"; shift
    log "$title"
    local start end
    start=$(date +%s%N)
    "$@"
    end=$(date +%s%N)
    printf '    (%s ms)\n' "$(((end - start) / 1000000))"
}

if [[ -f "$ROOT/Scripts/demo.sh" ]]; then
    source "$ROOT/Scripts/demo.sh"
fi

if ((once)); then
    log "done (--once)"
    exit 0
fi
log "services are running; Ctrl-C stops them"
wait
