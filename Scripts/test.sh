#!/usr/bin/env bash
# Runs every ZK-FaaS test: installs what the tests need (Debian packages, a Python venv), builds, tests.
# Safe to run twice. Usage: Scripts/test.sh [extra `swift test` arguments, e.g. --filter ZKWireTests]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

ensure_apt "${RUNTIME_APT[@]}" "${TEST_APT[@]}"
ensure_swift
ensure_venv

log "building (debug, with tests)"
swift build --build-tests

export ZKFAAS_PYTHON="$VENV/bin/python"
export ZKFAAS_BIN_DIR="$(swift build --show-bin-path)"
export ZKFAAS_REPO_ROOT="$ROOT"
log "running the tests"
# Tests run one at a time: many start real processes and servers, and on a 2-core machine running them all at
# once starves the 2-thread Swift concurrency pool (calls then miss their deadlines).
SUMMARY="$(mktemp)"
trap 'rm -f "$SUMMARY"' EXIT
swift test --skip-build --no-parallel "$@" 2>&1 | tee "$SUMMARY"

# Each fuzz target for a few seconds on its seeds (release build with libFuzzer and AddressSanitizer in .build-fuzz):
# keeps them building and catches a regression the seeds reach. FUZZ_SECS=0 skips this step.
if [[ "${FUZZ_SECS:-5}" != 0 ]]; then
    log "fuzzing each target for ${FUZZ_SECS:-5} s (Scripts/fuzz.sh all)"
    "$ROOT/Scripts/fuzz.sh" all "${FUZZ_SECS:-5}"
fi

# The closing line CI reads: Swift Testing's count (XCTest has no tests here), after the fuzz step's output.
passed="$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} .* passed after.*/\1/p' "$SUMMARY" | tail -1)"
echo "tests: ${passed:-0} passed, 0 failed"
