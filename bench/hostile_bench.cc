// Linear time on adversarial input, shown by Google Benchmark's complexity
// fit (`_BigO` / `_RMS` rows): each family grows one dimension of a hostile
// document and validates it end to end through the C API.
//   BM_Hostile_PullSpec/<shape>/N   a tag whose from.name is an N-byte pull
//       spec built to make a backtracking regex explode (shape 0: "a-a-...-a!",
//       1: "a.a....a/!", 2: "a__a__...a:", 3: 'a' * N then "@sha256:" and
//       a short digest), rejected by S4 / S9
//   BM_Hostile_Findings/N           N tags each with an invalid referencePolicy
//       type and from.kind: N * 2 findings with line and column
//   BM_Hostile_Depth/N              N nested arrays in an unknown field
//   BM_Hostile_DuplicateKeys/N      N duplicate annotation keys (Strict)
//   BM_Hostile_YamlAliases/N        YAML: N aliases of one anchored mapping
// A super-linear stage shows up as an O(N^2) or O(NlgN) fit and a per-unit
// time (`per_unit`) that grows along the family.
#include <benchmark/benchmark.h>

#include <string>

#include "bench_util.hh"
#include "isconform/isconform.h"

namespace {

isc_validator *validator() {
  static isc_validator *v = [] {
    isc_options *o = nullptr;
    isc_validator *out = nullptr;
    if (isc_options_new(&o) != ISC_OK) return out;
    // Generous limits so that the documents reach the rules; the findings
    // cap is raised so the per-finding cost is what grows.
    isc_options_set_world(o, ISC_WORLD_OPEN);
    isc_options_set_default_namespace(o, "default");
    isc_options_set_limit(o, ISC_LIMIT_FINDINGS, 1u << 22);
    isc_options_set_limit(o, ISC_LIMIT_DOCUMENT_BYTES, 64u << 20);
    isc_options_set_limit(o, ISC_LIMIT_STRING_BYTES, 16u << 20);
    if (isc_validator_new(&out, o) != ISC_OK) out = nullptr;
    isc_options_free(o);
    return out;
  }();
  return v;
}

const char kHead[] = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"x","namespace":"n")";

void run(benchmark::State &state, const std::string &doc, size_t units, bool yaml = false) {
  isc_validator *v = validator();
  isc_report *r = nullptr;
  isc_file_report *fr = nullptr;
  if (!v || isc_report_new(&r) != ISC_OK || isc_file_report_new(&fr) != ISC_OK) {
    state.SkipWithError("no validator");
    return;
  }
  for (auto _ : state) {
    if (yaml) {
      isc_validate_file(v, ISC_OP_CREATE, doc.data(), doc.size(), ISC_FORMAT_YAML, nullptr, 0, fr);
      benchmark::DoNotOptimize(isc_file_report_count(fr));
    } else {
      isc_validate(v, ISC_OP_CREATE, doc.data(), doc.size(), nullptr, 0, r);
      benchmark::DoNotOptimize(isc_report_count(r));
    }
  }
  if (!yaml && isc_report_valid(r)) state.SkipWithError("the hostile document was accepted");
  if (yaml && isc_file_report_count(fr) != 1) state.SkipWithError("the YAML document should be one ImageStream");
  isc_file_report_free(fr);
  state.SetComplexityN(static_cast<int64_t>(units));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(doc.size()));
  state.counters["per_unit"] =
      benchmark::Counter(static_cast<double>(units), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
  isc_report_free(r);
}

void BM_Hostile_PullSpec(benchmark::State &state) {
  size_t n = static_cast<size_t>(state.range(1));
  std::string doc = std::string(kHead) + R"(},"spec":{"tags":[{"name":"t","from":{"kind":"DockerImage","name":")" +
                    isc::bench::hostile_pull_spec(static_cast<int>(state.range(0)), n) + R"("}}]}})";
  run(state, doc, n);
}

void BM_Hostile_Findings(benchmark::State &state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::string doc = std::string(kHead) + R"(},"spec":{"tags":[)";
  for (size_t i = 0; i < n; ++i) {
    if (i) doc += ",\n";
    doc += R"({"name":"t)" + std::to_string(i) +
           R"(","from":{"kind":"Image","name":"x"},"referencePolicy":{"type":"Other"}})";
  }
  doc += "]}}";
  run(state, doc, n);
}

void BM_Hostile_Depth(benchmark::State &state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::string doc = std::string(kHead) + R"(},"unknown":)" + std::string(n, '[') + std::string(n, ']') + "}";
  run(state, doc, n);
}

void BM_Hostile_DuplicateKeys(benchmark::State &state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::string doc = std::string(kHead) + R"(,"annotations":{)";
  for (size_t i = 0; i < n; ++i) doc += std::string(i ? "," : "") + R"("a":"b")";
  doc += "}}}";
  run(state, doc, n);
}

void BM_Hostile_YamlAliases(benchmark::State &state) {
  size_t n = static_cast<size_t>(state.range(0));
  std::string doc =
      "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: x\n  namespace: n\n"
      "spec:\n  tags:\n  - {name: t, from: &b {kind: DockerImage, name: \"quay.io/a/b:1\"}}\n";
  for (size_t i = 0; i < n; ++i) doc += "  - {name: t" + std::to_string(i) + ", from: *b}\n";
  run(state, doc, n, true);
}

void pull_spec_args(benchmark::internal::Benchmark *b) {
  b->ArgNames({"shape", "bytes"});
  for (int shape = 0; shape < 4; ++shape)
    for (int64_t n = 1 << 10; n <= (1 << 20) - 128; n *= 8) b->Args({shape, n});
  for (int shape = 0; shape < 4; ++shape) b->Args({shape, (1 << 20) - 128});  // the 1 MB pull spec
}

}  // namespace

BENCHMARK(BM_Hostile_PullSpec)->Apply(pull_spec_args)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Hostile_Findings)->RangeMultiplier(4)->Range(16, 16 << 10)->Complexity(benchmark::oN)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Hostile_Depth)->RangeMultiplier(4)->Range(16, 8 << 10)->Complexity(benchmark::oN)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Hostile_DuplicateKeys)->RangeMultiplier(4)->Range(16, 16 << 10)->Complexity(benchmark::oN)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Hostile_YamlAliases)->RangeMultiplier(4)->Range(16, 16 << 10)->Complexity(benchmark::oN)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
