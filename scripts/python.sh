#!/usr/bin/env bash
# The pip package: builds the abi3 wheel for manylinux2014 (glibc 2.17+, so
# it installs on the servers ERPs run on) with maturin + zig, checks that the
# sdist builds too, installs the wheel into the project venv and runs pytest
# and mypy --strict against the installed package.
#   ./scripts/python.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh
ensure_venv
PY="$VENV/bin"
# maturin finds zig through the first python3 on PATH: the venv's.
export PATH="$PY:$PATH"
out=target/wheels/python
rm -rf "$out" && mkdir -p "$out"
# The client's models and operations, generated from the core's list.
cargo run --locked --quiet -p stone-codegen -- py bindings-python/python/stone_openbank

(cd bindings-python && "$PY/maturin" build --release --locked --zig \
    --compatibility manylinux2014 --out "../$out" --quiet)
wheel=$(ls "$out"/stone_openbank-*-cp39-abi3-manylinux*.whl)
case "$wheel" in
*manylinux2014*|*manylinux_2_17*) ;;
*) echo "wheel is not manylinux2014: $wheel"; exit 1 ;;
esac
echo "wheel: $wheel ($(du -k "$wheel" | cut -f1) KB)"

# The sdist must build on its own (as pip does on a platform we ship no
# wheel for). Its own target dir keeps this step cached across runs; the
# dev profile proves the same thing (every source is in the sdist) without
# a second fat-LTO build: 50 s instead of 139 s on a fresh machine.
(cd bindings-python && "$PY/maturin" sdist --out "../$out" >/dev/null)
sdist=$(ls "$out"/stone_openbank-*.tar.gz)
CARGO_TARGET_DIR="$PWD/target/sdist-build" MATURIN_PEP517_ARGS="--profile dev" "$PY/pip" wheel -q --no-deps \
    --no-build-isolation -w "$out/from-sdist" "$sdist"
ls "$out"/from-sdist/stone_openbank-*.whl >/dev/null
echo "sdist: $sdist builds"

"$PY/pip" install -q --force-reinstall --no-deps "$wheel"
# The client's tests and the quickstart start `stone sandbox`.
cargo build --locked --quiet -p stone-cli
export STONE_BIN="$PWD/target/debug/stone"
# Run from the tests folder: the installed wheel is what gets imported.
(cd bindings-python/tests && "$PY/pytest" -q -p no:cacheprovider .)
"$PY/mypy" --strict --cache-dir "$PWD/target/mypy-cache" \
    examples/python/erp_import.py examples/python/quickstart.py bindings-python/tests
echo "--- the quickstart in Python (examples/python/quickstart.py)"
"$PY/python" examples/python/quickstart.py
# The package's own sources and stubs, as installed.
pkg_dir=$("$PY/python" -c 'import os, stone_openbank; print(os.path.dirname(stone_openbank.__file__))')
check=$(mktemp -d)
cp -r "$pkg_dir" "$check/"
(cd "$check" && "$PY/mypy" --strict --no-incremental stone_openbank)
rm -rf "$check"
