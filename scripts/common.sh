# Shared helpers of the project's scripts (sourced, not run).

# Shared test vectors: ../shared/testdata beside the clone, unless overridden.
export STONE_TESTDATA="${STONE_TESTDATA:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared/testdata}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Incremental compilation keeps every past session of every crate (20 GB
# after a day of runs) for a gain the test command does not need: it builds
# each crate once per run.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# Slow-to-build tools (the wasm-bindgen CLI, the uniffi bindgen, the Python
# venv) are cached per machine, outside the clone, so a fresh clone on a
# machine that ran the tests before skips them.
STONE_CACHE="${STONE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stone-openbank}"
mkdir -p "$STONE_CACHE"

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

# Keeps target/ within a disk budget: cargo never collects garbage, and a
# machine that runs the tests every day would otherwise fill its disk.
# Incremental caches go (see CARGO_INCREMENTAL above); past the budget the
# debug tree (rebuilt in a few minutes) goes too; release, wasm and the
# per-machine tool caches stay.
TARGET_BUDGET_GB="${TARGET_BUDGET_GB:-20}"
keep_target_small() {
    rm -rf target/debug/incremental target/*/debug/incremental target/*/*/incremental
    [ -d target ] || return 0
    local gb
    gb=$(du -s -B1G target | cut -f1)
    if [ "$gb" -gt "$TARGET_BUDGET_GB" ]; then
        echo "target/ is ${gb} GB (budget ${TARGET_BUDGET_GB} GB): removing target/debug"
        rm -rf target/debug
    fi
    echo "target/: $(du -sh target | cut -f1); free on this disk: $(df -h --output=avail . | tail -1 | tr -d ' ')"
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
VENV="$STONE_CACHE/venv"
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
    WASM_BINDGEN="$STONE_CACHE/tools/bin/wasm-bindgen"
    if [ ! -x "$WASM_BINDGEN" ] || [ "$("$WASM_BINDGEN" --version | awk '{print $2}')" != "$want" ]; then
        # Not --locked: the registry here lacks one of its locked dependencies.
        cargo install -q wasm-bindgen-cli --version "=$want" --root "$STONE_CACHE/tools"
    fi
}

# cargo-fuzz (libFuzzer) and the nightly toolchain it drives (rustup's
# nightly is on these machines; see shared/toolchains). Cached per machine.
CARGO_FUZZ_VERSION=0.13.2
ensure_cargo_fuzz() {
    if ! rustup run nightly rustc --version >/dev/null 2>&1; then
        rustup toolchain install nightly --profile minimal
    fi
    CARGO_FUZZ="$STONE_CACHE/tools/bin/cargo-fuzz"
    if [ ! -x "$CARGO_FUZZ" ] || ! "$CARGO_FUZZ" --version | grep -q "$CARGO_FUZZ_VERSION"; then
        cargo install -q cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked --root "$STONE_CACHE/tools"
    fi
}

# npm build/test tools (wasm-opt, tsc, playwright-core, benchmark peers).
ensure_npm_tools() {
    local dir=bindings-wasm/tools
    if [ ! -d "$dir/node_modules" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json"; then
        (cd "$dir" && npm ci --no-audit --no-fund --silent)
    fi
}

# Debian's Chromium for the browser tests (Playwright drives it; its own
# browser download cannot work here).
ensure_chromium() {
    if [ ! -x /usr/bin/chromium ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
}

# Swift: Debian trixie's swiftlang in a minimal chroot (bookworm has no Swift
# and trixie's needs a newer glibc). The Rust library and the bindings are
# built on the host; the chroot sees the work tree bind-mounted at the same
# path. Every mount is made inside a private mount namespace, so none
# outlives a command, even a failed one. See shared/toolchains/swift-report.md.
SWIFT_ROOT="${SWIFT_ROOT:-/opt/trixie}"
ensure_swift_chroot() {
    if [ -e "$SWIFT_ROOT" ] && [ ! -e "$SWIFT_ROOT/.swift-ready" ]; then
        rm -rf --one-file-system "$SWIFT_ROOT"   # a half-built chroot
    fi
    [ -e "$SWIFT_ROOT/.swift-ready" ] && return 0
    command -v debootstrap >/dev/null || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
    unshare -m --propagation private -- debootstrap --variant=minbase trixie "$SWIFT_ROOT" \
        http://deb.debian.org/debian >/dev/null
    cp -L /etc/resolv.conf "$SWIFT_ROOT/etc/resolv.conf"
    # libc6-dev is only recommended by swiftlang, but swiftc warns without it.
    in_swift_chroot / 'apt-get update -qq && apt-get install -y -qq --no-install-recommends swiftlang libc6-dev >/dev/null && apt-get clean'
    touch "$SWIFT_ROOT/.swift-ready"
}

# in_swift_chroot DIR 'command': runs in the chroot with /proc mounted (swiftc
# finds its libraries through /proc/self/exe) and DIR bind-mounted at DIR.
in_swift_chroot() {
    local dir=$1 cmd=$2
    mkdir -p "$SWIFT_ROOT$dir"
    unshare -m --propagation private -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        bash -c 'set -e; mount -t proc proc "$0/proc"; [ "$1" = / ] || mount --bind "$1" "$0$1"; exec chroot "$0" bash -c "cd \"$1\" && $2"' \
        "$SWIFT_ROOT" "$dir" "$cmd"
}

# The uniffi bindgen, pinned to the runtime's uniffi, built once (cached).
UNIFFI_BINDGEN="$STONE_CACHE/uniffi-bindgen/release/uniffi-bindgen"
ensure_uniffi_bindgen() {
    # cargo rebuilds it only when its pinned version changes.
    (cd bindings-uniffi/bindgen && CARGO_TARGET_DIR="$STONE_CACHE/uniffi-bindgen" \
        cargo build --release --quiet)
}

# Builds the uniffi library (its own -p build: see bindings-uniffi/bindgen)
# and generates the bindings of LANGUAGE into OUT_DIR.
uniffi_generate() {
    local language=$1 out=$2
    cargo build --locked --quiet -p stone-openbank-uniffi
    rm -rf "$out"
    # Library mode reads the metadata of the unstripped library and must
    # run inside the cargo workspace (it calls cargo metadata).
    "$UNIFFI_BINDGEN" generate --no-format --library target/debug/libstone_openbank_uniffi.so \
        --language "$language" --out-dir "$out" >/dev/null
}
