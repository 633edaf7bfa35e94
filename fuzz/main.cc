// Replay driver for builds without a fuzzing engine (fuzzing_engine=none):
// runs LLVMFuzzerTestOneInput once over every file named on the command
// line, descending into directories (harfbuzz test/fuzzing/main.cc, zstd
// regression_driver.c). This is how the fuzz-corpus tests replay the seed
// corpora and the saved crash reproducers with any compiler.
//
// Usage: <harness> FILE|DIR...   Exit status 0 when every input ran (a broken
// invariant aborts), 2 when a path cannot be read.
#include <algorithm>   // sort
#include <cstdint>     // uint8_t
#include <cstdio>      // fprintf
#include <filesystem>  // recursive_directory_iterator
#include <fstream>     // ifstream
#include <iterator>    // istreambuf_iterator
#include <string>      // string
#include <vector>      // vector

#include "fuzz_helpers.hh"

namespace fs = std::filesystem;

namespace {

bool run_file(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", p.string().c_str());
    return false;
  }
  std::vector<char> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy of exactly the file's size, so that ASan catches reads past the end.
  std::vector<uint8_t> data(buf.begin(), buf.end());
  LLVMFuzzerTestOneInput(data.empty() ? nullptr : data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  size_t count = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> files;
      for (const auto &e : fs::recursive_directory_iterator(arg, ec)) {
        // Dot files (.gitkeep of an empty regressions/ directory) are no inputs.
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());  // a stable order for the logs
      for (const auto &f : files) {
        std::fprintf(stderr, "running %s\n", f.string().c_str());
        ok = run_file(f) && ok;
        ++count;
      }
    } else {
      std::fprintf(stderr, "running %s\n", arg.string().c_str());
      ok = run_file(arg) && ok;
      ++count;
    }
  }
  std::fprintf(stderr, "%zu inputs replayed\n", count);
  return ok ? 0 : 2;
}
