// Concurrency test (docs/threading.md): many threads share validators (the
// fast engine; the reference engine; the fast engine with an environment of
// existing streams, a registry allow-list, severity overrides and policy
// rules) and validate different documents, each with its own report; every
// report must equal the one made single-threaded beforehand, field by field.
//
// Documents: samples/, fuzz/corpus/validate_json/, the objects of the
// conformance cases, YAML renderings, truncations and byte mutations of
// them, and a few updates (a document against itself as the stored object).
//
// Usage: threads_test SOURCE_ROOT
// Environment: ISC_THREADS_SECONDS (run time, default 3), ISC_THREADS
// (thread count, default 16).
#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "isconform/isconform.h"

namespace {

struct Input {
  std::string name;
  std::string doc;
  std::string old;  // empty: create
  bool update = false;
  bool file = false;  // isc_validate_file instead of isc_validate
};

bool read_file(const std::string &path, std::string &out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream s;
  s << f.rdbuf();
  out = s.str();
  return true;
}

std::vector<std::string> list_dir(const std::string &dir) {
  std::vector<std::string> out;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d)) {
      if (e->d_name[0] != '.') out.push_back(dir + "/" + e->d_name);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A YAML rendering of a JSON value (block style, quoted scalars).
void to_yaml(const nlohmann::json &j, int indent, std::string &out) {
  std::string pad(static_cast<size_t>(indent), ' ');
  if (j.is_object() && !j.empty()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      out += pad + nlohmann::json(it.key()).dump() + ":";
      const auto &v = it.value();
      if ((v.is_object() || v.is_array()) && !v.empty()) {
        out += "\n";
        to_yaml(v, indent + 2, out);
      } else {
        out += " " + v.dump() + "\n";
      }
    }
  } else if (j.is_array() && !j.empty()) {
    for (const auto &v : j) {
      out += pad + "-";
      if ((v.is_object() || v.is_array()) && !v.empty()) {
        out += "\n";
        to_yaml(v, indent + 2, out);
      } else {
        out += " " + v.dump() + "\n";
      }
    }
  } else {
    out += pad + j.dump() + "\n";
  }
}

std::string g_environment;  // the first conformance environment with streams and registries

std::vector<Input> load_inputs(const std::string &root) {
  std::vector<Input> in;
  std::vector<std::string> base;
  for (const auto &p : list_dir(root + "/samples")) {
    if (p.size() > 3 && p.substr(p.size() - 3) == ".md") continue;
    std::string d;
    if (read_file(p, d)) {
      in.push_back({p, d, "", false, true});
      base.push_back(d);
    }
  }
  for (const auto &p : list_dir(root + "/fuzz/corpus/validate_json")) {
    std::string d;
    if (read_file(p, d)) {
      in.push_back({p, d, "", false, false});
      base.push_back(d);
    }
  }
  size_t n = 0;
  for (const auto &p : list_dir(root + "/tests/conformance/cases")) {
    std::string text;
    if (!read_file(p, text)) continue;
    nlohmann::json cases = nlohmann::json::parse(text, nullptr, false);
    if (!cases.is_array()) continue;
    for (const auto &c : cases) {
      if (g_environment.empty() && c.contains("environment") && c["environment"].contains("imageStreams") &&
          c["environment"].contains("allowedRegistriesForImport"))
        g_environment = c["environment"].dump();
      if (!c.contains("object")) continue;
      std::string doc = c["object"].dump();
      std::string name = p + "#" + c.value("name", "");
      in.push_back({name, doc, "", false, false});
      if (n % 4 == 0) {
        std::string y;
        to_yaml(c["object"], 0, y);
        in.push_back({name + " (yaml)", y, "", false, false});
      }
      if (n % 5 == 0) in.push_back({name + " (update)", doc, doc, true, false});
      if (n % 3 == 0) base.push_back(doc);
      ++n;
    }
  }
  // Invalid ones: truncations and byte mutations (deterministic).
  uint32_t seed = 12345;
  auto rnd = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
  };
  for (size_t i = 0; i < base.size(); ++i) {
    const std::string &d = base[i];
    if (d.empty()) continue;
    in.push_back({"truncated " + std::to_string(i), d.substr(0, d.size() / 2), "", false, false});
    std::string m = d;
    for (int k = 0; k < 3; ++k) m[static_cast<size_t>(rnd()) % m.size()] = static_cast<char>(rnd() & 0xff);
    in.push_back({"mutated " + std::to_string(i), m, "", false, i % 2 == 0});
  }
  return in;
}

void append_str(std::string &out, const char *s) {
  out += s ? s : "(null)";
  out += '\x1f';
}

void append_report(const isc_report *r, std::string &out) {
  out += std::to_string(isc_report_valid(r)) + "|" + std::to_string(isc_report_document(r)) + "|";
  append_str(out, isc_report_object(r));
  append_str(out, isc_report_api_version(r));
  append_str(out, isc_report_kind(r));
  append_str(out, isc_report_namespace(r));
  append_str(out, isc_report_name(r));
  for (size_t i = 0; i < isc_report_count(r); ++i) {
    const isc_finding *f = isc_report_at(r, i);
    out += std::to_string(isc_finding_severity(f)) + ":";
    append_str(out, isc_finding_field(f));
    append_str(out, isc_finding_type(f));
    append_str(out, isc_finding_message(f));
    append_str(out, isc_finding_rule(f));
    out += std::to_string(isc_finding_line(f)) + ":" + std::to_string(isc_finding_column(f)) + "\n";
  }
  size_t len = 0;
  const char *norm = isc_report_normalized(r, &len);
  out += "N:" + (norm ? std::string(norm, len) : std::string("-")) + "\n";
  const char *gen = isc_report_generations(r, &len);
  out += "G:" + (gen ? std::string(gen, len) : std::string("-")) + "\n";
}

// Everything a caller can read from the result of one input.
std::string run(const isc_validator *v, const Input &in, isc_report *r, isc_file_report *fr) {
  isc_operation op = in.update ? ISC_OP_UPDATE : ISC_OP_CREATE;
  const char *old = in.update ? in.old.data() : nullptr;
  size_t old_len = in.update ? in.old.size() : 0;
  std::string out;
  isc_status st;
  if (in.file) {
    st = isc_validate_file(v, op, in.doc.data(), in.doc.size(), ISC_FORMAT_AUTO, old, old_len, fr);
    out = std::string(isc_status_str(st)) + " " + std::to_string(isc_file_report_documents(fr)) + " " +
          std::to_string(isc_file_report_skipped(fr)) + "\n";
    for (size_t i = 0; i < isc_file_report_count(fr); ++i) append_report(isc_file_report_at(fr, i), out);
  } else {
    st = isc_validate(v, op, in.doc.data(), in.doc.size(), old, old_len, r);
    out = std::string(isc_status_str(st)) + "\n";
    append_report(r, out);
  }
  return out;
}

// with_env: a closed world over g_environment (shared streams and registry
// allow-list) and a configuration with severity overrides and policy rules.
isc_validator *make(isc_engine engine, bool with_env) {
  isc_options *o = nullptr;
  isc_validator *v = nullptr;
  if (isc_options_new(&o) != ISC_OK) return nullptr;
  isc_options_set_engine(o, engine);
  isc_options_set_world(o, with_env ? ISC_WORLD_CLOSED : ISC_WORLD_OPEN);
  isc_options_set_default_namespace(o, "default");
  if (with_env) {
    static const char kConfig[] =
        "rules: {W2: off, S4: warning}\npolicy: {requireDigest: true, maxTags: 3, requiredTagAnnotations: [d]}\n";
    if (isc_options_set_environment(o, g_environment.data(), g_environment.size()) != ISC_OK ||
        isc_options_set_config(o, kConfig, sizeof kConfig - 1) != ISC_OK) {
      isc_options_free(o);
      return nullptr;
    }
  }
  isc_status st = isc_validator_new(&v, o);
  isc_options_free(o);
  return st == ISC_OK ? v : nullptr;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: threads_test SOURCE_ROOT\n");
    return 2;
  }
  double seconds = 3;
  if (const char *s = std::getenv("ISC_THREADS_SECONDS")) seconds = std::atof(s);
  unsigned nthreads = 16;
  if (const char *s = std::getenv("ISC_THREADS")) nthreads = static_cast<unsigned>(std::atoi(s));
  if (nthreads < 2) nthreads = 2;

  std::vector<Input> inputs = load_inputs(argv[1]);
  if (inputs.size() < 100) {
    std::fprintf(stderr, "threads_test: only %zu inputs found under %s\n", inputs.size(), argv[1]);
    return 1;
  }
  constexpr int kValidators = 3;
  isc_validator *validators[kValidators] = {make(ISC_ENGINE_FAST, false), make(ISC_ENGINE_REFERENCE, false),
                                            make(ISC_ENGINE_FAST, true)};
  if (!validators[0] || !validators[1] || !validators[2]) {
    std::fprintf(stderr, "threads_test: cannot create the validators\n");
    return 1;
  }
  // Single-threaded results first.
  std::vector<std::string> expected[kValidators];
  {
    isc_report *r = nullptr;
    isc_file_report *fr = nullptr;
    if (isc_report_new(&r) != ISC_OK || isc_file_report_new(&fr) != ISC_OK) return 1;
    for (int e = 0; e < kValidators; ++e)
      for (const auto &in : inputs) expected[e].push_back(run(validators[e], in, r, fr));
    isc_report_free(r);
    isc_file_report_free(fr);
  }
  size_t env_differs = 0;  // inputs whose report the environment and policy change
  for (size_t i = 0; i < inputs.size(); ++i) env_differs += expected[0][i] != expected[2][i];
  size_t findings = 0;
  for (const auto &s : expected[0]) findings += static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> checked{0}, mismatches{0};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  auto worker = [&](unsigned t) {
    isc_report *r = nullptr;
    isc_file_report *fr = nullptr;
    if (isc_report_new(&r) != ISC_OK || isc_file_report_new(&fr) != ISC_OK) {
      mismatches.fetch_add(1);
      return;
    }
    // Each thread walks the inputs from its own offset and stride, so the
    // threads validate different documents at any moment.
    size_t n = inputs.size();
    size_t i = (n / nthreads) * t;
    size_t stride = 1 + 2 * t;
    uint64_t round = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      i = (i + stride) % n;
      int e = static_cast<int>((i + t + round) % kValidators);
      std::string got = run(validators[e], inputs[i], r, fr);
      if (got != expected[e][i]) {
        if (mismatches.fetch_add(1) < 5)
          std::fprintf(stderr, "MISMATCH thread %u engine %d input %s\n--- expected\n%s--- got\n%s", t, e,
                       inputs[i].name.c_str(), expected[e][i].c_str(), got.c_str());
      }
      checked.fetch_add(1, std::memory_order_relaxed);
      if (++round % 16 == 0 && std::chrono::steady_clock::now() >= deadline) stop.store(true);
    }
    isc_report_free(r);
    isc_file_report_free(fr);
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < nthreads; ++t) threads.emplace_back(worker, t);
  for (auto &th : threads) th.join();
  for (isc_validator *v : validators) isc_validator_free(v);
  std::printf("threads_test: %u threads, %.0f s, %zu inputs (%zu report lines), %llu validations compared, "
              "%llu mismatches (%zu inputs differ under the environment and policy)\n",
              nthreads, seconds, inputs.size(), findings, static_cast<unsigned long long>(checked.load()),
              static_cast<unsigned long long>(mismatches.load()), env_differs);
  return mismatches.load() == 0 && checked.load() > 0 ? 0 : 1;
}
