#!/bin/sh
# Installs what is needed, builds with warnings as errors and runs every test.
# The last line is always "N passed, N failed"; the exit status is non-zero
# on any failure.  Usage: scripts/test.sh [BUILD_DIR]   (default: build)
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
fail() {
  echo "$1" >&2
  echo "0 passed, 1 failed"
  exit 1
}
scripts/install-deps.sh all || fail "installing dependencies failed"
if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" -Dwerror=true -Dtests=enabled >/dev/null || fail "meson setup failed"
else
  meson setup "$build" -Dwerror=true -Dtests=enabled || fail "meson setup failed"
fi
ninja -C "$build" || fail "build failed"
status=0
meson test -C "$build" --print-errorlogs --num-processes 2 || status=1
# ASan+UBSan over every test, TSan over the concurrency test (docs/threading.md).
scripts/sanitize.sh "$build" || status=1
# Each fuzz harness under libFuzzer+ASan+UBSan: corpus replay and a 10 s run (fuzz/README.md).
scripts/fuzz-ci.sh "$build" || status=1
python3 scripts/test-summary.py "$build" "$build-asan" "$build-tsan" "$build-fuzz" || status=1
exit $status
