#!/bin/sh
# pre-commit entry point that needs no installed isconform: builds it (once,
# in the hook's cache) with meson and checks the files pre-commit passes.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/build-precommit"
if [ ! -x "$build/tools/isconform/isconform" ]; then
  meson setup "$build" "$here" -Dtests=disabled -Dbenchmarks=disabled >/dev/null
  ninja -C "$build" tools/isconform/isconform >/dev/null
fi
exec "$build/tools/isconform/isconform" check --summary "$@"
