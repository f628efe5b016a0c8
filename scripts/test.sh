#!/usr/bin/env bash
# The test command: every check the project has, from a fresh clone.
#   ./scripts/test.sh
# Installs nothing outside the project's caches; the Rust toolchain (rustup's
# stable with rustfmt and clippy) is what these machines come with.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

stage "Rust toolchain" ensure_rust

stage "Disk: target/ within its budget" keep_target_small

stage "Formatting (cargo fmt --check)" \
    bash -c 'cargo fmt --all -- --check && cd fuzz && cargo fmt --check'

stage "Lints (cargo clippy -D warnings)" \
    cargo clippy --workspace --all-targets --locked -- -D warnings

# The core as the bindings build it: without the client (the wasm
# validation build, today's Python and uniffi packages).
# The npm package's client module (a feature the workspace build leaves off).
stage "Lints of the wasm binding's client feature" \
    cargo clippy --locked -p stone-openbank-wasm --features client -- -D warnings

stage "Core without the client feature" \
    cargo clippy --locked -p stone-openbank --no-default-features -- -D warnings

# Unit, property, shared-vector and CLI tests, plus one smoke iteration of
# every Criterion benchmark (--all-targets runs benches in test mode).
stage "Rust tests (core, shared vectors, CLI as a user calls it, bench smoke)" \
    cargo test --workspace --all-targets --locked

stage "Doc tests" cargo test --workspace --doc --locked

stage "The main job: the quickstart against the embedded sandbox" \
    cargo run --locked -q -p stone-examples --bin quickstart

stage "Python: manylinux2014 wheel, sdist, pytest on the installed wheel (client vs stone sandbox), mypy --strict, Python quickstart" \
    scripts/python.sh

stage "npm: both wasm modules (validation, client), wasm-opt, generated client, TypeScript, pack (prints the gzipped sizes)" \
    scripts/npm.sh

# The core alone with the client for wasm32 (the npm package's client entry
# builds it through bindings-wasm; this checks the core crate by itself).
stage "The API client compiles for wasm32 (fetch, browser timers, pure-Rust crypto)" \
    bash -c 'source scripts/common.sh && ensure_wasm_toolchain && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$PWD/target/wasm" /usr/bin/cargo check --locked --quiet -p stone-openbank --features client --target wasm32-unknown-unknown -Z build-std=std,panic_abort'

stage "npm: Node test runner on the packed package (vectors, API, client vs stone sandbox, Chromium), tsc consumers, Node quickstart" \
    bash -c 'source scripts/common.sh && ensure_chromium && scripts/npm-test.sh'

stage "Kotlin: uniffi bindings, Maven + JUnit 5 over JNA" scripts/kotlin.sh

stage "Swift: uniffi bindings, SwiftPM + XCTest in the trixie chroot" scripts/swift.sh

stage "CLI streaming smoke (100,000 lines through stone boleto decode)" \
    scripts/bench-cli.sh 100000

# Cash-outs through injected faults, double clicks included: none
# duplicated, none lost, the ledger conserved (the full run: 10,000, see
# docs/reliability.md).
stage "Exactly-once smoke: 500 cash-outs under faults (cargo run --bin exactly-once 10000 for the full run)" \
    cargo run --locked -q -p stone-examples --bin exactly-once 500

# A sandbox process with --db killed (SIGKILL) under 16 clients: every
# acknowledged cash-out survives, once (the campaign: durability 100).
stage "Durability smoke: 3 kills under load, every acknowledged cash-out kept (cargo run --bin durability 100 for the campaign)" \
    cargo run --locked -q -p stone-examples --bin durability 3

# Five seconds of each fuzz target (./scripts/fuzz.sh runs the campaign;
# docs/reliability.md has its figures): the targets build and hold.
stage "Fuzz smoke: every parser and the sandbox's HTTP surface, 5 s per target (libFuzzer)" \
    scripts/fuzz.sh 5

# One short round of each peer comparison (./scripts/bench.sh runs them in full).
stage "Benchmark smoke: npm vs its peers" node bindings-wasm/bench/compare.mjs 0.02
stage "Benchmark smoke: npm Pix vs pix-utils" node bindings-wasm/bench/pix.mjs 0.02
stage "Benchmark smoke: sandbox load and client overhead" \
    cargo run --locked -q -p stone-examples --bin sandbox-load 0.01
stage "Benchmark smoke: Python vs its peer" \
    bash -c 'source scripts/common.sh && "$VENV/bin/python" bindings-python/bench/compare.py 0.02'
stage "Benchmark smoke: Python Pix vs its peers" \
    bash -c 'source scripts/common.sh && "$VENV/bin/python" bindings-python/bench/pix.py 0.02'
# The clients against hand-written ones and the Rust walk (release stone
# and sandbox-load are built by the stages above).
stage "Benchmark smoke: the npm client vs plain fetch, and its statement walk" \
    node bindings-wasm/bench/client.mjs 0.01
stage "Benchmark smoke: the pip client vs httpx (sync, async), and its statement walk" \
    bash -c 'source scripts/common.sh && "$VENV/bin/python" bindings-python/bench/client.py 0.01'

finish
