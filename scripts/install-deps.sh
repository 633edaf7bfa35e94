#!/bin/sh
# Installs every Debian package isconform needs to build, test, fuzz and benchmark.
# Usage: scripts/install-deps.sh [core|test|all]   (default: all)
# Runs apt-get as root, or through sudo when not root. Nothing is downloaded from
# anywhere but the Debian archive.
set -eu
what=${1:-all}
core="meson ninja-build pkg-config g++ python3 nlohmann-json3-dev libvalijson-dev libyaml-dev libre2-dev libsimdjson-dev"
test="libgtest-dev libgmock-dev libbenchmark-dev python3-jsonschema python3-yaml pre-commit git binutils valgrind"
extra="clang libfuzzer-14-dev libclang-rt-14-dev llvm-14 libcpp-httplib-dev libssl-dev openssl curl golang-go hyperfine wrk zip time gdb libbenchmark-tools python3-scipy"
# Node.js and npm (peer benchmarks only) come with the machine image; Debian's npm
# package conflicts with them, so they are not installed here.
case "$what" in
  core) pkgs="$core" ;;
  test) pkgs="$core $test" ;;
  all)  pkgs="$core $test $extra" ;;
  *) echo "usage: $0 [core|test|all]" >&2; exit 2 ;;
esac
SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
# Skip apt entirely when everything is already there (fast re-runs).
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
