#!/bin/sh
# Runs fuzz/oss-fuzz/build.sh the way OSS-Fuzz's `compile` step does, on
# this machine, without Docker and without downloading anything: clang,
# ASan + UBSan, libFuzzer as $LIB_FUZZING_ENGINE, $SRC/$OUT/$WORK in a
# temporary directory (the source tree is linked as $SRC/isconform). Then
# checks that every harness of fuzz/targets.txt landed in $OUT with its seed
# corpus zip and dictionary, and runs each once over its unzipped seeds
# (-runs=0), as OSS-Fuzz's check_build does.
#
# Usage: fuzz/oss-fuzz/build_local.sh      (KEEP=1 keeps the temporary directory)
# Exit status: 0 when everything built and every seed ran.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/isc-oss-fuzz.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
mkdir -p "$tmp/src" "$tmp/out" "$tmp/work"
ln -s "$root" "$tmp/src/isconform"

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link"
export CC=clang CXX=clang++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only $san"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
export SRC="$tmp/src" OUT="$tmp/out" WORK="$tmp/work"
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

echo "== build.sh (SRC=$SRC OUT=$OUT WORK=$WORK)"
(cd "$SRC/isconform" && bash -eu "$root/fuzz/oss-fuzz/build.sh") >"$tmp/build.log" 2>&1 || {
  tail -40 "$tmp/build.log"
  echo "build.sh failed (log: $tmp/build.log)" >&2
  KEEP=1
  exit 1
}

status=0
for t in $(cat "$root/fuzz/targets.txt"); do
  f=${t}_fuzzer
  for want in "$f" "${f}_seed_corpus.zip" "$f.dict"; do
    if [ ! -f "$OUT/$want" ]; then
      echo "MISSING $OUT/$want"
      status=1
    fi
  done
  [ -x "$OUT/$f" ] || continue
  mkdir -p "$WORK/seeds/$t"
  unzip -q -o "$OUT/${f}_seed_corpus.zip" -d "$WORK/seeds/$t"
  n=$(find "$WORK/seeds/$t" -type f | wc -l)
  if "$OUT/$f" -runs=0 -dict="$OUT/$f.dict" "$WORK/seeds/$t" >"$WORK/$t.log" 2>&1; then
    echo "ok      $f: $n seeds ($(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$WORK/$t.log" | tail -1))"
  else
    echo "FAILED  $f over $n seeds:"
    tail -30 "$WORK/$t.log"
    status=1
  fi
done
# OSS-Fuzz runs the binaries on a plain base-runner image: report what they link.
echo "== dynamic libraries of $(ls "$OUT"/*_fuzzer | head -1 | xargs basename):"
ldd "$(ls "$OUT"/*_fuzzer | head -1)" | sed 's/^/   /'
exit $status
