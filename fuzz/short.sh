#!/bin/sh
# Runs one libFuzzer harness for a bounded time, without touching the source
# tree: new inputs go to WORKDIR/TARGET/corpus, crashes to
# WORKDIR/TARGET/artifacts/. Seeds: fuzz/corpus/TARGET and
# fuzz/regressions/TARGET; dictionary and options from fuzz/TARGET_fuzzer.*.
# Used by the 'fuzz-short' meson test and by fuzz/run.sh.
#
# Usage: fuzz/short.sh EXE TARGET SRCDIR WORKDIR SECONDS [libFuzzer flags...]
# Exit status: libFuzzer's (0 when no crash was found).
set -eu
[ $# -ge 5 ] || { echo "usage: $0 EXE TARGET SRCDIR WORKDIR SECONDS [flags...]" >&2; exit 2; }
exe=$1 target=$2 src=$3 work=$4 seconds=$5
shift 5
corpus=$work/$target/corpus
artifacts=$work/$target/artifacts
mkdir -p "$corpus" "$artifacts"

set -- -max_total_time="$seconds" -artifact_prefix="$artifacts/" -print_final_stats=1 "$@"
if [ -f "$src/${target}_fuzzer.dict" ]; then set -- -dict="$src/${target}_fuzzer.dict" "$@"; fi
# [libfuzzer] key = value lines of the .options file become -key=value flags.
if [ -f "$src/${target}_fuzzer.options" ]; then
  for kv in $(awk -F'=' '/^\[/ { s = $0; next } s == "[libfuzzer]" && NF == 2 {
                gsub(/[ \t]/, "", $1); gsub(/[ \t]/, "", $2); print "-" $1 "=" $2 }' "$src/${target}_fuzzer.options"); do
    set -- "$kv" "$@"
  done
fi
# The first directory receives new inputs.
set -- "$@" "$corpus"
for d in "$src/corpus/$target" "$src/regressions/$target"; do
  if [ -d "$d" ]; then set -- "$@" "$d"; fi
done
: "${ASAN_OPTIONS:=halt_on_error=1:abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
: "${UBSAN_OPTIONS:=halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS UBSAN_OPTIONS
exec "$exe" "$@"
