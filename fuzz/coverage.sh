#!/bin/sh
# Line coverage of lib/ reached by the fuzz corpora: builds the harnesses
# with clang source-based coverage (-fprofile-instr-generate
# -fcoverage-mapping) and the replay driver in a separate build directory,
# replays each harness's seeds and regressions (and, with `all`, the corpus
# grown by fuzz/run.sh in fuzz/out/<target>/corpus), and reports with
# llvm-cov-14 (Debian package llvm-14): one line per harness, then the
# merged per-file table of lib/.
#
# Usage: fuzz/coverage.sh [committed|all]   (default: committed)
# Environment: BUILD_DIR (default build-cov), FUZZ_WORK (default fuzz/out).
# Output files: BUILD_DIR/coverage/{<target>.profdata,merged.profdata,report.txt}
#   and an HTML view with: llvm-cov-14 show -format=html ... (see fuzz/README.md).
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
which=${1:-committed}
case "$which" in committed | all) ;; *) sed -n '2,14p' "$0" >&2; exit 2 ;; esac
build=${BUILD_DIR:-build-cov}
work=${FUZZ_WORK:-fuzz/out}
profdata=llvm-profdata-14
cov=llvm-cov-14
command -v $cov >/dev/null || { echo "llvm-cov-14 missing: scripts/install-deps.sh installs llvm-14" >&2; exit 2; }

if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$build" -Dfuzzing_engine=none \
    -Dc_args="-fprofile-instr-generate -fcoverage-mapping" -Dcpp_args="-fprofile-instr-generate -fcoverage-mapping" \
    -Dc_link_args=-fprofile-instr-generate -Dcpp_link_args=-fprofile-instr-generate \
    -Dtests=disabled -Dbenchmarks=disabled -Dtools=false -Dserver=disabled >/dev/null
fi
targets=$(cat fuzz/targets.txt)
ninja -C "$build" $(for t in $targets; do printf 'fuzz/%s_fuzzer ' "$t"; done) >/dev/null

out=$build/coverage
rm -rf "$out"
mkdir -p "$out"
# Paths in the coverage mapping are relative to the build directory
# (../lib/src/...): keep lib/ only, without the harnesses and the embedded
# schema data.
filter='-ignore-filename-regex=(^|/)(fuzz|schemas|tests|tools|bench)/|^/usr/'
objects=
for t in $targets; do
  exe=$build/fuzz/${t}_fuzzer
  if [ -z "$objects" ]; then objects=$exe; else objects="$objects -object $exe"; fi
done
total() { awk '$1 == "TOTAL" { print $(NF-3) " of lines, " $(NF-6) " of functions" }'; }
for t in $targets; do
  exe=$build/fuzz/${t}_fuzzer
  set -- fuzz/corpus/$t fuzz/regressions/$t
  if [ "$which" = all ] && [ -d "$work/$t/corpus" ]; then set -- "$@" "$work/$t/corpus"; fi
  LLVM_PROFILE_FILE="$out/$t-%p.profraw" "$exe" "$@" 2>"$out/$t.log" || {
    echo "$t: replay failed (see $out/$t.log)" >&2
    exit 1
  }
  $profdata merge -sparse "$out/$t"-*.profraw -o "$out/$t.profdata"
  rm -f "$out/$t"-*.profraw
  n=$(grep -Eo '^[0-9]+ inputs replayed' "$out/$t.log" | cut -d' ' -f1)
  # Every harness binary is given, so that the denominator is all of lib/.
  # shellcheck disable=SC2086 # $objects is "exe -object exe ..."
  line=$($cov report $objects -instr-profile="$out/$t.profdata" "$filter" 2>/dev/null | total)
  printf '%-22s %6s inputs  %s\n' "$t" "$n" "$line"
done
$profdata merge -sparse "$out"/*.profdata -o "$out/merged.profdata"
# shellcheck disable=SC2086
$cov report $objects -instr-profile="$out/merged.profdata" "$filter" 2>/dev/null >"$out/report.txt"
echo
echo "all harnesses together: $(total <"$out/report.txt") (per file: $out/report.txt)"
awk 'NR > 2 && $1 != "TOTAL" && /^(\.\.\/lib\/)?(src|include)\// { f = $1; sub(/^(\.\.\/)?(lib\/)?/, "lib/", f); printf "  %-34s %8s lines  %5d missed\n", f, $(NF-3), $(NF-4) }' "$out/report.txt"
