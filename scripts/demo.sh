#!/usr/bin/env bash
# The main job: the quickstart against the embedded sandbox (no setup; set
# STONE_CLIENT_ID, STONE_PRIVATE_KEY_PATH, STONE_ENVIRONMENT and
# STONE_TARGET_ACCOUNT_CODE to run it against Stone), then the tour of the
# boleto/barcode engine.
#   ./scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
ensure_rust >/dev/null
cargo run --release --locked -q -p stone-examples --bin quickstart
echo
cargo run --release --locked -q -p stone-examples --bin boleto-demo
