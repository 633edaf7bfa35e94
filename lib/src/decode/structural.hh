// Structural checks of a document against the type model, with the API
// server decoder's semantics (sigs.k8s.io/json over encoding/json):
//
// - type errors ("json: cannot unmarshal string into Go struct field
//   ImageStreamSpec.spec.tags of type []v1.TagReference"): only the first,
//   in decoding order, is reported and it hides every strict error;
// - errors that abort decoding at once (metav1.Time that is not an RFC 3339
//   string): the first one is reported alone;
// - strict errors (unknown field "spec.tags[0].foo", duplicate field
//   "metadata.name"), in decoding order, de-duplicated, at most 100;
// - schema `required` lists (not enforced by the server) as warnings.
//
// The fast engine runs every check here. The reference engine has valijson
// do the type, unknown-field and required checks and runs only the checks
// JSON Schema cannot express (duplicates, time parsing) through this walker.
#ifndef ISC_DECODE_STRUCTURAL_HH
#define ISC_DECODE_STRUCTURAL_HH

#include <cstdint>  // uint32_t
#include <deque>    // deque
#include <string>   // string
#include <vector>   // vector

#include "json/doc.hh"
#include "schema/model.hh"

namespace isc::detail {

struct DecodeIssue {
  std::string field;    // path with indices: "spec.tags[0].from.kind"
  std::string message;  // the decoder's text
  uint32_t pos = 0;     // position token (key for unknown/duplicate fields)
};

struct DecodeResult {
  bool has_immediate = false;
  DecodeIssue immediate;  // first error that aborts decoding
  bool has_type = false;
  DecodeIssue type;                  // first saved type error
  uint32_t type_order = 0;           // decoding-order index of `type` (for merging engines)
  std::vector<DecodeIssue> unknown;  // strict errors, decoding order (unknown and duplicate)
  std::vector<bool> unknown_is_dup;  // parallel to `unknown`
  std::vector<DecodeIssue> required;  // required-by-schema warnings
  std::vector<DecodeIssue> bad_utf8;  // strings that held invalid UTF-8
  std::vector<DecodeIssue> template_values;  // ${{PARAM}} strings in typed positions (template mode)

  void clear() {
    has_immediate = false;
    has_type = false;
    type_order = 0;
    unknown.clear();
    unknown_is_dup.clear();
    required.clear();
    bad_utf8.clear();
    template_values.clear();
  }
  // Decoding fails (the server answers 400 before validation).
  [[nodiscard]] bool fatal() const { return has_immediate || has_type; }
};

struct StructuralOptions {
  bool check_types = true;        // false: the reference engine's valijson does these
  bool check_unknown = true;      // unknown fields (false: likewise)
  bool check_required = true;     // schema required lists (false: likewise)
  bool check_duplicates = true;   // JSON duplicate keys (YAML duplicates are the loader's)
  bool skip_status_required = true;  // no required warnings under `status` (discarded by the server)
  uint32_t max_strict = 100;      // sigs.k8s.io/json keeps at most 100 strict errors
  // Template objects: a "${{PARAM}}" string stands for a value of any type
  // (template processing unmarshals the parameter's value), and a string
  // holding "${PARAM}" in a time field is text to be substituted.
  bool template_mode = false;
};

// One step of the walker's path from the root: an object member (its key
// node) or an array element. Field paths are rendered from these steps only
// when a finding needs one.
struct PathStep {
  enum Kind : uint8_t { kField, kMapKey, kIndex } kind;
  uint32_t v;  // key node (kField, kMapKey) or element index (kIndex)
};

// Walks the subtree at `root` (an object) as type `type` (ImageStream).
// Scratch memory is kept in `scratch` between calls: reuse one per thread
// (the report's workspace does) and steady-state walks allocate nothing.
struct StructuralScratch {
  std::vector<std::pair<std::string_view, uint32_t>> keys;
  std::vector<PathStep> steps;                    // the path to the current node
  std::deque<std::vector<uint32_t>> dups, order;  // per depth (deque: growing keeps references)
};

void check_structure(const Doc &doc, uint32_t root, const TypeNode *type, const StructuralOptions &opts,
                     DecodeResult &out, StructuralScratch &scratch);

// True for a string that is exactly ${{NAME}} (NAME = [a-zA-Z0-9_]+).
bool is_typed_template_parameter(std::string_view s);

// "string", "number", "bool", "array", "object" for a node, as Go names JSON values.
const char *go_json_kind(const Node &n);

// Parses s as Go's time.Parse(time.RFC3339, s). Returns "" when it parses, or
// the Go error text ("parsing time \"x\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"x\" as \"2006\"").
std::string go_rfc3339_error(std::string_view s);

}  // namespace isc::detail

#endif  // ISC_DECODE_STRUCTURAL_HH
