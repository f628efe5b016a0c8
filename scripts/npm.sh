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
# build_wasm <features> <out name>: one wasm module, through wasm-bindgen
# and wasm-opt, into $W/js/<dir>/.
build_wasm() {
    local features=$1 name=$2 dir=$3 profile=$4
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld \
    CARGO_TARGET_DIR="$PWD/target/wasm" \
        /usr/bin/cargo build --locked --quiet --profile "$profile" -p stone-openbank-wasm \
        --features "$features" --target wasm32-unknown-unknown -Z build-std=std,panic_abort
    local raw=target/wasm/wasm32-unknown-unknown/$profile/stone_openbank_wasm.wasm
    rm -rf "$W/js/$dir"
    "$WASM_BINDGEN" --target web --out-dir "$W/js/$dir" --out-name "$name" "$raw"
    local out="$W/js/$dir/${name}_bg.wasm"
    "$W/tools/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers "$out" -o "$out.opt"
    mv "$out.opt" "$out"
}

rm -rf "$W/pkg"
# The validation module (small: no HTTP, no crypto) and the client module.
build_wasm "" stone_openbank_wasm wasm release-small
build_wasm client stone_openbank_client wasm-client release-client
bg="$W/js/wasm/stone_openbank_wasm_bg.wasm"
cbg="$W/js/wasm-client/stone_openbank_client_bg.wasm"
# The client's typed surface, generated from the core's list of operations.
cargo run --locked --quiet -p stone-codegen -- ts "$W/js/generated.ts"

# The record interfaces (tsify) come first in the generated .d.ts; the
# public declarations import them from records.d.ts, which needs no DOM.
awk '/^export (function|type InitInput|interface InitOutput|default)/ {exit} {print}' \
    "$W/js/wasm/stone_openbank_wasm.d.ts" >"$W/js/wasm/records.d.ts"
grep -q "interface BankBoletoRecord" "$W/js/wasm/records.d.ts"
"$W/tools/node_modules/.bin/tsc" -p "$W/js/tsconfig.json"
mkdir -p "$W/pkg/wasm" "$W/pkg/wasm-client"
cp "$W"/js/wasm/stone_openbank_wasm.js "$W"/js/wasm/stone_openbank_wasm.d.ts \
    "$W/js/wasm/records.d.ts" "$bg" "$W/pkg/wasm/"
cp "$W"/js/wasm-client/stone_openbank_client.js "$W"/js/wasm-client/stone_openbank_client.d.ts \
    "$cbg" "$W/pkg/wasm-client/"
# The client's fetch shim (core/src/client/http.rs), emitted as a snippet.
cp -r "$W/js/wasm-client/snippets" "$W/pkg/wasm-client/"
cp "$W/package.json" "$W/README.md" "$W/LICENSE" "$W/pkg/"

mkdir -p target/npm
rm -f target/npm/stone-openbank-*.tgz
(cd "$W/pkg" && npm pack --silent --pack-destination ../../target/npm >/dev/null)

wasm_raw=$(stat -c %s "$bg")
wasm_gz=$(gzip -9 -c "$bg" | wc -c)
# What an app loading the validation entry downloads: its JS, the shared
# errors module and its wasm (the client's files are not loaded).
all_gz=$(cat "$W"/pkg/api.js "$W"/pkg/index.js "$W"/pkg/errors.js "$W"/pkg/loader.js "$W"/pkg/wasm/*.js "$bg" | gzip -9 | wc -c)
# The client entry: its JS, the generated operations, errors and its wasm.
cwasm_raw=$(stat -c %s "$cbg")
cwasm_gz=$(gzip -9 -c "$cbg" | wc -c)
client_gz=$(cat "$W"/pkg/client.js "$W"/pkg/generated.js "$W"/pkg/errors.js "$W"/pkg/loader.js "$W"/pkg/client-errors.js "$W"/pkg/wasm-client/*.js "$W"/pkg/wasm-client/snippets/*/*.js "$cbg" | gzip -9 | wc -c)
# The budgets, gzipped bytes (why each is what it is: BENCHMARKS.md).
validation_budget=87040 # 85 KB
client_budget=522240    # 510 KB
echo "npm package: $(ls target/npm/stone-openbank-*.tgz)"
echo "size: validation wasm ${wasm_raw} B raw, ${wasm_gz} B gzipped; validation entry (wasm + JS) ${all_gz} B gzipped (budget < $validation_budget)"
echo "size: client wasm ${cwasm_raw} B raw, ${cwasm_gz} B gzipped; client entry (wasm + JS) ${client_gz} B gzipped (budget < $client_budget)"
[ "$all_gz" -lt "$validation_budget" ] || { echo "the validation entry is over its budget ($validation_budget B)"; exit 1; }
[ "$client_gz" -lt "$client_budget" ] || { echo "the client entry is over its budget ($client_budget B)"; exit 1; }
