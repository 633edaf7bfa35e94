#!/bin/sh
# Instructions per document, counted by callgrind: a figure that does not
# move with the load of a shared machine, for comparing two versions of the
# native peers (bench/README.md, "Instruction counts"). Times stay the
# measure (bench/peers/run.sh); this only tells a change's effect apart from
# the machine's noise.
#
#   bench/peers/instructions.sh [PEER...]   default: simdjson isc-decode isc-fast
#
# Environment: ISC_BENCH_BUILD (default build-release), ISC_BENCH_CORPUS as
# for run.sh (the documents run.sh extracted are reused when present),
# ROUNDS (default 2). Needs valgrind.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
rounds=${ROUNDS:-2}
[ $# -gt 0 ] || set -- simdjson isc-decode isc-fast
build_targets bench/peers/peer_native
[ -d "$work/docs" ] || extract_docs
docs=$(find -L "$work/docs" -name '*.json' | wc -l)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '| peer | instructions per document |\n|---|---|\n'
for peer in "$@"; do
  # Only the rounds count (the std::function each round calls), not the loading.
  valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='std::_Function_handler*' \
    "$build/bench/peers/peer_native" "$peer" "$work/docs" --schemas "$root/schemas" --exact-rounds "$rounds" \
    >/dev/null 2>&1
  ir=$(sed -n 's/^summary: //p; s/^totals: //p' "$out" | head -n 1)
  printf '| %s | %s |\n' "$peer" "$(echo "$ir $rounds $docs" | awk '{printf "%.0f", $1 / ($2 * $3)}')"
done
