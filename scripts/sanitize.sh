#!/bin/sh
# Sanitizer builds (docs/threading.md, docs/limits.md):
#   BASE-asan  the whole test suite with AddressSanitizer + UndefinedBehaviorSanitizer
#              (no recovery: the first report fails the test)
#   BASE-tsan  the concurrency test (tests/threads) under ThreadSanitizer
# Valgrind memcheck of the CLI over samples/ is a test of the normal build
# (suite 'valgrind', tests/valgrind). Results land in each build directory's
# meson-logs/testlog.json; scripts/test-summary.py BASE BASE-asan BASE-tsan
# counts them all.
#
# Usage: scripts/sanitize.sh [BASE]   (default: build)
# Environment: ISC_TSAN_SECONDS  run time of the TSan concurrency test (default 5)
#              ISC_ASAN_SKIP     meson test suites left out under ASan (space separated;
#                                default: go-binding and install, whose programs are
#                                built without the sanitizer runtimes)
set -u
cd "$(dirname "$0")/.."
base=${1:-build}
asan=$base-asan
tsan=$base-tsan
status=0

setup() {  # DIR SANITIZERS
  if [ -f "$1/build.ninja" ]; then
    meson setup --reconfigure "$1" -Dtests=enabled -Dbenchmarks=disabled -Db_sanitize="$2" -Db_lundef=false \
      -Dc_args=-fno-sanitize-recover=all -Dcpp_args=-fno-sanitize-recover=all >/dev/null
  else
    meson setup "$1" -Dtests=enabled -Dbenchmarks=disabled -Db_sanitize="$2" -Db_lundef=false \
      -Dc_args=-fno-sanitize-recover=all -Dcpp_args=-fno-sanitize-recover=all >/dev/null
  fi
}

# ---- ASan + UBSan: every test
echo "== ASan+UBSan build ($asan)"
if setup "$asan" address,undefined && ninja -C "$asan"; then
  skip=""
  # go-binding: cgo cannot load the instrumented library without preloading
  # the runtime; install: its C client is built without -fsanitize.
  for s in ${ISC_ASAN_SKIP-go-binding install}; do skip="$skip --no-suite $s"; done
  export ISC_SANITIZED=1
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C "$asan" --no-rebuild --print-errorlogs --num-processes 2 --timeout-multiplier 3 $skip || status=1
else
  echo "ASan build failed" >&2
  status=1
  rm -f "$asan/meson-logs/testlog.json"
fi

# ---- TSan: the concurrency test only
echo "== TSan build ($tsan)"
if setup "$tsan" thread && ninja -C "$tsan" tests/threads/threads_test; then
  ISC_THREADS_SECONDS=${ISC_TSAN_SECONDS:-5} TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    meson test -C "$tsan" --no-rebuild --print-errorlogs --suite threads || status=1
else
  echo "TSan build failed" >&2
  status=1
  rm -f "$tsan/meson-logs/testlog.json"
fi
exit $status
