#!/bin/sh
# Load test of `isconform serve`: wrk over TLS with keep-alive, real review
# bodies built from the ImageStream corpus, RSS sampled every second.
#
# usage: bench/webhook/run.sh [BUILD_DIR] [SECONDS] [CONNECTIONS] [RATES...]
#   BUILD_DIR    meson build directory holding tools/isconform/isconform (default: build)
#   SECONDS      length of each measured run (default 60)
#   CONNECTIONS  keep-alive connections (default 16)
#   RATES        request rates to run at, 0 meaning as fast as possible (default: 0 1000)
# Needs wrk, openssl, python3 with PyYAML. Prints one RESULT line per run and
# a table; the work directory (reviews, certificates, logs, RSS samples) is kept
# under $TMPDIR and printed at the end.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
seconds=${2:-60}
conns=${3:-16}
shift $(( $# < 3 ? $# : 3 ))
rates=${*:-0 1000}
threads=2
bin=$(cd "$build" && pwd)/tools/isconform/isconform
corpus=${CORPUS:-/work/shared/corpus/real}
work=$(mktemp -d "${TMPDIR:-/tmp}/isc-webhook-bench.XXXXXX")
port=${PORT:-18443}

python3 "$here/make_reviews.py" "$bin" "$corpus" > "$work/reviews.jsonl"
echo "reviews: $(wc -l < "$work/reviews.jsonl") ($(wc -c < "$work/reviews.jsonl") bytes) from $corpus"

ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
# shellcheck disable=SC2086
openssl req -x509 $ec -keyout "$work/ca.key" -out "$work/ca.crt" -days 2 -subj /CN=bench-ca 2>/dev/null
# shellcheck disable=SC2086
openssl req $ec -keyout "$work/tls.key" -out "$work/tls.csr" -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$work/ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -out "$work/tls.crt" -days 2 -extfile "$work/ext" 2>/dev/null

"$bin" serve --listen "127.0.0.1:$port" --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" \
  --log-level info 2> "$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true; kill $sampler 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -sf --cacert "$work/ca.crt" "https://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
  sleep 0.1
done

# RSS of the server (kB), one sample per second: "<seconds since start> <kB> <phase>".
echo warmup > "$work/phase"
t0=$(date +%s)
(while kill -0 "$server" 2>/dev/null; do
   rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || true)
   [ -n "$rss" ] && echo "$(( $(date +%s) - t0 )) $rss $(cat "$work/phase")" >> "$work/rss.txt"
   sleep 1
 done) &
sampler=$!

url="https://127.0.0.1:$port"
export REVIEWS="$work/reviews.jsonl" THREADS=$threads
RATE=0 wrk -t$threads -c"$conns" -d5s -s "$here/reviews.lua" "$url" > "$work/warmup.txt"

for rate in $rates; do
  echo "rate-$rate" > "$work/phase"
  RATE=$rate wrk -t$threads -c"$conns" -d"${seconds}s" --timeout 5s -s "$here/reviews.lua" "$url" \
    > "$work/wrk-$rate.txt"
  echo "rate $rate: $(grep '^RESULT' "$work/wrk-$rate.txt")"
  sleep 2
done
echo done > "$work/phase"
sleep 2
curl -sf --cacert "$work/ca.crt" "$url/metrics" > "$work/metrics.txt" || true

python3 - "$work" $rates <<'PY'
import json, sys
work, rates = sys.argv[1], sys.argv[2:]
samples = [l.split() for l in open(work + "/rss.txt")]
print("\n| target rate | reached req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | RSS MiB first 10 s / last 10 s / max |")
print("|---|---|---|---|---|---|---|---|")
for rate in rates:
    line = [l for l in open("%s/wrk-%s.txt" % (work, rate)) if l.startswith("RESULT")][0]
    r = json.loads(line[len("RESULT "):])
    errors = sum(r["errors"].values())
    rss = [int(s[1]) / 1024 for s in samples if s[2] == "rate-" + rate]
    first, last = rss[:10], rss[-10:]
    print("| %s | %.0f | %.3f | %.3f | %.3f | %.1f | %d | %.1f / %.1f / %.1f |" % (
        "max" if rate == "0" else rate, r["rps"], r["p50_ms"], r["p99_ms"], r["p999_ms"], r["max_ms"], errors,
        sum(first) / len(first), sum(last) / len(last), max(rss)))
PY
echo "work directory: $work"
