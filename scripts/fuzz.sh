#!/usr/bin/env bash
# The fuzzing campaign: every target of fuzz/ (libFuzzer through
# cargo-fuzz) for SECONDS each, from the committed seeds (fuzz/seeds/) and
# the machine's growing corpus (fuzz/corpus/, not committed). Prints each
# target's executions and findings; a crash is saved under
# fuzz/artifacts/<target>/ and fails the run (make it a regression test).
#   ./scripts/fuzz.sh [SECONDS] [TARGET...]      (default 300 s, every target)
# The test command runs it for 5 s per target as a smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
ensure_cargo_fuzz

secs=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(barcode documents brcode pix_key models webhook sandbox_requests)

cd fuzz
# The instrumented build lives with the machine's other tool caches, outside
# the clone: a fresh clone on a machine that fuzzed before rebuilds only the
# project's own crates, not the ~200 instrumented dependencies (~4 min).
export CARGO_TARGET_DIR="$STONE_CACHE/fuzz-target"
# No sanitizer: the code fuzzed is safe Rust (its dependencies' unsafe is
# theirs to fuzz), and libFuzzer without ASan runs ~3× more inputs.
fuzz() { local sub=$1; shift; "$CARGO_FUZZ" "$sub" --sanitizer none "$@"; }
RUSTUP_TOOLCHAIN=nightly fuzz build --release 2>&1 | grep -v -E "^ +(Compiling|Finished)" || true
failed=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    log=$(mktemp)
    if RUSTUP_TOOLCHAIN=nightly fuzz run --release "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1; then
        verdict=ok
    else
        verdict=FAILED
        failed=1
    fi
    runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
    speed=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
    cov=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -1 | awk '{print $2}')
    inputs=$(find "corpus/$t" -type f | wc -l)
    crashes=$(find "artifacts/$t" -type f | wc -l)
    printf 'fuzz %-17s %s: %s runs in %ss (%s/s), coverage %s, corpus %s, crashes saved %s\n' \
        "$t" "$verdict" "${runs:-?}" "$secs" "${speed:-?}" "${cov:-?}" "$inputs" "$crashes"
    if [ "$verdict" != ok ]; then
        grep -E -A3 "panicked|ERROR|SUMMARY|Test unit written" "$log" | head -30 || tail -20 "$log"
    fi
    rm -f "$log"
done
exit $failed
