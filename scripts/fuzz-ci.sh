#!/bin/sh
# CI's short fuzz campaign (fuzz/README.md): builds only the libFuzzer
# harnesses with clang, ASan and UBSan in BASE-fuzz, then runs through meson
# test the suite 'fuzz-corpus' (each harness once over its seeds and saved
# reproducers, -runs=0) and the suite 'fuzz-short' (each harness for a
# bounded time, fuzz/short.sh; new inputs stay in the build directory).
# Results land in BASE-fuzz/meson-logs/testlog.json, which
# scripts/test-summary.py counts; a failed setup or build leaves no log
# there, which counts as one failure.
#
# Usage: scripts/fuzz-ci.sh [BASE]   (default: build)
# Needs clang and libFuzzer (clang, libfuzzer-14-dev, libclang-rt-14-dev:
# scripts/install-deps.sh all).
set -u
cd "$(dirname "$0")/.."
base=${1:-build}
dir=$base-fuzz
rm -f "$dir/meson-logs/testlog.json"
flags="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer -gline-tables-only"
echo "== libFuzzer + ASan + UBSan build of the harnesses ($dir)"
if [ ! -f "$dir/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$dir" \
    -Dfuzzing_engine=libfuzzer -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args="$flags" -Dcpp_args="$flags" \
    -Dtests=disabled -Dbenchmarks=disabled -Dtools=false -Dserver=disabled >/dev/null ||
    { echo "fuzz: meson setup failed" >&2; exit 1; }
fi
targets=$(cat fuzz/targets.txt)
# shellcheck disable=SC2046
ninja -C "$dir" $(for t in $targets; do printf 'fuzz/%s_fuzzer ' "$t"; done) ||
  { echo "fuzz: build failed" >&2; exit 1; }
meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes 2 \
  --suite fuzz-corpus --suite fuzz-short
