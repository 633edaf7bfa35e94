#!/bin/bash -eu
# OSS-Fuzz build script (oss-fuzz/projects/isconform/build.sh; also run in
# place by fuzz/oss-fuzz/build_local.sh). Uses only what OSS-Fuzz provides:
# $CC $CXX $CFLAGS $CXXFLAGS $LIB_FUZZING_ENGINE $SRC $OUT $WORK. Static
# build with meson; for each harness of fuzz/targets.txt it installs into
# $OUT the binary <target>_fuzzer, <target>_fuzzer_seed_corpus.zip (seeds
# and saved regressions), <target>_fuzzer.dict and <target>_fuzzer.options.
# Downloads nothing.

src=${ISC_SOURCE_DIR:-$SRC/isconform}
build=$WORK/isconform-build
rm -rf "$build"

# meson takes $CFLAGS/$CXXFLAGS (sanitizers, -fsanitize=fuzzer-no-link)
# from the environment; buildtype=plain adds no flags of its own.
meson setup "$build" "$src" \
  --buildtype=plain --default-library=static --prefer-static --wrap-mode=nodownload \
  -Db_lundef=false -Db_ndebug=false \
  -Dfuzzing_engine=oss-fuzz -Dfuzzer_ldflags="$LIB_FUZZING_ENGINE" \
  -Dtests=disabled -Dbenchmarks=disabled -Dtools=false -Dserver=disabled

targets=$(cat "$src/fuzz/targets.txt")
ninja -C "$build" $(for t in $targets; do printf 'fuzz/%s_fuzzer ' "$t"; done)

for t in $targets; do
  cp "$build/fuzz/${t}_fuzzer" "$OUT/"
  rm -f "$OUT/${t}_fuzzer_seed_corpus.zip"
  # -j: flat names; seeds and regressions never share a name (seed-* vs hashes).
  (cd "$src/fuzz" && find "corpus/$t" "regressions/$t" -type f ! -name '.*' -print 2>/dev/null |
     zip -q -j "$OUT/${t}_fuzzer_seed_corpus.zip" -@)
  cp "$src/fuzz/${t}_fuzzer.dict" "$OUT/"
  if [ -f "$src/fuzz/${t}_fuzzer.options" ]; then cp "$src/fuzz/${t}_fuzzer.options" "$OUT/"; fi
done
