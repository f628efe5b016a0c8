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
"$VENV/bin/python" bindings-python/bench/pix.py 1
scripts/npm.sh >/dev/null
scripts/npm-test.sh >/dev/null
node bindings-wasm/bench/compare.mjs 1
node bindings-wasm/bench/pix.mjs 1
# The API clients against hand-written ones, and their statement walks.
node bindings-wasm/bench/client.mjs 1
"$VENV/bin/python" bindings-python/bench/client.py 1
# Kotlin and Swift per call against the Rust client, on the release library.
cargo build --release --locked -q -p stone-openbank-uniffi -p stone-examples -p stone-cli
scripts/kotlin.sh >/dev/null
# kotlin_bench SCALE [LATENCY_MS]: BalanceBenchTest on the release library;
# with LATENCY_MS the sandbox answers that much later (a server across a
# network).
kotlin_bench() {
    (cd bindings-uniffi/kotlin && mvn -B -ntp -q -Dstyle.color=never test -Dtest=BalanceBenchTest \
        -Dstone.lib.dir="$PWD/../../target/release" -Dstone.repo="$PWD/../.." \
        -Dstone.bench="$1" -Dstone.bench.latency="${2:-0}" \
        -Dstone.bench.stone="$PWD/../../target/release/stone" -Dstone.bench.load="$PWD/../../target/release/sandbox-load")
    grep -h "kotlin:" bindings-uniffi/kotlin/target/surefire-reports/*BalanceBench*-output.txt
}
kotlin_bench 1
kotlin_bench 0.25 1
scripts/swift.sh >/dev/null
# The same two runs in Swift (arguments: scale, latency in ms).
swift_bench="STONE_BIN=$PWD/target/release/stone STONE_LOAD=$PWD/target/release/sandbox-load .build/release/StoneOpenBankBench"
in_swift_chroot "$PWD" "cd bindings-uniffi/swift && STONE_LIB_DIR=$PWD/target/release swift build -c release --product StoneOpenBankBench >/dev/null \
    && $swift_bench 1 && $swift_bench 0.25 1"
