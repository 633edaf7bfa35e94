#!/bin/sh
# memcheck.sh VALGRIND ISCONFORM ENGINE SAMPLES: runs `isconform check` over
# the samples under valgrind memcheck. Passes when memcheck reports nothing
# (no leak of any kind, no invalid access) and the CLI exits 1 (samples/
# holds broken.yaml, invalid on purpose) with a JSON report of every file.
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$1" --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --quiet \
  "$2" check --no-config --engine "$3" -j 2 --format json "$4" >"$out"
rc=$?
if [ $rc -eq 99 ]; then
  echo "memcheck reported errors (above)"
  exit 1
fi
if [ $rc -ne 1 ]; then
  echo "isconform check exited $rc, expected 1"
  exit 1
fi
for f in broken.yaml list.json nodejs.json ruby.yaml; do
  grep -q "\"file\": \"$4/$f\"" "$out" || { echo "no result for $f"; cat "$out"; exit 1; }
done
echo "memcheck clean: isconform check --engine $3 over $4"
