#!/usr/bin/env bash
# Streams N lines (default 1,000,000) through `stone boleto decode` and
# prints throughput and peak memory: the CLI must stream in constant memory.
#   ./scripts/bench-cli.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
cargo build --release --locked -q -p stone-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A mix of both kinds and forms, one invalid in four.
python3 - "$n" >"$work/in.txt" <<'PY'
import sys
lines = [
    "34191.09008 00012.345674 89012.345677 9 99990000012345",
    "838600000050096000190009000801782309000343062712",
    "34199999900000123451090000012345678901234567",
    "34191090080001234567489012345677999990000012346",
]
n = int(sys.argv[1])
out = sys.stdout
for i in range(n):
    out.write(lines[i % 4] + "\n")
PY
status=0
/usr/bin/time -f '%e %M' -o "$work/time" target/release/stone boleto decode \
    --reference-date 2026-11-26 <"$work/in.txt" >"$work/out.jsonl" || status=$?
read -r secs rss < <(tail -n 1 "$work/time")
lines_out=$(wc -l <"$work/out.jsonl")
invalid=$(grep -c '"valid":false' "$work/out.jsonl" || true)
echo "stone boleto decode: $n lines in ${secs}s, peak RSS ${rss} KB, $lines_out lines out, $invalid invalid, exit $status"
# Exit 1 is expected (a quarter of the inputs are invalid); anything else, or
# a missing line, is a failure.
[ "$status" -eq 1 ] && [ "$lines_out" -eq "$n" ] && [ "$invalid" -eq $((n / 4)) ]
