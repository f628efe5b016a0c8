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

# The project's Python virtualenv (build and test tools), created once and
# refreshed when bindings-python/requirements-dev.txt changes.
VENV="$PWD/.cache/venv"
ensure_venv() {
    local req=bindings-python/requirements-dev.txt stamp="$VENV/.requirements"
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV"
    fi
    if ! cmp -s "$req" "$stamp"; then
        "$VENV/bin/pip" install -q --upgrade pip
        "$VENV/bin/pip" install -q -r "$req"
        cp "$req" "$stamp"
    fi
    "$VENV/bin/python" --version
}

# WebAssembly: Debian's Rust 1.96 with its std sources (rustup's toolchains
# here have no wasm32 std), and LLVM 22's wasm-ld. See shared/toolchains.
ensure_wasm_toolchain() {
    if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/src/rust/library ] \
        || [ ! -x /usr/lib/llvm-22/bin/wasm-ld ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            rustc-web cargo-web rust-web-src lld-22 >/dev/null
    fi
    # The wasm-bindgen CLI must be exactly the crate's version (Cargo.lock).
    local want
    want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print}' Cargo.lock)
    WASM_BINDGEN="$PWD/.cache/tools/bin/wasm-bindgen"
    if [ ! -x "$WASM_BINDGEN" ] || [ "$("$WASM_BINDGEN" --version | awk '{print $2}')" != "$want" ]; then
        # Not --locked: the registry here lacks one of its locked dependencies.
        cargo install -q wasm-bindgen-cli --version "=$want" --root "$PWD/.cache/tools"
    fi
}

# npm build/test tools (wasm-opt, tsc, playwright-core, benchmark peers).
ensure_npm_tools() {
    local dir=bindings-wasm/tools
    if [ ! -d "$dir/node_modules" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json"; then
        (cd "$dir" && npm ci --no-audit --no-fund --silent)
    fi
}
