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
root=$(cd "$here/../.." && pwd)
build=${ISC_BENCH_BUILD:-$root/build-release}
case "$build" in /*) ;; *) build=$root/$build ;; esac
corpus=${ISC_BENCH_CORPUS:-$root/../shared/corpus/real}
rounds=${ROUNDS:-2}
work=$build/bench-peers
[ $# -gt 0 ] || set -- simdjson isc-decode isc-fast
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$root" --buildtype=release -Dbenchmarks=enabled >&2
fi
ninja -C "$build" bench/peers/peer_native >&2
if [ ! -d "$work/docs" ]; then
  mkdir -p "$work"
  if [ -d "$corpus" ]; then python3 "$here/extract.py" "$work" "$corpus" >&2
  else python3 "$here/extract.py" "$work" "$root/samples" >&2; fi
fi
docs=$(find -L "$work/docs" -name '*.json' | wc -l)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '| peer | instructions per document |\n|---|---|\n'
for peer in "$@"; do
  # Only the timed rounds count: the std::function each round runs.
  valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='std::_Function_handler*' \
    "$build/bench/peers/peer_native" "$peer" "$work/docs" --schemas "$root/schemas" --exact-rounds "$rounds" \
    >/dev/null 2>&1
  ir=$(sed -n 's/^summary: //p; s/^totals: //p' "$out" | head -n 1)
  printf '| %s | %s |\n' "$peer" "$(echo "$ir $rounds $docs" | awk '{printf "%.0f", $1 / ($2 * $3)}')"
done
