#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets of Tests/Fuzz with libFuzzer (the Swift toolchain's -sanitize=fuzzer, with
# AddressSanitizer). README "Fuzzing" lists the targets and what each checks.
#
# Usage: Scripts/fuzz.sh list
#        Scripts/fuzz.sh TARGET|all SECONDS [--grow] [--no-build] [-- LIBFUZZER-FLAGS...]
#
# Builds the fuzz binaries into .build-fuzz (release, instrumented; the normal build is not touched), then runs each
# target for SECONDS on a fresh copy of its seed corpus Tests/Fuzz/Corpus/TARGET (the committed corpus is only
# changed with --grow, which merges the inputs that add coverage back into it). Prints executions, exec/s and
# coverage per target. On a crash the input is kept in .build-fuzz/crashes/TARGET/ and the script exits 1 (after
# running the other targets, for `all`). --no-build runs the binaries built last time. Safe to run twice. TARGET is a folder name of Tests/Fuzz/Corpus
# (case-insensitive).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

SCRATCH="$ROOT/.build-fuzz"
CORPORA="$ROOT/Tests/Fuzz/Corpus"

usage() {
    sed -n '4,5p' "$0" | sed 's/^# //' >&2
    exit 2
}

# The targets, from Package.swift's `fuzzTargetNames` (the one list; FuzzCorpusTests checks it matches the corpora).
all_targets() {
    sed -n 's/^let fuzzTargetNames = \[\(.*\)\]$/\1/p' "$ROOT/Package.swift" | tr -d '"' | tr ',' '\n' | tr -d ' '
}

resolve_target() {
    local wanted="${1,,}" name
    for name in $(all_targets); do
        if [[ "${name,,}" == "$wanted" || "fuzz${name,,}" == "$wanted" ]]; then
            echo "$name"
            return
        fi
    done
    echo "unknown fuzz target '$1'; Scripts/fuzz.sh list shows them" >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
if [[ "$1" == list ]]; then
    all_targets
    exit 0
fi
[[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage
WHAT="$1"
SECONDS_EACH="$2"
shift 2
GROW=0
NO_BUILD=0
EXTRA=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --grow) GROW=1 ;;
        --no-build) NO_BUILD=1 ;;
        --) shift; EXTRA=("$@"); break ;;
        *) usage ;;
    esac
    shift
done

if [[ "$WHAT" == all ]]; then
    mapfile -t TARGETS < <(all_targets)
else
    TARGETS=("$(resolve_target "$WHAT")")
fi

ensure_swift
# libFuzzer's own `main` must not be linked (ours calls LLVMFuzzerRunDriver), and the system's gold fails on the
# instrumented objects: link with the toolchain's lld, through a toolset file.
LLD="$(dirname "$(command -v swift)")/ld.lld"
[[ -x "$LLD" ]] || { echo "no ld.lld next to swift ($LLD)" >&2; exit 1; }
mkdir -p "$SCRATCH"
printf '{"schemaVersion": "1.0", "linker": {"path": "%s"}}\n' "$LLD" >"$SCRATCH/toolset.json"
BUILD=(swift build -c release --scratch-path "$SCRATCH" --toolset "$SCRATCH/toolset.json"
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -enable-testing)

start=$(date +%s)
if [[ $NO_BUILD == 0 ]]; then
    for target in "${TARGETS[@]}"; do
        log "building Fuzz$target (libFuzzer + AddressSanitizer) into .build-fuzz"
        "${BUILD[@]}" --product "Fuzz$target" 2>&1 | grep -v '^warning: prohibited flag' || exit 1
    done
    log "fuzz build took $(($(date +%s) - start)) s"
fi
BIN="$SCRATCH/$(uname -m)-unknown-linux-gnu/release"

# Prints "executions exec/s cov ft corpus-size seconds" from a libFuzzer log.
figures() {
    local logfile="$1" execs rate last cov ft corp secs
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$logfile" | tail -1)"
    secs="$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$logfile" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logfile" | tail -1)"
    last="$(grep -E '^#[0-9]+' "$logfile" | tail -1 || true)"
    cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
    ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
    corp="$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")"
    echo "${execs:-?} ${rate:-?} ${cov:-?} ${ft:-?} ${corp:-?} ${secs:-$SECONDS_EACH}"
}

failed=()
for target in "${TARGETS[@]}"; do
    run="$SCRATCH/runs/$target"
    crashes="$SCRATCH/crashes/$target"
    rm -rf "$run"
    mkdir -p "$run/corpus" "$crashes"
    cp -R "$CORPORA/$target/." "$run/corpus/"
    log "fuzzing $target for $SECONDS_EACH s (seeds: $(find "$CORPORA/$target" -type f | wc -l))"
    status=0
    # Leak checks stay on: an input that leaks memory is a crash too. Swift's own backtracer is off so that a trap
    # reaches libFuzzer's handler (which keeps the input) instead of racing AddressSanitizer.
    SWIFT_BACKTRACE=enable=no "$BIN/Fuzz$target" "$run/corpus" \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" ${EXTRA[@]+"${EXTRA[@]}"} >"$run/fuzz.log" 2>&1 || status=$?
    read -r execs rate cov ft corp secs <<<"$(figures "$run/fuzz.log")"
    summary="$target: $execs executions in $secs s ($rate exec/s), cov $cov, ft $ft, corpus $corp"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$secs" "$execs" "$rate" "$cov" \
        "$ft" "$corp" >>"$SCRATCH/fuzz-figures.tsv"
    if [[ $status -ne 0 ]]; then
        tail -40 "$run/fuzz.log" >&2
        artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$run/fuzz.log" | tail -1)"
        echo "CRASH in $target (exit $status): $summary" >&2
        echo "  input kept: ${artifact:-see $run/fuzz.log}; reproduce: $BIN/Fuzz$target ${artifact:-FILE}" >&2
        failed+=("$target")
        continue
    fi
    echo "$summary"
    if [[ $GROW == 1 ]]; then
        before=$(find "$CORPORA/$target" -type f | wc -l)
        "$BIN/Fuzz$target" -merge=1 "$CORPORA/$target" "$run/corpus" >"$run/merge.log" 2>&1
        echo "  --grow: corpus $before -> $(find "$CORPORA/$target" -type f | wc -l) files"
    fi
done

if ((${#failed[@]})); then
    echo "fuzzing found crashes in: ${failed[*]} (inputs in .build-fuzz/crashes/)" >&2
    exit 1
fi
