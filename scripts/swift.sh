#!/usr/bin/env bash
# The Swift package: generates the Swift bindings with uniffi on the host,
# then builds the package, runs its example and its XCTest suites with
# Swift 6 inside the trixie chroot (set up once, cached in /opt/trixie).
#   ./scripts/swift.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
ensure_swift_chroot
ensure_uniffi_bindgen
gen=target/uniffi-swift
uniffi_generate swift "$gen"
pkg=bindings-uniffi/swift
mkdir -p "$pkg/Sources/StoneOpenBank"   # holds only generated code
cp "$gen/StoneOpenBank.swift" "$pkg/Sources/StoneOpenBank/"
# The client's models and operations, generated from the core's list.
cargo run --locked --quiet -p stone-codegen -- swift "$pkg/Sources/StoneOpenBank"
# The client's tests start `stone sandbox` (built here, run inside the chroot);
# the per-call benchmark's smoke compares with sandbox-load.
cargo build --locked --quiet -p stone-cli -p stone-examples
cp "$gen/StoneOpenBankFFI.h" "$pkg/Sources/StoneOpenBankFFI/"
# The chroot sees only the work tree: give it a copy of the vectors.
rm -rf target/swift-testdata && cp -r "$STONE_TESTDATA" target/swift-testdata
repo=$PWD
log=target/swift-test.log
# The per-call benchmark's smoke: on loopback, then with 1 ms of latency.
bench="STONE_BIN=$repo/target/debug/stone STONE_LOAD=$repo/target/debug/sandbox-load .build/debug/StoneOpenBankBench"
rm -f "$log"   # never report an earlier run's results
in_swift_chroot "$repo" "cd $pkg && swift build --product StoneOpenBankExample >/dev/null && .build/debug/StoneOpenBankExample \
    && swift build --product StoneOpenBankQuickstart >/dev/null && STONE_BIN=$repo/target/debug/stone .build/debug/StoneOpenBankQuickstart \
    && swift build --product StoneOpenBankBench >/dev/null \
    && $bench 0.01 && $bench 0.01 1 \
    && STONE_TESTDATA=$repo/target/swift-testdata STONE_BIN=$repo/target/debug/stone swift test --disable-swift-testing >$repo/$log 2>&1" || status=$?
# XCTest's own summary lines, and any failure.
grep -E "error:|failed|Executed [0-9]+ tests|swift: exactly-once" "$log" | grep -v "passed at" | tail -20
exit "${status:-0}"
