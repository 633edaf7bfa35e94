// The validation pipeline stage by stage, on library internals:
//   Decode     JSON text -> Doc tape (json/parser.hh); YAML -> Doc (yaml/loader.hh)
//   Schema     structural pass over the Doc (decode/structural.hh check_structure)
//   Rules      Doc -> IR, defaults, create preparation, resolution, the server's
//              rules and isconform's warnings (the semantic pipeline of
//              core/validate.cc for ISC_OP_CREATE)
//   Normalize  render of the persisted object (core/operations.hh render_persisted)
// Each over synthetic ImageStreams of 1, 10, 100 and 1000 tags (valid and
// invalid; `per_tag` is the time per tag), over the real corpus and over the
// bundled samples (`per_doc` is the time per ImageStream).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.hh"
#include "core/operations.hh"
#include "core/report.hh"
#include "core/validator.hh"
#include "decode/build.hh"
#include "decode/structural.hh"
#include "grammar/reference.hh"
#include "isconform/isconform.h"
#include "json/parser.hh"
#include "rules/rules.hh"
#include "yaml/loader.hh"

// The YAML loader is being written: until it is linked into the library the
// YAML stages skip. Weak, so that this file links either way. The loader's
// object is pulled in from the static library by the code that calls it
// (capi.cc, which validator() below links, reaches the whole-input and
// single-document paths).
namespace isc::detail {
__attribute__((weak)) bool load_yaml_stream(std::string_view src, std::vector<std::unique_ptr<YamlDocument>> &out,
                                            YamlError &err, const YamlLimits &limits);
}  // namespace isc::detail

namespace {

using isc::bench::Format;
using isc::bench::Input;
namespace d = isc::detail;

// The CLI's defaults (`isconform check`): open world, namespace "default"
// for objects without one, as `oc create -n default` sends them.
const isc_validator &validator() {
  static isc_validator *v = [] {
    isc_options *o = nullptr;
    isc_validator *p = nullptr;
    if (isc_options_new(&o) != ISC_OK || isc_options_set_world(o, ISC_WORLD_OPEN) != ISC_OK ||
        isc_options_set_default_namespace(o, "default") != ISC_OK || isc_validator_new(&p, o) != ISC_OK)
      std::abort();
    isc_options_free(o);
    return p;
  }();
  return *v;
}

// One parsed document and what each stage needs to run on it.
struct Parsed {
  std::string src;
  std::unique_ptr<d::YamlDocument> yaml;  // YAML: owns the Doc
  d::Doc json_doc;
  bool ok = false;
  std::string error;
  [[nodiscard]] const d::Doc &doc() const { return yaml ? yaml->doc : json_doc; }
  [[nodiscard]] d::Doc &doc() { return yaml ? yaml->doc : json_doc; }
};

bool yaml_available() { return &d::load_yaml_stream != nullptr; }

bool decode(Parsed &p, Format f) {
  if (f == Format::Json) {
    p.json_doc.clear();
    d::JsonError err;
    p.ok = d::parse_json_document(p.src, p.json_doc, err);
    if (!p.ok) p.error = err.message;
    return p.ok;
  }
  std::vector<std::unique_ptr<d::YamlDocument>> docs;
  d::YamlError err;
  p.ok = d::load_yaml_stream(p.src, docs, err, {}) && docs.size() == 1;
  if (!p.ok) p.error = err.message.empty() ? "not one YAML document" : err.message;
  else p.yaml = std::move(docs[0]);
  return p.ok;
}

d::StructuralOptions structural_options(Format f) {
  d::StructuralOptions o;
  o.check_duplicates = f == Format::Json;  // YAML duplicates are the loader's
  return o;
}

// What core/validate.cc runs for ISC_OP_CREATE after the structural pass.
void rules_pipeline(const isc_validator &v, const d::Doc &doc, isc_report &r) {
  d::ImageStream &is = r.ws->is;
  d::Errors e(r, &doc);
  d::build_image_stream(doc, doc.root, is);
  d::apply_v1_defaults(is, v.opts.env->default_import_mode);
  d::extra_warnings(is, ISC_OP_CREATE, e);
  is.to_internal();
  if (is.meta.namespace_.v.empty() && !v.opts.default_namespace.empty()) is.meta.namespace_.v = v.opts.default_namespace;
  d::expand_generate_name(is);
  d::prepare_for_create(v, is);
  d::Resolver resolver{v, v.opts.world == ISC_WORLD_OPEN};
  std::vector<d::FieldError> inner;
  d::resolve_tags(resolver, nullptr, is, inner, e);
  d::validate_image_stream(is, v.whitelister, e);
}

void set_per_tag(benchmark::State &state, int tags, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  state.counters["tags"] = tags;
  state.counters["per_tag"] = benchmark::Counter(static_cast<double>(tags),
                                                 benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

void set_per_doc(benchmark::State &state, size_t docs, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes));
  state.counters["docs"] = static_cast<double>(docs);
  state.counters["per_doc"] = benchmark::Counter(static_cast<double>(docs),
                                                 benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

enum class Stage { Decode, Schema, Rules, Normalize };

// Prepares `p` up to the stage under test. Returns "" or why it cannot run.
std::string prepare(Parsed &p, Format f, Stage stage, isc_report &r, d::DecodeResult &dr,
                    d::StructuralScratch &scratch) {
  if (f == Format::Yaml && !yaml_available()) return "YAML loader not linked into the library yet";
  if (!decode(p, f)) return "does not parse: " + p.error;
  if (stage == Stage::Decode) return "";
  d::check_structure(p.doc(), p.doc().root, validator().model->image_stream(), structural_options(f), dr, scratch);
  if (stage == Stage::Schema) return "";
  if (dr.fatal()) return "decoding fails: " + (dr.has_immediate ? dr.immediate.message : dr.type.message);
  r.reset();
  rules_pipeline(validator(), p.doc(), r);
  if (stage == Stage::Rules) return "";
  if (r.has_error) return "invalid: nothing to normalize";
  return "";
}

// One iteration of `stage` over an already prepared document.
void run_stage(Parsed &p, Format f, Stage stage, isc_report &r, d::DecodeResult &dr, d::StructuralScratch &scratch,
               std::string &out) {
  switch (stage) {
    case Stage::Decode:
      decode(p, f);
      benchmark::DoNotOptimize(p.doc().nodes.data());
      break;
    case Stage::Schema:
      dr.clear();
      d::check_structure(p.doc(), p.doc().root, validator().model->image_stream(), structural_options(f), dr,
                         scratch);
      benchmark::DoNotOptimize(dr.has_type);
      break;
    case Stage::Rules:
      r.reset();
      rules_pipeline(validator(), p.doc(), r);
      benchmark::DoNotOptimize(r.count);
      break;
    case Stage::Normalize:
      out.clear();
      d::render_persisted(r.ws->is, out);
      benchmark::DoNotOptimize(out.data());
      break;
  }
}

// Synthetic document of state.range(0) tags; state.range(1): 1 valid, 0 invalid.
template <Format F, Stage S>
void BM_Stage_Synthetic(benchmark::State &state) {
  int tags = static_cast<int>(state.range(0));
  bool valid = state.range(1) != 0;
  Parsed p;
  p.src = isc::bench::synthetic_image_stream(tags, valid, F);
  isc_report r;
  d::DecodeResult dr;
  d::StructuralScratch scratch;
  std::string out;
  std::string why = prepare(p, F, S, r, dr, scratch);
  if (!why.empty()) {
    state.SkipWithError(why.c_str());
    return;
  }
  if (S == Stage::Rules && r.has_error == valid) {
    state.SkipWithError(valid ? "synthetic document unexpectedly invalid" : "synthetic document unexpectedly valid");
    return;
  }
  for (auto _ : state) run_stage(p, F, S, r, dr, scratch, out);
  set_per_tag(state, tags, p.src.size());
}

// Every ImageStream of a document set; stages after Decode run on the
// documents that reach them (counted in `docs`).
template <Stage S>
void run_set(benchmark::State &state, const std::vector<Input> &inputs, const char *empty_message) {
  if (inputs.empty()) {
    state.SkipWithError(empty_message);
    return;
  }
  struct Item {
    Parsed p;
    isc_report r;
    d::DecodeResult dr;
  };
  std::vector<std::unique_ptr<Item>> items;
  d::StructuralScratch scratch;
  size_t bytes = 0;
  for (const auto &in : inputs) {
    auto it = std::make_unique<Item>();
    it->p.src = in.bytes;
    if (!prepare(it->p, Format::Json, S, it->r, it->dr, scratch).empty()) continue;
    bytes += in.bytes.size();
    items.push_back(std::move(it));
  }
  if (items.empty()) {
    state.SkipWithError("no document reaches this stage");
    return;
  }
  std::string out;
  for (auto _ : state) {
    for (auto &it : items) run_stage(it->p, Format::Json, S, it->r, it->dr, scratch, out);
  }
  set_per_doc(state, items.size(), bytes);
}

template <Stage S>
void BM_Stage_Corpus(benchmark::State &state) {
  run_set<S>(state, isc::bench::corpus_image_streams(), "corpus not found (set ISC_BENCH_CORPUS)");
}

template <Stage S>
void BM_Stage_Samples(benchmark::State &state) {
  run_set<S>(state, isc::bench::sample_image_streams(), "no JSON ImageStream in samples/");
}

void sizes(benchmark::internal::Benchmark *b) {
  b->ArgNames({"tags", "valid"});
  for (int valid : {1, 0})
    for (int tags : {1, 10, 100, 1000}) b->Args({tags, valid});
  b->Unit(benchmark::kMicrosecond);
}

void valid_sizes(benchmark::internal::Benchmark *b) {
  b->ArgNames({"tags", "valid"});
  for (int tags : {1, 10, 100, 1000}) b->Args({tags, 1});
  b->Unit(benchmark::kMicrosecond);
}

BENCHMARK_TEMPLATE(BM_Stage_Synthetic, Format::Json, Stage::Decode)->Name("BM_Decode_Json")->Apply(sizes);
BENCHMARK_TEMPLATE(BM_Stage_Synthetic, Format::Json, Stage::Schema)->Name("BM_Schema_Json")->Apply(sizes);
BENCHMARK_TEMPLATE(BM_Stage_Synthetic, Format::Json, Stage::Rules)->Name("BM_Rules_Json")->Apply(sizes);
BENCHMARK_TEMPLATE(BM_Stage_Synthetic, Format::Json, Stage::Normalize)->Name("BM_Normalize_Json")->Apply(valid_sizes);
BENCHMARK_TEMPLATE(BM_Stage_Synthetic, Format::Yaml, Stage::Decode)->Name("BM_Decode_Yaml")->Apply(sizes);
BENCHMARK_TEMPLATE(BM_Stage_Synthetic, Format::Yaml, Stage::Schema)->Name("BM_Schema_Yaml")->Apply(sizes);
BENCHMARK_TEMPLATE(BM_Stage_Synthetic, Format::Yaml, Stage::Rules)->Name("BM_Rules_Yaml")->Apply(sizes);
BENCHMARK_TEMPLATE(BM_Stage_Synthetic, Format::Yaml, Stage::Normalize)->Name("BM_Normalize_Yaml")->Apply(valid_sizes);

BENCHMARK_TEMPLATE(BM_Stage_Corpus, Stage::Decode)->Name("BM_Decode_Corpus")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Stage_Corpus, Stage::Schema)->Name("BM_Schema_Corpus")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Stage_Corpus, Stage::Rules)->Name("BM_Rules_Corpus")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Stage_Corpus, Stage::Normalize)->Name("BM_Normalize_Corpus")->Unit(benchmark::kMillisecond);

// The pull-spec grammar alone (grammar/reference.hh parse_image_ref) on the
// adversarial pull specs of hostile_bench, up to 1 MB: the time to reject.
void BM_Grammar_PullSpec(benchmark::State &state) {
  const std::string spec = isc::bench::hostile_pull_spec(static_cast<int>(state.range(0)), static_cast<size_t>(state.range(1)));
  isc::detail::ImageRef ref;
  for (auto _ : state) {
    const char *err = isc::detail::parse_image_ref(spec, ref);
    benchmark::DoNotOptimize(err);
    if (!err) state.SkipWithError("the adversarial pull spec was accepted");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(spec.size()));
}
BENCHMARK(BM_Grammar_PullSpec)
    ->ArgNames({"shape", "bytes"})
    ->ArgsProduct({{0, 1, 2, 3}, {1 << 10, (1 << 20) - 128}})
    ->Unit(benchmark::kMicrosecond);

BENCHMARK_TEMPLATE(BM_Stage_Samples, Stage::Decode)->Name("BM_Decode_Samples")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Stage_Samples, Stage::Schema)->Name("BM_Schema_Samples")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Stage_Samples, Stage::Rules)->Name("BM_Rules_Samples")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Stage_Samples, Stage::Normalize)->Name("BM_Normalize_Samples")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
