#!/bin/sh
# Only isc_ symbols are exported by the shared library, and every function
# declared with ISC_API in the public header is exported.
set -eu
lib=$1
header=$2
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort)
bad=$(echo "$exported" | grep -v '^isc_' || true)
if [ -n "$bad" ]; then
  echo "symbols outside the isc_ prefix are exported:"
  echo "$bad"
  exit 1
fi
declared=$(grep -E '^ISC_API ' "$header" | grep -o '^ISC_API [^(]*(' | sed 's/($//' | awk '{print $NF}' | sed 's/^\*//' | sort)
missing=$(printf '%s\n' "$declared" | while read -r s; do [ -z "$s" ] || echo "$exported" | grep -qx "$s" || echo "$s"; done)
if [ -n "$missing" ]; then
  echo "declared but not exported:"
  echo "$missing"
  exit 1
fi
echo "$(echo "$declared" | wc -l) functions declared and exported, nothing else exported"
