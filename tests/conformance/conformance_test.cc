// Data-driven conformance suite: does isconform answer a create request the
// way the OpenShift API server does?
//
// Every file tests/conformance/cases/*.json holds an array of cases:
//   name             unique within the file
//   operation        "create" (the only operation this suite covers)
//   environment      optional server environment (isc_options_set_environment)
//   fieldValidation  optional "Strict" (default), "Warn" or "Ignore"
//   namespace        optional request namespace for objects without one
//   object           the ImageStream sent (or "raw": the request body as text)
//   errors           exact set of error findings, [field, type, message] each
//   warnings         optional exact set of warning rule ids (unchecked when absent)
//   normalized       optional persisted object (isc_report_normalized), compared as JSON
//   rules            rule ids the case exercises (coverage bookkeeping, see below)
//   source           optional note on where the facts come from (upstream test, spec section)
//
// Each case runs with both structural engines (fast and reference), which
// must give the same report. A final test checks that every rule id the
// create path promises is exercised by at least one accepted and one
// rejected case.
#include <gtest/gtest.h>

#include <algorithm>   // sort
#include <cctype>      // isalnum
#include <cstdlib>     // getenv
#include <filesystem>  // directory_iterator
#include <fstream>     // ifstream
#include <iostream>    // cout
#include <map>         // map
#include <memory>      // unique_ptr
#include <set>         // set
#include <sstream>     // ostringstream
#include <string>      // string
#include <tuple>       // tuple
#include <utility>     // move
#include <vector>      // vector

#include <nlohmann/json.hpp>

#include "isconform/isconform.h"

#ifndef ISC_CONFORMANCE_CASES
#error "ISC_CONFORMANCE_CASES must name the cases directory"
#endif

namespace {

using json = nlohmann::json;
using Finding = std::tuple<std::string, std::string, std::string>;  // field, type, message

struct Case {
  std::string file;  // base name without .json
  size_t index = 0;
  json spec;
};

// Ids that must each have an accepted and a rejected case (rule catalogue of
// docs/rules.md restricted to what a create request can reach, plus the §8
// quirks Q1-Q4 and Q8 that apply to create).
const char *const kRequiredRules[] = {
    "M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10",                // metadata
    "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10",                // spec
    "T1", "T2", "E1", "N1", "N2", "N3", "N8",                                   // status, env, normalization
    "Q1", "Q2", "Q3", "Q4", "Q8",                                               // quirks
};

const std::set<std::string> kKnownKeys = {"name",     "operation",  "environment", "fieldValidation", "namespace",
                                          "object",   "raw",        "errors",      "warnings",        "normalized",
                                          "rules",    "source",     "world"};

std::vector<Case> &all_cases() {
  static std::vector<Case> cases;
  return cases;
}

std::string dir() {
  const char *d = std::getenv("ISC_CONFORMANCE_CASES_DIR");
  return d && *d ? d : ISC_CONFORMANCE_CASES;
}

// Loads every case file; a file that does not parse is reported as a test of its own.
std::vector<std::pair<std::string, std::string>> load(std::vector<Case> &out) {
  std::vector<std::pair<std::string, std::string>> broken;
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(dir())) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto &p : files) {
    std::ifstream in(p);
    std::ostringstream ss;
    ss << in.rdbuf();
    json doc = json::parse(ss.str(), nullptr, false);
    std::string base = p.stem().string();
    if (doc.is_discarded() || !doc.is_array()) {
      broken.emplace_back(base, "not a JSON array of cases");
      continue;
    }
    for (size_t i = 0; i < doc.size(); ++i) out.push_back(Case{base, i, doc[i]});
  }
  return broken;
}

// Long strings are written as "{{repeat N TEXT}}" (anywhere inside a string or
// key): TEXT repeated N times. Keeps multi-kilobyte inputs out of the files.
std::string expand_repeats(const std::string &s) {
  static const std::string open = "{{repeat ";
  std::string out;
  size_t i = 0;
  while (true) {
    size_t b = s.find(open, i);
    if (b == std::string::npos) break;
    size_t sp = s.find(' ', b + open.size());
    size_t e = s.find("}}", b);
    if (sp == std::string::npos || e == std::string::npos || sp > e) break;
    out.append(s, i, b - i);
    size_t n = std::stoul(s.substr(b + open.size(), sp - b - open.size()));
    std::string text = s.substr(sp + 1, e - sp - 1);
    for (size_t k = 0; k < n; ++k) out += text;
    i = e + 2;
  }
  out.append(s, i, std::string::npos);
  return out;
}

json expand(const json &j) {
  if (j.is_string()) return expand_repeats(j.get<std::string>());
  if (j.is_array()) {
    json a = json::array();
    for (const auto &e : j) a.push_back(expand(e));
    return a;
  }
  if (j.is_object()) {
    json o = json::object();
    for (auto it = j.begin(); it != j.end(); ++it) o[expand_repeats(it.key())] = expand(it.value());
    return o;
  }
  return j;
}

// The order of the inner errors of the strategy's InternalError aggregate
// ("[]: Internal error: imagestreams \"x\" is invalid: [e1, e2]") is Go map
// order, i.e. unspecified: sort them so that sets compare equal.
std::string canonical_message(const std::string &type, const std::string &m) {
  if (type != "InternalError") return m;
  static const std::string marker = " is invalid: [";
  size_t p = m.find(marker);
  if (p == std::string::npos || m.empty() || m.back() != ']') return m;
  std::string head = m.substr(0, p + marker.size());
  std::string body = m.substr(p + marker.size(), m.size() - p - marker.size() - 1);
  static const std::string sep = ", spec.tags[";
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t q = body.find(sep, start);
    if (q == std::string::npos) {
      parts.push_back(body.substr(start));
      break;
    }
    parts.push_back(body.substr(start, q - start));
    start = q + 2;  // keep "spec.tags[" with the next part
  }
  std::sort(parts.begin(), parts.end());
  std::string out = head;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out + "]";
}

std::string identifier(const std::string &s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

struct Outcome {
  bool ok = false;              // validation ran
  std::string failure;          // why it did not
  std::set<Finding> errors;
  std::set<std::string> error_rules;
  std::set<std::string> warnings;  // rule ids
  bool has_normalized = false;
  json normalized;
};

isc_field_validation field_validation(const json &c) {
  std::string v = c.value("fieldValidation", "Strict");
  if (v == "Warn") return ISC_FIELD_VALIDATION_WARN;
  if (v == "Ignore") return ISC_FIELD_VALIDATION_IGNORE;
  return ISC_FIELD_VALIDATION_STRICT;
}

Outcome run(const json &c, isc_engine engine) {
  Outcome o;
  std::unique_ptr<isc_options, void (*)(isc_options *)> opts(nullptr, isc_options_free);
  isc_options *raw_opts = nullptr;
  if (isc_options_new(&raw_opts) != ISC_OK) {
    o.failure = "isc_options_new failed";
    return o;
  }
  opts.reset(raw_opts);
  isc_options_set_field_validation(opts.get(), field_validation(c));
  isc_options_set_engine(opts.get(), engine);
  isc_options_set_world(opts.get(), c.value("world", "closed") == "open" ? ISC_WORLD_OPEN : ISC_WORLD_CLOSED);
  if (c.contains("namespace")) isc_options_set_default_namespace(opts.get(), c["namespace"].get<std::string>().c_str());
  if (c.contains("environment")) {
    std::string env = c["environment"].dump();
    char err[512] = {0};
    if (isc_options_set_environment_ex(opts.get(), env.data(), env.size(), err, sizeof err) != ISC_OK) {
      o.failure = std::string("environment rejected: ") + err;
      return o;
    }
  }
  isc_validator *v = nullptr;
  if (isc_validator_new(&v, opts.get()) != ISC_OK) {
    o.failure = "isc_validator_new failed";
    return o;
  }
  std::unique_ptr<isc_validator, void (*)(isc_validator *)> validator(v, isc_validator_free);
  isc_report *r = nullptr;
  if (isc_report_new(&r) != ISC_OK) {
    o.failure = "isc_report_new failed";
    return o;
  }
  std::unique_ptr<isc_report, void (*)(isc_report *)> report(r, isc_report_free);
  std::string body = c.contains("raw") ? c["raw"].get<std::string>() : c["object"].dump();
  if (isc_validate(v, ISC_OP_CREATE, body.data(), body.size(), nullptr, 0, r) != ISC_OK) {
    o.failure = "isc_validate failed";
    return o;
  }
  for (size_t i = 0; i < isc_report_count(r); ++i) {
    const isc_finding *f = isc_report_at(r, i);
    if (isc_finding_severity(f) == ISC_SEVERITY_ERROR) {
      o.errors.emplace(isc_finding_field(f), isc_finding_type(f),
                       canonical_message(isc_finding_type(f), isc_finding_message(f)));
      o.error_rules.insert(isc_finding_rule(f));
    } else {
      o.warnings.insert(isc_finding_rule(f));
    }
  }
  size_t len = 0;
  if (const char *n = isc_report_normalized(r, &len)) {
    o.has_normalized = true;
    o.normalized = json::parse(std::string(n, len), nullptr, false);
  }
  o.ok = true;
  return o;
}

// Whether a validator with the reference engine can be built (it is optional).
bool reference_engine_available() {
  static const bool available = [] {
    isc_options *o = nullptr;
    if (isc_options_new(&o) != ISC_OK) return false;
    isc_options_set_engine(o, ISC_ENGINE_REFERENCE);
    isc_validator *v = nullptr;
    bool ok = isc_validator_new(&v, o) == ISC_OK;
    isc_validator_free(v);
    isc_options_free(o);
    return ok;
  }();
  return available;
}

std::string show(const std::set<Finding> &s) {
  json a = json::array();
  for (const auto &[f, t, m] : s) a.push_back({f, t, m});
  return a.dump(1);
}

class ConformanceCase : public testing::Test {
 public:
  explicit ConformanceCase(const Case &c) : c_(c) {}

  void TestBody() override {
    const json c = expand(c_.spec);
    for (auto it = c.begin(); it != c.end(); ++it) {
      EXPECT_TRUE(kKnownKeys.count(it.key())) << "unknown case key \"" << it.key() << "\"";
    }
    ASSERT_EQ(c.value("operation", ""), "create") << "this suite covers create only";
    ASSERT_TRUE(c.contains("object") != c.contains("raw")) << "exactly one of object and raw";
    ASSERT_TRUE(c.contains("errors") && c["errors"].is_array()) << "errors is required";
    std::set<Finding> want;
    for (const auto &e : c["errors"]) {
      ASSERT_TRUE(e.is_array() && e.size() == 3) << "an error is [field, type, message]: " << e.dump();
      want.emplace(e[0].get<std::string>(), e[1].get<std::string>(),
                   canonical_message(e[1].get<std::string>(), e[2].get<std::string>()));
    }
    ASSERT_EQ(want.size(), c["errors"].size()) << "errors lists a finding twice";

    Outcome fast = run(c, ISC_ENGINE_FAST);
    ASSERT_TRUE(fast.ok) << fast.failure;
    if (std::getenv("ISC_CONFORMANCE_DUMP")) {
      json a = json::array();
      for (const auto &[f, t, m] : fast.errors) a.push_back({f, t, m});
      std::cout << "ACTUAL " << c_.file << "/" << c.value("name", "") << "\n"
                << json{{"errors", a}, {"warnings", fast.warnings}, {"normalized", fast.normalized}}.dump(1) << "\n";
    }
    EXPECT_EQ(show(fast.errors), show(want)) << "error findings differ (actual first)";

    if (c.contains("warnings")) {
      std::set<std::string> ww = c["warnings"].get<std::set<std::string>>();
      EXPECT_EQ(json(fast.warnings).dump(), json(ww).dump()) << "warning rule ids differ (actual first)";
    }
    if (c.contains("normalized")) {
      ASSERT_TRUE(want.empty()) << "a normalized object only exists for accepted objects";
      ASSERT_TRUE(fast.has_normalized) << "no normalized object";
      EXPECT_EQ(fast.normalized.dump(1), c["normalized"].dump(1)) << "normalized object differs (actual first)";
    }
    if (want.empty()) {
      EXPECT_TRUE(fast.has_normalized) << "an accepted object has a persisted form";
    } else {
      EXPECT_FALSE(fast.has_normalized) << "a rejected object has no persisted form";
    }

    // The reference engine must agree on everything (when it is built in).
    if (!reference_engine_available()) return;
    Outcome ref = run(c, ISC_ENGINE_REFERENCE);
    ASSERT_TRUE(ref.ok) << ref.failure;
    EXPECT_EQ(show(ref.errors), show(fast.errors)) << "reference engine: error findings differ";
    EXPECT_EQ(json(ref.warnings).dump(), json(fast.warnings).dump()) << "reference engine: warnings differ";
    EXPECT_EQ(ref.normalized.dump(), fast.normalized.dump()) << "reference engine: normalized object differs";
  }

 private:
  Case c_;
};

class BrokenFile : public testing::Test {
 public:
  explicit BrokenFile(std::string why) : why_(std::move(why)) {}
  void TestBody() override { FAIL() << why_; }

 private:
  std::string why_;
};

// Every required id has an accepted and a rejected case, and case names are unique.
class Coverage : public testing::Test {
 public:
  void TestBody() override {
    std::map<std::string, std::pair<int, int>> seen;  // id -> (accepted, rejected)
    std::set<std::string> names;
    for (const Case &c : all_cases()) {
      std::string name = c.file + "/" + c.spec.value("name", "");
      EXPECT_TRUE(names.insert(name).second) << "duplicate case name " << name;
      EXPECT_FALSE(c.spec.value("name", "").empty()) << c.file << "[" << c.index << "] has no name";
      if (!c.spec.contains("rules")) continue;
      bool rejected = c.spec.contains("errors") && !c.spec["errors"].empty();
      for (const auto &r : c.spec["rules"]) {
        auto &p = seen[r.get<std::string>()];
        (rejected ? p.second : p.first) += 1;
      }
    }
    for (const char *id : kRequiredRules) {
      auto it = seen.find(id);
      int accepted = it == seen.end() ? 0 : it->second.first;
      int rejected = it == seen.end() ? 0 : it->second.second;
      EXPECT_GT(accepted, 0) << id << " has no accepted case";
      EXPECT_GT(rejected, 0) << id << " has no rejected case";
    }
  }
};

}  // namespace

int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  auto broken = load(all_cases());
  for (const auto &[file, why] : broken) {
    std::string w = why;
    testing::RegisterTest(identifier(file).c_str(), "file", nullptr, nullptr, __FILE__, __LINE__,
                          [w]() -> testing::Test * { return new BrokenFile(w); });
  }
  for (const Case &c : all_cases()) {
    std::string name = identifier(c.spec.value("name", "case" + std::to_string(c.index)));
    testing::RegisterTest(identifier(c.file).c_str(), name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [c]() -> testing::Test * { return new ConformanceCase(c); });
  }
  testing::RegisterTest("Conformance", "RuleCoverage", nullptr, nullptr, __FILE__, __LINE__,
                        []() -> testing::Test * { return new Coverage(); });
  return RUN_ALL_TESTS();
}
