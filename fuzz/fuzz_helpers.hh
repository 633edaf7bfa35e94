// Shared helpers of the fuzz harnesses (zstd tests/fuzz/fuzz_helpers.h and
// fuzz_data_producer.h): a message-printing assert for broken invariants, the
// options byte carved off the end of every input, and snapshots of reports
// that the differential harnesses compare field by field.
//
// Harness contract: LLVMFuzzerTestOneInput returns 0 and never leaks; it
// aborts (FUZZ_ASSERT) only when an invariant of the library is broken, after
// printing what differs, so that libFuzzer saves the input as a crash.
#ifndef ISC_FUZZ_HELPERS_HH
#define ISC_FUZZ_HELPERS_HH

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t, uint32_t
#include <cstdio>       // fprintf, fflush
#include <cstdlib>      // abort, getenv
#include <string>       // string
#include <string_view>  // string_view
#include <tuple>        // tuple
#include <utility>      // move
#include <vector>       // vector

#include "isconform/isconform.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT_MSG(cond, ...)                                                       \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                 \
      std::fprintf(stderr, "\n");                                                        \
      std::fflush(stderr);                                                               \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)
#define FUZZ_ASSERT(cond) FUZZ_ASSERT_MSG((cond), "%s", "")

namespace isc_fuzz {

// The input of the validation harnesses is DOCUMENT + one options byte at the
// end (consumed from the end as zstd's data producer does, so that mutations
// of the document leave the options alone). An empty input has no options.
struct Options {
  isc_operation op = ISC_OP_CREATE;                                  // bits 0-1 (3 = create)
  isc_field_validation field_validation = ISC_FIELD_VALIDATION_STRICT;  // bits 2-3 (3 = strict)
  bool open_world = false;                                           // bit 4
  bool no_request_checks = false;                                    // bit 5
  bool default_namespace = false;                                    // bit 6: namespace "fuzz" for objects without one
  bool environment = false;                                          // bit 7: kEnvironment below
};

inline Options take_options(const uint8_t *&data, size_t &size) {
  Options o;
  if (size == 0) return o;
  const uint8_t b = data[size - 1];
  --size;
  const unsigned op = b & 3u;
  o.op = op == 1 ? ISC_OP_UPDATE : op == 2 ? ISC_OP_STATUS_UPDATE : ISC_OP_CREATE;
  const unsigned fv = (b >> 2) & 3u;
  o.field_validation = fv == 1 ? ISC_FIELD_VALIDATION_WARN : fv == 2 ? ISC_FIELD_VALIDATION_IGNORE
                                                                     : ISC_FIELD_VALIDATION_STRICT;
  o.open_world = (b & 0x10u) != 0;
  o.no_request_checks = (b & 0x20u) != 0;
  o.default_namespace = (b & 0x40u) != 0;
  o.environment = (b & 0x80u) != 0;
  return o;
}

// A server environment with an allow-list, registry host names, the
// PreserveOriginal import mode and two existing streams, so that the
// resolution (S9) and allow-list (E1) rules have something to work on.
inline constexpr char kEnvironment[] = R"({
 "allowedRegistriesForImport": [
  {"domainName": "quay.io"},
  {"domainName": "*.example.com:5000", "insecure": true},
  {"domainName": "registry.access.redhat.com"}
 ],
 "internalRegistryHostname": "image-registry.openshift-image-registry.svc:5000",
 "externalRegistryHostname": "registry.apps.example.com",
 "defaultImportMode": "PreserveOriginal",
 "imageStreams": [
  {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
   "metadata": {"name": "base", "namespace": "demo", "resourceVersion": "7", "generation": 3},
   "spec": {"tags": [{"name": "latest", "from": {"kind": "DockerImage", "name": "quay.io/demo/base:1"}}]},
   "status": {"dockerImageRepository": "image-registry.openshift-image-registry.svc:5000/demo/base",
    "tags": [{"tag": "latest", "items": [{"created": "2024-01-02T03:04:05Z",
     "dockerImageReference": "quay.io/demo/base@sha256:0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
     "image": "sha256:0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d", "generation": 3}]}]}},
  {"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
   "metadata": {"name": "tools", "namespace": "fuzz"}, "spec": {}}
 ]
})";

// Applies the options to a fresh isc_options (engine left to the caller).
// Returns nullptr only on allocation failure.
inline isc_options *make_options(const Options &o, isc_engine engine = ISC_ENGINE_FAST) {
  isc_options *opts = nullptr;
  if (isc_options_new(&opts) != ISC_OK) return nullptr;
  FUZZ_ASSERT(isc_options_set_field_validation(opts, o.field_validation) == ISC_OK);
  FUZZ_ASSERT(isc_options_set_engine(opts, engine) == ISC_OK);
  FUZZ_ASSERT(isc_options_set_world(opts, o.open_world ? ISC_WORLD_OPEN : ISC_WORLD_CLOSED) == ISC_OK);
  FUZZ_ASSERT(isc_options_set_request_checks(opts, o.no_request_checks ? 0 : 1) == ISC_OK);
  if (o.default_namespace) FUZZ_ASSERT(isc_options_set_default_namespace(opts, "fuzz") == ISC_OK);
  if (o.environment) {
    char err[256];
    const isc_status st = isc_options_set_environment_ex(opts, kEnvironment, sizeof kEnvironment - 1, err, sizeof err);
    FUZZ_ASSERT_MSG(st == ISC_OK, "the built-in environment is rejected: %s", err);
  }
  return opts;
}

// Validators are expensive to compile (schemas, environment): each harness
// keeps one per options combination, created on first use.
class ValidatorCache {
 public:
  ValidatorCache() = default;
  ValidatorCache(const ValidatorCache &) = delete;
  ValidatorCache &operator=(const ValidatorCache &) = delete;
  ~ValidatorCache() {
    for (auto *&v : cache_) isc_validator_free(v);
  }
  // nullptr when the validator cannot be created (e.g. an engine that is not
  // built yet); the failure is remembered.
  const isc_validator *get(const Options &o, isc_engine engine = ISC_ENGINE_FAST) {
    const size_t key = index(o, engine);
    if (failed_[key]) return nullptr;
    if (!cache_[key]) {
      isc_options *opts = make_options(o, engine);
      if (!opts || isc_validator_new(&cache_[key], opts) != ISC_OK) {
        cache_[key] = nullptr;
        failed_[key] = true;
      }
      isc_options_free(opts);
    }
    return cache_[key];
  }

 private:
  static size_t index(const Options &o, isc_engine engine) {
    size_t k = static_cast<size_t>(o.field_validation);
    k = k * 2 + (o.open_world ? 1 : 0);
    k = k * 2 + (o.no_request_checks ? 1 : 0);
    k = k * 2 + (o.default_namespace ? 1 : 0);
    k = k * 2 + (o.environment ? 1 : 0);
    k = k * 2 + (engine == ISC_ENGINE_REFERENCE ? 1 : 0);
    return k;
  }
  static constexpr size_t kSlots = 3 * 2 * 2 * 2 * 2 * 2;
  isc_validator *cache_[kSlots] = {};
  bool failed_[kSlots] = {};
};

// Everything a report exposes through the C API, copied out.
struct Finding {
  int severity = 0;
  std::string field, type, message, rule;
  uint32_t line = 0, column = 0;

  [[nodiscard]] std::string show() const {
    return std::string(severity == ISC_SEVERITY_ERROR ? "error" : "warning") + " " + std::to_string(line) + ":" +
           std::to_string(column) + " [" + rule + "] " + type + " field=\"" + field + "\" message=\"" + message +
           "\"";
  }
  // Everything but the position.
  [[nodiscard]] std::tuple<int, std::string, std::string, std::string, std::string> key() const {
    return {severity, field, type, message, rule};
  }
};

struct Snapshot {
  int valid = 0;
  std::vector<Finding> findings;
  bool has_normalized = false;
  std::string normalized;
  bool has_generations = false;
  std::string generations;
  size_t document = 0;
  std::string object, api_version, kind, namespace_, name;

  [[nodiscard]] std::string show() const {
    std::string s = "  valid=" + std::to_string(valid) + " document=" + std::to_string(document) + " object=\"" +
                    object + "\" apiVersion=\"" + api_version + "\" kind=\"" + kind + "\" namespace=\"" + namespace_ +
                    "\" name=\"" + name + "\"\n";
    for (const Finding &f : findings) s += "  " + f.show() + "\n";
    s += "  normalized: " + (has_normalized ? normalized : std::string("(none)")) + "\n";
    s += "  generations: " + (has_generations ? generations : std::string("(none)")) + "\n";
    return s;
  }
};

inline Snapshot snapshot(const isc_report *r) {
  Snapshot s;
  s.valid = isc_report_valid(r);
  const size_t n = isc_report_count(r);
  for (size_t i = 0; i < n; ++i) {
    const isc_finding *f = isc_report_at(r, i);
    FUZZ_ASSERT_MSG(f != nullptr, "isc_report_at(%zu) is NULL with a count of %zu", i, n);
    Finding x;
    x.severity = isc_finding_severity(f);
    x.field = isc_finding_field(f);
    x.type = isc_finding_type(f);
    x.message = isc_finding_message(f);
    x.rule = isc_finding_rule(f);
    x.line = isc_finding_line(f);
    x.column = isc_finding_column(f);
    s.findings.push_back(std::move(x));
  }
  FUZZ_ASSERT(isc_report_at(r, n) == nullptr);
  size_t len = 0;
  const char *norm = isc_report_normalized(r, &len);
  if (norm) {
    s.has_normalized = true;
    s.normalized.assign(norm, len);
  }
  const char *gen = isc_report_generations(r, &len);
  if (gen) {
    s.has_generations = true;
    s.generations.assign(gen, len);
  }
  s.document = isc_report_document(r);
  s.object = isc_report_object(r);
  s.api_version = isc_report_api_version(r);
  s.kind = isc_report_kind(r);
  s.namespace_ = isc_report_namespace(r);
  s.name = isc_report_name(r);
  return s;
}

// Invariants every report satisfies, whatever the input.
inline void check_report(const Snapshot &s) {
  bool has_error = false;
  for (const Finding &f : s.findings) {
    if (f.severity == ISC_SEVERITY_ERROR) has_error = true;
    FUZZ_ASSERT_MSG(!f.rule.empty(), "finding without a rule id: %s", f.show().c_str());
    FUZZ_ASSERT_MSG(!f.type.empty(), "finding without a type: %s", f.show().c_str());
    FUZZ_ASSERT_MSG(!f.message.empty(), "finding without a message: %s", f.show().c_str());
    FUZZ_ASSERT_MSG((f.line == 0) == (f.column == 0), "line without column or the reverse: %s", f.show().c_str());
  }
  FUZZ_ASSERT_MSG(s.valid == (has_error ? 0 : 1), "isc_report_valid disagrees with the findings:\n%s",
                  s.show().c_str());
  // Errors come first, then warnings.
  bool seen_warning = false;
  for (const Finding &f : s.findings) {
    if (f.severity == ISC_SEVERITY_WARNING) seen_warning = true;
    else FUZZ_ASSERT_MSG(!seen_warning, "an error after a warning:\n%s", s.show().c_str());
  }
  FUZZ_ASSERT_MSG(!(s.has_normalized && has_error), "a normalized object for an invalid report:\n%s",
                  s.show().c_str());
}

// Aborts with both reports when they differ in anything the C API exposes.
inline void assert_same(const Snapshot &a, const Snapshot &b, const char *what) {
  bool same = a.valid == b.valid && a.findings.size() == b.findings.size() && a.has_normalized == b.has_normalized &&
              a.normalized == b.normalized && a.has_generations == b.has_generations &&
              a.generations == b.generations && a.document == b.document && a.object == b.object &&
              a.api_version == b.api_version && a.kind == b.kind && a.namespace_ == b.namespace_ && a.name == b.name;
  for (size_t i = 0; same && i < a.findings.size(); ++i) {
    const Finding &x = a.findings[i];
    const Finding &y = b.findings[i];
    same = x.key() == y.key() && x.line == y.line && x.column == y.column;
  }
  FUZZ_ASSERT_MSG(same, "%s: the reports differ\nfirst:\n%ssecond:\n%s", what, a.show().c_str(), b.show().c_str());
}

// The whole file report, entry by entry.
struct FileSnapshot {
  size_t documents = 0, skipped = 0;
  std::vector<Snapshot> entries;
};

inline FileSnapshot file_snapshot(const isc_file_report *fr) {
  FileSnapshot s;
  s.documents = isc_file_report_documents(fr);
  s.skipped = isc_file_report_skipped(fr);
  const size_t n = isc_file_report_count(fr);
  for (size_t i = 0; i < n; ++i) {
    const isc_report *r = isc_file_report_at(fr, i);
    FUZZ_ASSERT_MSG(r != nullptr, "isc_file_report_at(%zu) is NULL with a count of %zu", i, n);
    s.entries.push_back(snapshot(r));
    check_report(s.entries.back());
  }
  FUZZ_ASSERT(isc_file_report_at(fr, n) == nullptr);
  return s;
}

inline void assert_same(const FileSnapshot &a, const FileSnapshot &b, const char *what) {
  FUZZ_ASSERT_MSG(a.documents == b.documents && a.skipped == b.skipped && a.entries.size() == b.entries.size(),
                  "%s: file reports differ: documents %zu vs %zu, skipped %zu vs %zu, entries %zu vs %zu", what,
                  a.documents, b.documents, a.skipped, b.skipped, a.entries.size(), b.entries.size());
  for (size_t i = 0; i < a.entries.size(); ++i) assert_same(a.entries[i], b.entries[i], what);
}

// How often each oracle ran or why it was skipped: counted always, printed
// at exit when ISC_FUZZ_VERBOSE is set (e.g. to check that a differential
// harness compares something: ISC_FUZZ_VERBOSE=1 <harness> corpus/<target>).
inline void count(const char *what) {
  struct Counters {
    std::vector<std::pair<const char *, size_t>> v;
    ~Counters() {
      if (!std::getenv("ISC_FUZZ_VERBOSE")) return;
      for (const auto &c : v) std::fprintf(stderr, "isc_fuzz: %-40s %zu\n", c.first, c.second);
    }
  };
  static Counters counters;
  for (auto &c : counters.v) {
    if (std::string_view(c.first) == what) {
      ++c.second;
      return;
    }
  }
  counters.v.emplace_back(what, 1);
}

// Printable rendering of bytes for messages.
inline std::string printable(std::string_view s, size_t max = 400) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

}  // namespace isc_fuzz

#endif  // ISC_FUZZ_HELPERS_HH
