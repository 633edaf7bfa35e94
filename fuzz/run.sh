#!/bin/sh
# Fuzz campaigns: builds the harnesses with clang, libFuzzer, ASan and UBSan
# in a separate build directory, runs each for SECONDS, and copies every new
# crash, leak, timeout or OOM input into fuzz/regressions/<target>/ (where
# the fuzz-corpus tests replay it from then on).
#
# Usage: fuzz/run.sh TARGET|all SECONDS [libFuzzer flags...]
#   e.g. fuzz/run.sh validate_json 600
#        fuzz/run.sh all 60 -max_len=4096
# Environment: BUILD_DIR (default build-fuzz), FUZZ_WORK (default fuzz/out:
# the growing corpora, artifacts and logs; not committed), NO_BUILD=1 to use
# the binaries as they are (e.g. for a second run.sh in parallel).
# Exit status: 0 when no harness crashed, 1 otherwise, 2 on usage or build errors.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
which=$1 seconds=$2
shift 2
build=${BUILD_DIR:-build-fuzz}
work=${FUZZ_WORK:-fuzz/out}
targets=$(cat fuzz/targets.txt)
if [ "$which" != all ]; then
  echo "$targets" | grep -qx "$which" || { echo "unknown target '$which'; known: $(echo $targets)" >&2; exit 2; }
  targets=$which
fi

flags="-fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined -fno-omit-frame-pointer -gline-tables-only"
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$build" \
    -Dfuzzing_engine=libfuzzer -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args="$flags" -Dcpp_args="$flags" \
    -Dtests=disabled -Dbenchmarks=disabled -Dtools=false -Dserver=disabled >/dev/null || exit 2
fi
if [ "${NO_BUILD:-0}" != 1 ]; then
  ninja -C "$build" $(for t in $targets; do printf 'fuzz/%s_fuzzer ' "$t"; done) >/dev/null ||
    { echo "build failed: ninja -C $build" >&2; exit 2; }
fi

status=0
for t in $targets; do
  rm -rf "$work/$t/artifacts"  # copied into fuzz/regressions/ after earlier runs
  mkdir -p "$work/$t"
  echo "== $t: ${seconds}s (corpus $work/$t/corpus, log $work/$t/log.txt)"
  rc=0
  fuzz/short.sh "$build/fuzz/${t}_fuzzer" "$t" fuzz "$work" "$seconds" "$@" >"$work/$t/log.txt" 2>&1 || rc=$?
  grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
    "$work/$t/log.txt" | sed 's/^/   /' || true
  for a in "$work/$t/artifacts"/*; do
    [ -f "$a" ] || continue
    dest=fuzz/regressions/$t/$(basename "$a")
    if [ ! -f "$dest" ]; then
      cp "$a" "$dest"
      echo "   NEW REPRODUCER: $dest (replay: $build/fuzz/${t}_fuzzer $dest)"
    fi
  done
  if [ "$rc" != 0 ]; then
    echo "   $t FAILED (exit $rc): see $work/$t/log.txt"
    status=1
  fi
done
exit $status
