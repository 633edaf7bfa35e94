# Shared by run.sh and instructions.sh (sourced; `here` is bench/peers).
# Sets root, build, corpus, work; build_targets and extract_docs below.
root=$(cd "$here/../.." && pwd)
build=${ISC_BENCH_BUILD:-$root/build-release}
case "$build" in /*) ;; *) build=$root/$build ;; esac
corpus=${ISC_BENCH_CORPUS:-$root/../shared/corpus/real}
work=$build/bench-peers

say() { printf '== %s\n' "$*" >&2; }

# Builds the given targets in $build, set up as a release build with the
# benchmarks when it does not exist yet.
build_targets() {
  if [ ! -f "$build/build.ninja" ]; then
    say "meson setup $build (release, benchmarks enabled)"
    meson setup "$build" "$root" --buildtype=release -Dbenchmarks=enabled >&2
  fi
  say "building $* in $build"
  ninja -C "$build" "$@" >&2
}

# Writes the documents every peer validates to $work/docs (extract.py) and
# sets source_label; corpus becomes empty when the bundled samples stand in.
extract_docs() {
  mkdir -p "$work"
  if [ -d "$corpus" ]; then
    source_label="corpus ($corpus): the ImageStreams of every JSON file"
    python3 "$here/extract.py" "$work" "$corpus" >&2
  else
    source_label="samples/ (no corpus at $corpus): the ImageStreams of the JSON samples"
    corpus=
    python3 "$here/extract.py" "$work" "$root/samples" >&2
  fi
}
