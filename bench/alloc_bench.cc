// Allocation discipline: heap allocations per document in steady state, with
// one validator and one report reused, as a long-running service validates.
// Global operator new/delete are replaced by counting versions; each
// benchmark reports `allocs_per_doc` and `bytes_per_doc` (allocations made
// inside the timed loop divided by the documents validated there).
//
//   alloc_bench                  the benchmarks (Google Benchmark flags apply)
//   alloc_bench --sites [N]      validate the valid N-tag synthetic document
//                                once to warm up, then once more with every
//                                allocation calling isc_bench_alloc_site():
//                                run under gdb to get the stacks
//                                (bench/alloc_sites.sh does).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "bench_util.hh"
#include "isconform/isconform.h"

// ---------------------------------------------------------------------------
// Counting allocator.

namespace {

std::atomic<uint64_t> g_allocs{0};
std::atomic<uint64_t> g_bytes{0};
std::atomic<bool> g_trap{false};

}  // namespace

// A breakpoint target: called for every allocation while tracing sites.
extern "C" __attribute__((noinline, used)) void isc_bench_alloc_site(size_t size) {
  benchmark::DoNotOptimize(size);
  asm volatile("" ::: "memory");
}

namespace {

void *counted_alloc(size_t size, size_t align, bool nothrow) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(size, std::memory_order_relaxed);
  if (g_trap.load(std::memory_order_relaxed)) isc_bench_alloc_site(size);
  if (size == 0) size = 1;
  void *p = nullptr;
  if (align > alignof(std::max_align_t)) {
    size_t rounded = (size + align - 1) / align * align;
    p = std::aligned_alloc(align, rounded);
  } else {
    p = std::malloc(size);
  }
  if (!p && !nothrow) throw std::bad_alloc();
  return p;
}

}  // namespace

void *operator new(size_t n) { return counted_alloc(n, 0, false); }
void *operator new[](size_t n) { return counted_alloc(n, 0, false); }
void *operator new(size_t n, const std::nothrow_t &) noexcept { return counted_alloc(n, 0, true); }
void *operator new[](size_t n, const std::nothrow_t &) noexcept { return counted_alloc(n, 0, true); }
void *operator new(size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<size_t>(a), false); }
void *operator new[](size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<size_t>(a), false); }
void *operator new(size_t n, std::align_val_t a, const std::nothrow_t &) noexcept {
  return counted_alloc(n, static_cast<size_t>(a), true);
}
void *operator new[](size_t n, std::align_val_t a, const std::nothrow_t &) noexcept {
  return counted_alloc(n, static_cast<size_t>(a), true);
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete[](void *p) noexcept { std::free(p); }
void operator delete(void *p, size_t) noexcept { std::free(p); }
void operator delete[](void *p, size_t) noexcept { std::free(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void *p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept { std::free(p); }
void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept { std::free(p); }

// ---------------------------------------------------------------------------

namespace {

using isc::bench::Format;
using isc::bench::Input;

struct Session {
  isc_validator *v = nullptr;
  isc_report *r = nullptr;
  explicit Session(isc_engine engine = ISC_ENGINE_FAST) {
    isc_options *o = nullptr;
    isc_options_new(&o);
    isc_options_set_engine(o, engine);
    // The CLI's defaults: open world, namespace "default" for objects without one.
    isc_options_set_world(o, ISC_WORLD_OPEN);
    isc_options_set_default_namespace(o, "default");
    if (isc_validator_new(&v, o) != ISC_OK) v = nullptr;
    isc_options_free(o);
    isc_report_new(&r);
  }
  ~Session() {
    isc_report_free(r);
    isc_validator_free(v);
  }
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;
  void validate(const std::string &doc) const { isc_validate(v, ISC_OP_CREATE, doc.data(), doc.size(), nullptr, 0, r); }
};

// Validates `docs` in a loop; counters per document. Two warm-up passes first
// so that the report and the workspace have reached their steady capacity.
void run(benchmark::State &state, const std::vector<const std::string *> &docs, isc_engine engine,
         bool normalized = false) {
  Session s(engine);
  if (!s.v) {
    state.SkipWithError("isc_validator_new failed for this engine (n/a)");
    return;
  }
  size_t valid = 0;
  for (int warm = 0; warm < 2; ++warm) {
    valid = 0;
    for (const std::string *d : docs) {
      s.validate(*d);
      valid += static_cast<size_t>(isc_report_valid(s.r));
      if (normalized) benchmark::DoNotOptimize(isc_report_normalized(s.r, nullptr));
    }
  }
  uint64_t a0 = g_allocs.load(), b0 = g_bytes.load();
  uint64_t n = 0;
  for (auto _ : state) {
    for (const std::string *d : docs) {
      s.validate(*d);
      if (normalized) benchmark::DoNotOptimize(isc_report_normalized(s.r, nullptr));
    }
    n += docs.size();
  }
  uint64_t a1 = g_allocs.load(), b1 = g_bytes.load();
  state.counters["docs"] = static_cast<double>(docs.size());
  state.counters["valid"] = static_cast<double>(valid);
  state.counters["allocs_per_doc"] = n ? static_cast<double>(a1 - a0) / static_cast<double>(n) : 0.0;
  state.counters["bytes_per_doc"] = n ? static_cast<double>(b1 - b0) / static_cast<double>(n) : 0.0;
}

// state.range(0) tags, state.range(1) 1 valid / 0 invalid, state.range(2) engine.
void BM_Alloc_Synthetic(benchmark::State &state) {
  std::string doc = isc::bench::synthetic_image_stream(static_cast<int>(state.range(0)), state.range(1) != 0,
                                                       Format::Json);
  run(state, {&doc}, static_cast<isc_engine>(state.range(2)));
}

// The same documents as YAML (fast engine): the YAML loader's memory is
// kept in the report's workspace between validations.
void BM_Alloc_SyntheticYaml(benchmark::State &state) {
  std::string doc = isc::bench::synthetic_image_stream(static_cast<int>(state.range(0)), state.range(1) != 0,
                                                       Format::Yaml);
  run(state, {&doc}, ISC_ENGINE_FAST);
}

// Valid synthetic document, normalized object rendered too.
void BM_Alloc_Normalized(benchmark::State &state) {
  std::string doc = isc::bench::synthetic_image_stream(static_cast<int>(state.range(0)), true, Format::Json);
  run(state, {&doc}, ISC_ENGINE_FAST, true);
}

// Corpus documents the library accepts (range(0)=1) or rejects (0).
void BM_Alloc_Corpus(benchmark::State &state) {
  const auto &all = isc::bench::corpus_image_streams();
  if (all.empty()) {
    state.SkipWithError("corpus not found (set ISC_BENCH_CORPUS)");
    return;
  }
  bool want_valid = state.range(0) != 0;
  Session s;
  std::vector<const std::string *> docs;
  for (const Input &in : all) {
    s.validate(in.bytes);
    if ((isc_report_valid(s.r) != 0) == want_valid) docs.push_back(&in.bytes);
  }
  if (docs.empty()) {
    state.SkipWithError("no such document in the corpus");
    return;
  }
  run(state, docs, ISC_ENGINE_FAST);
}

void synthetic_args(benchmark::internal::Benchmark *b) {
  b->ArgNames({"tags", "valid", "engine"});
  for (int engine : {ISC_ENGINE_FAST, ISC_ENGINE_REFERENCE})
    for (int valid : {1, 0})
      for (int tags : {1, 10, 100}) b->Args({tags, valid, engine});
  b->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_Alloc_Synthetic)->Apply(synthetic_args);
BENCHMARK(BM_Alloc_SyntheticYaml)
    ->ArgNames({"tags", "valid"})
    ->Args({1, 1})
    ->Args({100, 1})
    ->Args({100, 0})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Alloc_Normalized)->ArgName("tags")->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Alloc_Corpus)->ArgName("valid")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// --sites [N]: one traced validation of the valid N-tag document.
int trace_sites(int tags, bool valid) {
  std::string doc = isc::bench::synthetic_image_stream(tags, valid, Format::Json);
  Session s;
  s.validate(doc);
  s.validate(doc);
  uint64_t a0 = g_allocs.load();
  g_trap.store(true);
  s.validate(doc);
  g_trap.store(false);
  uint64_t a1 = g_allocs.load();
  std::printf("%s document, %d tags: %llu allocations in one steady-state isc_validate\n", valid ? "valid" : "invalid",
              tags, static_cast<unsigned long long>(a1 - a0));
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--sites") == 0) {
    int tags = argc >= 3 ? std::atoi(argv[2]) : 10;
    bool valid = !(argc >= 4 && std::strcmp(argv[3], "invalid") == 0);
    return trace_sites(tags, valid);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
