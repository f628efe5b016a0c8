#!/usr/bin/env bash
# The main job: a runnable tour of the SDK (for now the boleto/barcode
# engine and CPF/CNPJ; the sandbox quickstart replaces it when the API client
# lands).
#   ./scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
ensure_rust >/dev/null
cargo run --release --locked -q -p stone-examples --bin boleto-demo
