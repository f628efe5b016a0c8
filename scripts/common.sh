# Shared helpers of the project's scripts (sourced, not run).

# Shared test vectors: ../shared/testdata beside the clone, unless overridden.
export STONE_TESTDATA="${STONE_TESTDATA:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared/testdata}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

_started=$(date +%s)
_stages=0

# stage "title" command args...: runs one step, timed, failing the script on error.
stage() {
    local title=$1
    shift
    local t0
    t0=$(date +%s)
    printf '\n=== %s\n' "$title"
    "$@"
    _stages=$((_stages + 1))
    printf '=== ok: %s (%ss)\n' "$title" "$(($(date +%s) - t0))"
}

finish() {
    printf '\nAll %d stages passed in %ss.\n' "$_stages" "$(($(date +%s) - _started))"
}

ensure_rust() {
    if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    command -v cargo >/dev/null || { echo "cargo not found: install Rust (rustup)"; return 1; }
    cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
    cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
    cargo --version
    if [ ! -d "$STONE_TESTDATA/boleto" ]; then
        echo "shared test vectors not found at $STONE_TESTDATA (set STONE_TESTDATA)"
        return 1
    fi
}
