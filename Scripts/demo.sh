# The demonstration Scripts/run.sh runs once the services are up (sourced: uses $BIN, $RUN, step, log).
# Registers the bundled fibonacci guest, proves it, proves it again (answered from the cache), verifies the proof.
# shellcheck shell=bash
KEY="$RUN/author.key"
[[ -f "$KEY" ]] || "$BIN/zkfaas" keys new -o "$KEY" >/dev/null

PROGRAM_HASH="$(sha256sum "$ROOT/Guests/bin/fibonacci.elf" | cut -d' ' -f1)"
if "$BIN/zkfaas" program show "$PROGRAM_HASH" >/dev/null 2>&1; then
    log "fibonacci is registered already (an earlier run): registrations are immutable"
else
    step "register Guests/bin/fibonacci.elf (upload to storage, sign, register)" \
        "$BIN/zkfaas" program register "$ROOT/Guests/bin/fibonacci.elf" --zkvm sp1 --zkvm-version v5.2.4 \
        --description "fibonacci example guest" --key "$KEY"
fi
"$BIN/zkfaas" program show "$PROGRAM_HASH"

N="${FIB_N:-1000}"
step "prove fibonacci($N)" "$BIN/zkfaas" prove "$PROGRAM_HASH" --input-u32 "$N" -o "$RUN/fib.proof"
step "prove fibonacci($N) again (answered from the cache)" "$BIN/zkfaas" prove "$PROGRAM_HASH" --input-u32 "$N"
step "verify the proof record" "$BIN/zkfaas" proof verify "$RUN/fib.proof"
log "router counters"
"$BIN/zkfaas" stats
