// End to end through the public C API: isc_validate() with one validator and
// one reused report, as a webhook or a CI check runs it.
//   BM_E2E_Json / BM_E2E_Yaml   synthetic ImageStreams of 1..1000 tags, valid
//                               and invalid; `per_tag` is the time per tag
//   BM_E2E_Normalized           isc_validate + isc_report_normalized (valid)
//   BM_E2E_Corpus/engine        every JSON ImageStream of the real corpus, fast
//                               (0) and reference (1) engine; `per_doc`
//   BM_E2E_Samples              isc_validate_file over each samples/ file
// YAML benchmarks skip while isc_validate rejects YAML (syntax error D1).
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "bench_util.hh"
#include "isconform/isconform.h"

namespace {

using isc::bench::Format;
using isc::bench::Input;

// The CLI's defaults (`isconform check`): open world, namespace "default"
// for objects without one, as `oc create -n default` sends them.
isc_validator *make_validator(isc_engine engine) {
  isc_options *o = nullptr;
  if (isc_options_new(&o) != ISC_OK) return nullptr;
  isc_validator *v = nullptr;
  if (isc_options_set_engine(o, engine) != ISC_OK || isc_options_set_world(o, ISC_WORLD_OPEN) != ISC_OK ||
      isc_options_set_default_namespace(o, "default") != ISC_OK || isc_validator_new(&v, o) != ISC_OK)
    v = nullptr;
  isc_options_free(o);
  return v;
}

// Validators live for the whole run (compiling one is not what is measured).
isc_validator *validator(isc_engine engine) {
  static isc_validator *fast = make_validator(ISC_ENGINE_FAST);
  static isc_validator *reference = make_validator(ISC_ENGINE_REFERENCE);
  return engine == ISC_ENGINE_FAST ? fast : reference;
}

bool has_rule(const isc_report *r, const char *rule) {
  for (size_t i = 0; i < isc_report_count(r); ++i)
    if (std::strcmp(isc_finding_rule(isc_report_at(r, i)), rule) == 0) return true;
  return false;
}

struct Report {
  isc_report *r = nullptr;
  Report() { isc_report_new(&r); }
  ~Report() { isc_report_free(r); }
  Report(const Report &) = delete;
  Report &operator=(const Report &) = delete;
};

void per_unit(benchmark::State &state, const char *name, size_t units, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  state.counters[std::string(name) == "per_tag" ? "tags" : "docs"] = static_cast<double>(units);
  state.counters[name] = benchmark::Counter(static_cast<double>(units), benchmark::Counter::kIsIterationInvariantRate |
                                                                            benchmark::Counter::kInvert);
}

// state.range(0) tags, state.range(1): 1 valid, 0 invalid.
template <Format F>
void BM_E2E_Synthetic(benchmark::State &state) {
  int tags = static_cast<int>(state.range(0));
  bool valid = state.range(1) != 0;
  std::string doc = isc::bench::synthetic_image_stream(tags, valid, F);
  isc_validator *v = validator(ISC_ENGINE_FAST);
  Report rep;
  if (!v || !rep.r) {
    state.SkipWithError("cannot create the validator");
    return;
  }
  isc_validate(v, ISC_OP_CREATE, doc.data(), doc.size(), nullptr, 0, rep.r);
  if (F == Format::Yaml && has_rule(rep.r, "D1")) {
    state.SkipWithError("isc_validate rejects YAML (syntax error D1): YAML support not merged yet");
    return;
  }
  if (isc_report_valid(rep.r) != (valid ? 1 : 0)) {
    state.SkipWithError(valid ? "synthetic document unexpectedly invalid" : "synthetic document unexpectedly valid");
    return;
  }
  for (auto _ : state) {
    isc_validate(v, ISC_OP_CREATE, doc.data(), doc.size(), nullptr, 0, rep.r);
    benchmark::DoNotOptimize(isc_report_count(rep.r));
  }
  state.counters["findings"] = static_cast<double>(isc_report_count(rep.r));
  per_unit(state, "per_tag", static_cast<size_t>(tags), doc.size());
}

void BM_E2E_Normalized(benchmark::State &state) {
  int tags = static_cast<int>(state.range(0));
  std::string doc = isc::bench::synthetic_image_stream(tags, true, Format::Json);
  isc_validator *v = validator(ISC_ENGINE_FAST);
  Report rep;
  for (auto _ : state) {
    isc_validate(v, ISC_OP_CREATE, doc.data(), doc.size(), nullptr, 0, rep.r);
    size_t len = 0;
    benchmark::DoNotOptimize(isc_report_normalized(rep.r, &len));
  }
  per_unit(state, "per_tag", static_cast<size_t>(tags), doc.size());
}

void run_docs(benchmark::State &state, const std::vector<Input> &docs, isc_engine engine, const char *empty) {
  if (docs.empty()) {
    state.SkipWithError(empty);
    return;
  }
  isc_validator *v = validator(engine);
  if (!v) {
    state.SkipWithError("isc_validator_new failed for this engine (n/a)");
    return;
  }
  Report rep;
  size_t bytes = 0, valid = 0;
  for (const auto &d : docs) {
    bytes += d.bytes.size();
    isc_validate(v, ISC_OP_CREATE, d.bytes.data(), d.bytes.size(), nullptr, 0, rep.r);
    valid += static_cast<size_t>(isc_report_valid(rep.r));
  }
  for (auto _ : state) {
    for (const auto &d : docs) {
      isc_validate(v, ISC_OP_CREATE, d.bytes.data(), d.bytes.size(), nullptr, 0, rep.r);
      benchmark::DoNotOptimize(isc_report_count(rep.r));
    }
  }
  state.counters["valid"] = static_cast<double>(valid);
  per_unit(state, "per_doc", docs.size(), bytes);
}

// state.range(0): the engine.
void BM_E2E_Corpus(benchmark::State &state) {
  run_docs(state, isc::bench::corpus_image_streams(), static_cast<isc_engine>(state.range(0)),
           "corpus not found (set ISC_BENCH_CORPUS)");
}

void BM_E2E_SampleImageStreams(benchmark::State &state) {
  run_docs(state, isc::bench::sample_image_streams(), static_cast<isc_engine>(state.range(0)),
           "no JSON ImageStream in samples/");
}

// isc_validate_file over every sample file of one format (state.range(0): 0 JSON, 1 YAML).
void BM_E2E_Samples(benchmark::State &state) {
  bool yaml = state.range(0) != 0;
  std::vector<const Input *> files;
  for (const auto &f : isc::bench::sample_files()) {
    bool is_json = f.name.size() > 5 && f.name.compare(f.name.size() - 5, 5, ".json") == 0;
    if (is_json != yaml) files.push_back(&f);
  }
  if (files.empty()) {
    state.SkipWithError("no sample of this format");
    return;
  }
  isc_validator *v = validator(ISC_ENGINE_FAST);
  isc_file_report *fr = nullptr;
  isc_file_report_new(&fr);
  size_t bytes = 0, streams = 0;
  isc_format fmt = yaml ? ISC_FORMAT_YAML : ISC_FORMAT_JSON;
  for (const Input *f : files) {
    bytes += f->bytes.size();
    isc_validate_file(v, ISC_OP_CREATE, f->bytes.data(), f->bytes.size(), fmt, nullptr, 0, fr);
    for (size_t i = 0; i < isc_file_report_count(fr); ++i) {
      const isc_report *r = isc_file_report_at(fr, i);
      if (yaml && has_rule(r, "D1")) {
        isc_file_report_free(fr);
        state.SkipWithError("isc_validate_file rejects YAML (syntax error D1): YAML support not merged yet");
        return;
      }
      if (*isc_report_kind(r)) ++streams;
    }
  }
  for (auto _ : state) {
    for (const Input *f : files) {
      isc_validate_file(v, ISC_OP_CREATE, f->bytes.data(), f->bytes.size(), fmt, nullptr, 0, fr);
      benchmark::DoNotOptimize(isc_file_report_count(fr));
    }
  }
  isc_file_report_free(fr);
  state.counters["files"] = static_cast<double>(files.size());
  per_unit(state, "per_doc", streams, bytes);
}

// Creating a validator (schemas, rule tables), once per process in practice.
void BM_E2E_ValidatorNew(benchmark::State &state) {
  isc_options *o = nullptr;
  isc_options_new(&o);
  isc_options_set_engine(o, static_cast<isc_engine>(state.range(0)));
  for (auto _ : state) {
    isc_validator *v = nullptr;
    if (isc_validator_new(&v, o) != ISC_OK) {
      state.SkipWithError("isc_validator_new failed for this engine (n/a)");
      break;
    }
    isc_validator_free(v);
  }
  isc_options_free(o);
}

void sizes(benchmark::internal::Benchmark *b) {
  b->ArgNames({"tags", "valid"});
  for (int valid : {1, 0})
    for (int tags : {1, 10, 100, 1000}) b->Args({tags, valid});
  b->Unit(benchmark::kMicrosecond);
}

BENCHMARK_TEMPLATE(BM_E2E_Synthetic, Format::Json)->Name("BM_E2E_Json")->Apply(sizes);
BENCHMARK_TEMPLATE(BM_E2E_Synthetic, Format::Yaml)->Name("BM_E2E_Yaml")->Apply(sizes);
BENCHMARK(BM_E2E_Normalized)->ArgName("tags")->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_E2E_Corpus)->ArgName("engine")->Arg(ISC_ENGINE_FAST)->Arg(ISC_ENGINE_REFERENCE)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_E2E_SampleImageStreams)->ArgName("engine")->Arg(ISC_ENGINE_FAST)->Arg(ISC_ENGINE_REFERENCE)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_E2E_Samples)->ArgName("yaml")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_E2E_ValidatorNew)->ArgName("engine")->Arg(ISC_ENGINE_FAST)->Arg(ISC_ENGINE_REFERENCE)
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
