// The validation pipeline for one ImageStream object:
// apiVersion/kind -> structure (engine) -> decode -> defaults -> the
// operation's preparation -> the server's rules -> isconform's warnings.
#ifndef ISC_CORE_VALIDATE_HH
#define ISC_CORE_VALIDATE_HH

#include <cstdint>      // uint32_t
#include <string_view>  // string_view

#include "core/report.hh"
#include "core/validator.hh"
#include "json/doc.hh"
#include "yaml/loader.hh"

namespace isc::detail {

struct ObjectInput {
  const Doc *doc = nullptr;
  uint32_t node = 0;
  const std::vector<YamlDuplicate> *yaml_duplicates = nullptr;  // of the whole YAML document
  bool in_template = false;   // Template objects: legacy apiVersion v1 is upgraded
  bool inherit_gvk = false;   // ImageStreamList items may omit kind and apiVersion
  std::string_view inherited_api_version;  // the list's apiVersion, for such items
  std::string_view default_namespace;      // fills a missing namespace instead of the validator's (admission)
  bool before_storage = false;  // admission: the storage layer's own checks (R1) come after the webhook
};

struct OldInput {
  const Doc *doc = nullptr;  // nullptr: no stored object given
  uint32_t node = 0;
  std::string_view error;  // the stored object could not be parsed (message)
  uint32_t error_pos = kNoPos;
};

// Validates one object into `r` (which the caller has reset). Never throws
// except std::bad_alloc.
void validate_object(const isc_validator &v, isc_operation op, const ObjectInput &in, const OldInput &old,
                     isc_report &r);

// Parses a buffer holding one object: JSON when the first non-space byte is
// `{` or `[` and it parses as JSON, else YAML (the first document, as the API
// server decodes a YAML body). On success `doc` points at the parsed Doc
// (json_doc or the first YAML document) and `dups` at its YAML duplicates.
struct ParsedDocument {
  const Doc *doc = nullptr;
  const std::vector<YamlDuplicate> *dups = nullptr;
  size_t documents = 0;  // YAML documents in the input
  std::string error;     // syntax error text
  uint32_t line = 0, column = 0;
};
// `loader`, when given, keeps YAML memory between calls (yaml's documents
// go back to it first).
bool parse_document(std::string_view src, Doc &json_doc, std::vector<std::unique_ptr<YamlDocument>> &yaml,
                    ParsedDocument &out, const Limits &limits, YamlLoader *loader = nullptr);

// JSON only (the environment and other option documents are JSON or YAML too:
// they go through parse_document).
bool parse_single_document(std::string_view src, Doc &doc, std::string &err, uint32_t &err_pos,
                           const Limits &limits);

// The path of a node as decoding errors write it ("spec.tags[0].name"), or ""
// for the root. Linear in the document.
std::string node_path(const Doc &d, uint32_t root, uint32_t target);

// A resourceVersion as the storage versioner reads it (strconv.ParseUint(s,
// 10, 64); "" is 0). False when it is not such a number.
bool parse_resource_version(std::string_view s, uint64_t &out);

// Whole-input validation (documents, Lists, Templates): containers.cc.
void validate_input(const isc_validator &v, isc_operation op, std::string_view buf, isc_format format,
                    std::string_view old_doc, bool has_old, isc_file_report &out);

}  // namespace isc::detail

#endif  // ISC_CORE_VALIDATE_HH
