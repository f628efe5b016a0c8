#!/usr/bin/env bash
# The Kotlin (JVM) package: generates the Kotlin bindings with uniffi,
# compiles them with the examples (Maven + kotlin-maven-plugin) and runs the
# JUnit 5 suites over JNA against the Rust library.
#   ./scripts/kotlin.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
ensure_uniffi_bindgen
uniffi_generate kotlin bindings-uniffi/kotlin/generated
# Fixes to uniffi's output (lone surrogates; a call status JNA builds
# fast), each checked: patch_generated.py says why.
python3 bindings-uniffi/kotlin/patch_generated.py bindings-uniffi/kotlin/generated/com/stoneopenbank/stone_openbank.kt
# The client's models and operations, generated from the core's list.
cargo run --locked --quiet -p stone-codegen -- kotlin bindings-uniffi/kotlin/generated/client
# The client's tests start `stone sandbox`.
cargo build --locked --quiet -p stone-cli -p stone-examples
(cd bindings-uniffi/kotlin && mvn -B -ntp -q -Dstyle.color=never test \
    -Dstone.lib.dir="$PWD/../../target/debug" -Dstone.testdata="$STONE_TESTDATA" \
    -Dstone.bin="$PWD/../../target/debug/stone" -Dstone.repo="$PWD/../.." \
    -Dstone.bench="${STONE_KOTLIN_BENCH:-0.01}" -Dstone.bench.stone="$PWD/../../target/debug/stone" \
    -Dstone.bench.load="$PWD/../../target/debug/sandbox-load")
# The per-call benchmark's smoke figure (scripts/bench.sh runs it in full).
grep -h "kotlin:" bindings-uniffi/kotlin/target/surefire-reports/*-output.txt 2>/dev/null || true
# Surefire is quiet on success with -q: print its totals.
python3 - bindings-uniffi/kotlin/target/surefire-reports <<'PY'
import glob, sys, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    r = ET.parse(path).getroot()
    t += int(r.get("tests")); f += int(r.get("failures")); e += int(r.get("errors")); s += int(r.get("skipped"))
print(f"Kotlin (JUnit): {t - f - e - s} passed, {f + e} failed, {s} skipped")
sys.exit(1 if f + e or t == 0 else 0)
PY
