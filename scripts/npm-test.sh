#!/usr/bin/env bash
# Tests the packed npm package (target/npm/stone-openbank-*.tgz, built by
# scripts/npm.sh) as a user installs it: the shared vectors, the API surface,
# the browser example in Chromium (Playwright) and a TypeScript consumer.
#   ./scripts/npm-test.sh
# Assumes the npm tools (bindings-wasm/tools/node_modules) and Chromium
# (/usr/bin/chromium, or $CHROMIUM) are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
# The `stone` command the client tests start their sandbox with.
cargo build --locked --quiet -p stone-cli
export STONE_BIN="$PWD/target/debug/stone"

T=bindings-wasm/test
TSC="$PWD/bindings-wasm/tools/node_modules/.bin/tsc"

shopt -s nullglob
tarballs=(target/npm/stone-openbank-*.tgz)
shopt -u nullglob
if [ "${#tarballs[@]}" -ne 1 ]; then
    echo "expected exactly one target/npm/stone-openbank-*.tgz (run scripts/npm.sh), found ${#tarballs[@]}"
    exit 1
fi
TGZ="$PWD/${tarballs[0]}"
[ -x "$TSC" ] || { echo "tsc not found at $TSC (bindings-wasm/tools: npm ci)"; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "Chromium not found at ${CHROMIUM:-/usr/bin/chromium}"; exit 1; }
[ -d "$STONE_TESTDATA/boleto" ] || { echo "shared test vectors not found at $STONE_TESTDATA"; exit 1; }

install_package() {
    # Reinstall from the tarball on every run: npm would otherwise keep (or
    # restore from its cache) the copy of an earlier build with the same
    # version. No lockfile (.npmrc: package-lock=false) for the same reason.
    rm -rf "$T/node_modules/stone-openbank" "$T/node_modules/.package-lock.json"
    (cd "$T" && npm install --no-audit --no-fund --no-save --loglevel=error "$TGZ")
    # The installed files must be the tarball's.
    local f
    for f in package.json api.js node.js index.js index.d.ts client.js client-node.js client.d.ts generated.js wasm/stone_openbank_wasm.js wasm/stone_openbank_wasm_bg.wasm wasm-client/stone_openbank_client.js wasm-client/stone_openbank_client_bg.wasm; do
        tar -xzOf "$TGZ" "package/$f" | cmp -s - "$T/node_modules/stone-openbank/$f" \
            || { echo "installed $f differs from $TGZ"; return 1; }
    done
    echo "installed $(basename "$TGZ") into $T/node_modules/stone-openbank"
}

run_tests() {
    (cd "$T" && node --test --test-reporter=spec --test-timeout=300000 \
        vectors.test.mjs pix.test.mjs api.test.mjs client.test.mjs exactly-once.test.mjs ffi-garbage.test.mjs browser.test.mjs owner-app.test.mjs browser-client.test.mjs)
}

type_check() {
    (cd "$T" && "$TSC" --version && "$TSC" -p tsconfig.json && "$TSC" -p tsconfig.node.json && "$TSC" -p tsconfig.nodom.json)
    echo "types.test-d.ts type-checks (bundler and nodenext resolution, strict)"
}

quickstart() {
    local E=examples/node
    rm -rf "$E/node_modules"
    (cd "$E" && npm install --no-audit --no-fund --no-save --loglevel=error "$TGZ" >/dev/null)
    node "$E/quickstart.mjs"
}

stage "Install the packed package into $T" install_package
stage "node --test: vectors, API, browser example (Chromium)" run_tests
stage "TypeScript consumers (tsc --noEmit, strict): validation and client entries" type_check
stage "The quickstart in Node (examples/node/quickstart.mjs)" quickstart
finish
