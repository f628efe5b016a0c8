#!/usr/bin/env bash
# The long benchmarks (not part of the test command, which runs one smoke
# iteration of each). Figures go to BENCHMARKS.md.
#   ./scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --locked -p stone-openbank --bench barcode
scripts/bench-cli.sh 1000000
