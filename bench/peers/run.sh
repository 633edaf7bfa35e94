#!/bin/sh
# Peer comparison, side by side in one run (bench/README.md, "Peers").
#
#   bench/peers/run.sh            build, install the npm peers, measure, print the
#                                 table and write bench/peers/RESULTS.md
#
# Environment:
#   ISC_BENCH_BUILD   release build folder (default: build-release; set up with
#                     --buildtype=release -Dbenchmarks=enabled when missing)
#   ISC_BENCH_CORPUS  corpus folder (default: ../shared/corpus/real; the bundled
#                     samples/ are used when it does not exist)
#   PASSES            rounds of all peers, interleaved (default 5)
#   BUDGET            seconds of timed rounds per peer and pass (default 1)
#   NO_CLI=1          skip the CLI part (hyperfine, whole corpus, peak memory)
#
# Needs: meson, ninja, g++, libsimdjson-dev, nlohmann-json3-dev, libvalijson-dev,
# python3-jsonschema, hyperfine, time (scripts/install-deps.sh) and node + npm
# (the npm registry only, through package-lock.json).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
passes=${PASSES:-5}
budget=${BUDGET:-1}
schemas=$root/schemas

# 1. Build (release) and install the npm peers.
build_targets bench/peers/peer_native tools/isconform/isconform
native=$build/bench/peers/peer_native
isconform=$build/tools/isconform/isconform
if [ ! -d "$here/node_modules/ajv" ] || [ ! -d "$here/node_modules/@sourcemeta/jsonschema" ]; then
  say "npm ci (ajv, @sourcemeta/jsonschema) into bench/peers/node_modules"
  (cd "$here" && npm ci --no-audit --no-fund >&2)
fi
sm_js=$here/node_modules/.bin/jsonschema
sm_bin=$(node -e '
  const os = require("os"), path = require("path");
  const arch = os.arch() === "x64" ? "x86_64" : os.arch();
  const musl = os.platform() === "linux" && process.report.getReport().header.glibcVersionRuntime === undefined;
  console.log(path.join(process.argv[1], "node_modules/@sourcemeta/jsonschema/build/github-releases",
    "jsonschema-" + os.platform() + "-" + arch + (musl ? "-musl" : "")));' "$here")
chmod +x "$sm_bin" 2>/dev/null || true

# 2. The documents.
extract_docs
docs=$work/docs
results=$work/results.jsonl
: > "$results"

# 3. Per-document time, every peer once per pass, passes interleaved.
pass=1
while [ "$pass" -le "$passes" ]; do
  say "pass $pass/$passes"
  for peer in simdjson isc-decode isc-fast isc-reference valijson; do
    say "  $peer"
    "$native" "$peer" "$docs" --schemas "$schemas" --budget "$budget" --min-rounds 5 >> "$results"
  done
  say "  ajv"
  node "$here/ajv_peer.js" "$docs" "$schemas" --budget "$budget" --min-rounds 5 >> "$results"
  say "  python-jsonschema"
  python3 "$here/jsonschema_peer.py" "$docs" "$schemas" --budget "$budget" --min-rounds 2 >> "$results"
  say "  sourcemeta"
  inproc=
  if [ "$pass" -eq 1 ]; then inproc=--in-process; fi
  python3 "$here/sourcemeta_peer.py" "$sm_bin" "$schemas" "$docs" "$work/docs.jsonl" --reps 3 $inproc >> "$results"
  pass=$((pass + 1))
done

# 4. The command line: startup, the whole corpus, peak memory.
cli=$work/cli
rm -rf "$cli"
mkdir -p "$cli"
if [ "${NO_CLI:-0}" != 1 ]; then
  one=$docs/$(ls "$docs" | head -n 1)
  say "CLI startup (hyperfine): isconform check vs jsonschema validate on $one"
  hyperfine -N -i --warmup 3 --runs 30 --export-json "$cli/startup.json" \
    -n "isconform check" "$isconform check $one" \
    -n "jsonschema validate (native binary)" "$sm_bin validate --fast --resolve $schemas $schemas/ImageStream.json $one" \
    -n "jsonschema validate (npm command)" "$sm_js validate --fast --resolve $schemas $schemas/ImageStream.json $one" \
    >&2
  if [ -n "$corpus" ]; then
    say "whole corpus: isconform check -j 1 vs -j 2"
    hyperfine -N -i --warmup 1 --runs 5 --export-json "$cli/corpus.json" \
      -n "isconform check -j 1 corpus" "$isconform check -j 1 $corpus" \
      -n "isconform check -j 2 corpus" "$isconform check -j 2 $corpus" >&2
    "$isconform" check --summary "$corpus" 2>/dev/null | tail -n 1 > "$cli/corpus-summary.txt" || true
    say "peak memory: corpus once, twice, four times (three runs each, interleaved)"
    rm -f "$cli"/time-x*.txt
    for n in 1 2 3; do
      for k in 1 2 4; do
        set --
        i=0
        while [ "$i" -lt "$k" ]; do set -- "$@" "$corpus"; i=$((i + 1)); done
        /usr/bin/time -v "$isconform" check "$@" > /dev/null 2> "$cli/time-x$k-$n.txt" || true
      done
    done
  fi
fi

# 5. The table and bench/peers/RESULTS.md.
python3 "$here/report.py" "$results" "$cli" "$here/RESULTS.md" "$source_label" "$passes" "$budget"
