# Shared helpers of Scripts/*.sh. Source it; it sets $ROOT and defines the functions below.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages given that are not installed yet (one apt-get update at most).
ensure_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        log "installing Debian packages: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# What building and running the services needs.
RUNTIME_APT=(pkg-config libprotobuf-c-dev libzstd-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev libhiredis-dev zstd)
# What the tests need on top: protoc-c for the staleness check, a real redis-server, the RISC-V cross compiler
# for the guest rebuild check, Python for the oracles and local stand-ins of remote services.
TEST_APT=(protobuf-c-compiler redis-server redis-tools gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf python3 python3-venv)

# Finds swift: on PATH, or the toolchain in /opt/swift.
ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        if [[ -x /opt/swift/usr/bin/swift ]]; then
            export PATH="/opt/swift/usr/bin:$PATH"
        else
            echo "Swift 6.1 or newer is needed: install a Swift toolchain (swift.org/install) and put it on PATH." >&2
            exit 1
        fi
    fi
}

# Makes .venv with the Python test tools (oracles and protocol stand-ins), once.
VENV="$ROOT/.venv"
PY_TOOLS=(pycryptodome aleph-cid eth-account arweave-python-client prometheus-client grpcio "docker-compose==1.29.2" pytest)
ensure_venv() {
    local stamp="$VENV/.zkfaas-tools"
    local want="${PY_TOOLS[*]}"
    if [[ -x "$VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return; fi
    log "preparing the Python test tools in .venv"
    [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
    local constraints
    constraints="$(mktemp)"
    echo 'cython<3' >"$constraints"   # docker-compose 1.29.2 needs PyYAML 5, which does not build with Cython 3
    PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install -q --disable-pip-version-check "${PY_TOOLS[@]}"
    rm -f "$constraints"
    echo "$want" >"$stamp"
}

# Frees the port-holding processes we started, by PID file.
stop_pidfile() {
    local file="$1"
    [[ -f "$file" ]] || return 0
    local pid
    pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}
