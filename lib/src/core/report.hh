// Reports, findings and the helpers rules use to emit the API server's
// field errors (k8s.io/apimachinery/pkg/util/validation/field rendering).
#ifndef ISC_CORE_REPORT_HH
#define ISC_CORE_REPORT_HH

#include <cstdint>      // uint32_t
#include <memory>       // unique_ptr
#include <string>       // string
#include <string_view>  // string_view
#include <unordered_map>  // unordered_map
#include <vector>       // vector

#include "decode/structural.hh"
#include "ir/imagestream.hh"
#include "isconform/isconform.h"
#include "json/doc.hh"
#include "yaml/loader.hh"

struct isc_finding {
  isc_severity severity = ISC_SEVERITY_ERROR;
  std::string field;
  const char *type = "";
  std::string message;
  const char *rule = "";
  uint32_t pos = isc::detail::kNoPos;  // position token in `doc`
  const isc::detail::Doc *doc = nullptr;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t id = 0;  // creation number in its report (isc_report::occurrences)
};

namespace isc::detail {

// Work space reused across validations: owns the copied input, the parsed
// Docs and the IR so that views stay valid until the next validation.
struct Workspace {
  std::string src;      // copy of the validated document
  std::string old_src;  // copy of the stored object
  Doc doc;              // JSON input
  Doc old_doc;          // JSON stored object
  std::vector<std::unique_ptr<YamlDocument>> yaml;      // YAML input
  std::vector<std::unique_ptr<YamlDocument>> old_yaml;  // YAML stored object
  YamlLoader yaml_loader;  // keeps YAML scratch and documents between validations
  ImageStream is;
  ImageStream old_is;
  std::string scratch;
  // Structural pass: result and scratch reused across validations (steady
  // state allocates nothing for a valid document).
  DecodeResult decode;
  StructuralScratch structural;
};

}  // namespace isc::detail

struct isc_report {
  std::vector<isc_finding> findings;  // [0, count) in use; capacity reused
  size_t count = 0;
  bool has_error = false;

  // Object identity.
  size_t document = 0;
  std::string object;  // JSON Pointer
  std::string api_version, kind, namespace_, name;

  // Persisted object, rendered lazily from `ws.is`.
  bool normalized_ok = false;  // the IR holds a persisted object
  mutable bool normalized_done = false;
  mutable std::string normalized;

  // Update only: how generations change (core/generations.hh), JSON.
  std::string generations;

  // isc_validate_request / isc_validate_patch: the HTTP status the API server
  // would answer (0: none) and the response body (request/request.hh).
  int http_status = 0;
  std::string http_body;

  std::unique_ptr<isc::detail::Workspace> ws = std::make_unique<isc::detail::Workspace>();

  // add() drops a finding equal to an earlier one. Up to kIndexFrom findings
  // it compares with each; beyond, a hash of (severity, field, message) finds
  // the candidate, so thousands of findings stay linear. The index covers
  // findings [0, indexed); code that compacts the findings lowers `count`,
  // which makes add() rebuild it; a reorder keeps the set of hashes, and a
  // candidate that does not match falls back to the scan.
  static constexpr size_t kIndexFrom = 32;
  std::unordered_map<uint64_t, uint32_t> index;
  size_t indexed = 0;

  // The id of the finding each add() returned, in call order, duplicates
  // included: the server's field error list before de-duplication, which a
  // Status lists as details.causes (spec §2.3). Ids, not positions, so that
  // compacting or reordering the findings keeps the log meaningful; a
  // finding removed since is skipped. Capacity is reused across reports.
  std::vector<uint32_t> occurrences;
  uint32_t next_id = 0;

  void reset() {
    count = 0;
    index.clear();
    indexed = 0;
    occurrences.clear();
    next_id = 0;
    has_error = false;
    document = 0;
    object.clear();
    api_version.clear();
    kind.clear();
    namespace_.clear();
    name.clear();
    normalized_ok = false;
    normalized_done = false;
    normalized.clear();
    generations.clear();
    http_status = 0;
    http_body.clear();
  }

  // Adds a finding; identical findings (severity, field, message) are kept
  // once, every call is logged in `occurrences`.
  isc_finding &add(isc_severity sev, std::string_view field, const char *type, std::string_view message,
                   const char *rule, uint32_t pos, const isc::detail::Doc *doc);
  // Fills line and column of every finding from its position token.
  void locate();
};

struct isc_file_report {
  std::vector<std::unique_ptr<isc_report>> entries;  // [0, count) in use
  size_t count = 0;
  size_t documents = 0;
  size_t skipped = 0;
  // The input and its documents: entries point into them.
  std::string src;
  std::vector<std::unique_ptr<isc::detail::Doc>> docs;
  std::string old_src;
  isc::detail::Doc old_doc;
  std::vector<std::unique_ptr<isc::detail::YamlDocument>> yaml;
  std::vector<std::unique_ptr<isc::detail::YamlDocument>> old_yaml;
  isc::detail::YamlLoader yaml_loader;  // keeps YAML scratch and documents between files

  isc_report &next_entry();
  isc::detail::Doc &doc_at(size_t i) {
    while (docs.size() <= i) docs.push_back(std::make_unique<isc::detail::Doc>());
    return *docs[i];
  }
  void reset() {
    count = 0;
    documents = 0;
    skipped = 0;
  }
};

namespace isc::detail {

// Field error emission with the API server's wording.
class Errors {
 public:
  Errors(isc_report &r, const Doc *doc) : r_(r), doc_(doc) {}

  void required(std::string_view field, std::string_view detail, const char *rule, uint32_t pos);
  // `value` is the already-rendered bad value (see quote_* below).
  void invalid(std::string_view field, std::string_view value, std::string_view detail, const char *rule, uint32_t pos);
  void forbidden(std::string_view field, std::string_view detail, const char *rule, uint32_t pos);
  void too_long(std::string_view field, int64_t max, const char *rule, uint32_t pos);
  void not_found(std::string_view field, std::string_view value, const char *rule, uint32_t pos);
  void internal(std::string_view field, std::string_view detail, const char *rule, uint32_t pos);
  // isconform's own checks: severity warning, type "Warning".
  void warning(std::string_view field, std::string_view message, const char *rule, uint32_t pos);
  // Raw finding (decoding errors and the like).
  void raw(isc_severity sev, std::string_view field, const char *type, std::string_view message, const char *rule,
           uint32_t pos);

  isc_report &report() { return r_; }
  const Doc *doc() const { return doc_; }
  void set_doc(const Doc *d) { doc_ = d; }

 private:
  isc_report &r_;
  const Doc *doc_;
  std::string buf_;
};

// Bad-value renderings (spec §2.2, rule F1).
std::string quote_str(std::string_view s);   // Go %q: plain strings
std::string quote_json(std::string_view s);  // encoding/json: named string types, types.UID

// Field error body and full text, for aggregates (InternalError wrapper, 422 messages).
struct FieldError {
  std::string field;
  const char *type;  // "Required", "Invalid", ...
  std::string body;  // ErrorBody()
  uint32_t pos = kNoPos;
  [[nodiscard]] std::string text() const { return field + ": " + body; }
};
FieldError make_invalid(std::string_view field, std::string_view value, std::string_view detail, uint32_t pos);
FieldError make_not_found(std::string_view field, std::string_view value, uint32_t pos);
FieldError make_forbidden(std::string_view field, std::string_view detail, uint32_t pos);

// utilerrors aggregate rendering: one error as itself, several as
// "[e1, e2]" with identical strings removed (first seen wins).
std::string aggregate(const std::vector<std::string> &texts);

}  // namespace isc::detail

#endif  // ISC_CORE_REPORT_HH
