#!/usr/bin/env bash
# The npm package: builds the wasm module with Debian's Rust and a std built
# for wasm32, runs the wasm-bindgen CLI pinned to the crate's version, shrinks
# it with wasm-opt, compiles the TypeScript wrapper, packs the package
# (target/npm/stone-openbank-<version>.tgz) and prints its sizes.
#   ./scripts/npm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
ensure_wasm_toolchain
ensure_npm_tools

W=bindings-wasm
RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld \
CARGO_TARGET_DIR="$PWD/target/wasm" \
    /usr/bin/cargo build --locked --quiet --profile release-small -p stone-openbank-wasm \
    --target wasm32-unknown-unknown -Z build-std=std,panic_abort
raw=target/wasm/wasm32-unknown-unknown/release-small/stone_openbank_wasm.wasm

rm -rf "$W/js/wasm" "$W/pkg"
"$WASM_BINDGEN" --target web --out-dir "$W/js/wasm" --out-name stone_openbank_wasm "$raw"
bg="$W/js/wasm/stone_openbank_wasm_bg.wasm"
"$W/tools/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers "$bg" -o "$bg.opt"
mv "$bg.opt" "$bg"

# The record interfaces (tsify) come first in the generated .d.ts; the
# public declarations import them from records.d.ts, which needs no DOM.
awk '/^export (function|type InitInput|interface InitOutput|default)/ {exit} {print}' \
    "$W/js/wasm/stone_openbank_wasm.d.ts" >"$W/js/wasm/records.d.ts"
grep -q "interface BankBoletoRecord" "$W/js/wasm/records.d.ts"
"$W/tools/node_modules/.bin/tsc" -p "$W/js/tsconfig.json"
mkdir -p "$W/pkg/wasm"
cp "$W"/js/wasm/stone_openbank_wasm.js "$W"/js/wasm/stone_openbank_wasm.d.ts \
    "$W/js/wasm/records.d.ts" "$bg" "$W/pkg/wasm/"
cp "$W/package.json" "$W/README.md" "$W/LICENSE" "$W/pkg/"

mkdir -p target/npm
rm -f target/npm/stone-openbank-*.tgz
(cd "$W/pkg" && npm pack --silent --pack-destination ../../target/npm >/dev/null)

wasm_raw=$(stat -c %s "$bg")
wasm_gz=$(gzip -9 -c "$bg" | wc -c)
all_gz=$(cat "$W"/pkg/*.js "$W"/pkg/wasm/*.js "$bg" | gzip -9 | wc -c)
echo "npm package: $(ls target/npm/stone-openbank-*.tgz)"
echo "size: wasm ${wasm_raw} B raw, ${wasm_gz} B gzipped; wasm + JS ${all_gz} B gzipped (target < 61440)"
