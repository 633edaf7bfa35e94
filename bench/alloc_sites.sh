#!/bin/sh
# Where steady-state validation allocates: runs `alloc_bench --sites N [invalid]`
# under gdb with a breakpoint on every allocation made during one validation
# (after two warm-up validations with the same validator and report) and
# prints each stack, then a tally of the library frames that allocate.
#
# Usage: bench/alloc_sites.sh [BUILD_DIR] [TAGS] [valid|invalid]
#   BUILD_DIR defaults to build (debugoptimized: -O2 -g, readable stacks).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
tags=${2:-10}
kind=${3:-valid}
exe=$build/bench/alloc_bench
[ -x "$exe" ] || { echo "build $exe first: ninja -C $build bench/alloc_bench" >&2; exit 2; }
out=$(mktemp)
cmds=$(mktemp)
trap 'rm -f "$out" "$cmds"' EXIT
cat > "$cmds" <<'GDB'
set pagination off
set print frame-arguments none
set breakpoint pending on
break isc_bench_alloc_site
commands 1
silent
bt 14
printf "----\n"
continue
end
run
GDB
gdb -q -batch -nx -x "$cmds" --args "$exe" --sites "$tags" "$kind" > "$out" 2>&1 || true
cat "$out"
echo
echo "== allocation sites: first frame in lib/src of each stack (count, function, file:line)"
awk '/^----/ { seen = 0; next }
     /^#/ && !seen && / at [^ ]*lib\/src\// {
       seen = 1
       loc = $0; sub(/.* at /, "", loc); sub(/^.*lib\/src\//, "lib/src/", loc)
       fn = $0; sub(/^#[0-9]+ +(0x[0-9a-f]+ in )?/, "", fn); sub(/ \(.*/, "", fn)
       n[fn "  " loc]++ }
     END { for (k in n) printf "%5d  %s\n", n[k], k }' "$out" | sort -rn
