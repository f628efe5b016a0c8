#!/usr/bin/env bash
# The long benchmarks (not part of the test command, which runs one smoke
# iteration of each). Figures go to BENCHMARKS.md.
#   ./scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
cargo bench --locked -p stone-openbank --bench barcode
scripts/bench-cli.sh 1000000
cargo run --release --locked -q -p stone-examples --bin sandbox-load 1
# The packages against their popular peers (builds them first).
scripts/python.sh >/dev/null
"$VENV/bin/python" bindings-python/bench/compare.py 1
scripts/npm.sh >/dev/null
scripts/npm-test.sh >/dev/null
node bindings-wasm/bench/compare.mjs 1
# The API clients against hand-written ones, and their statement walks.
node bindings-wasm/bench/client.mjs 1
"$VENV/bin/python" bindings-python/bench/client.py 1
