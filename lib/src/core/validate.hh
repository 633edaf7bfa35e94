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

namespace isc::detail {

struct ObjectInput {
  const Doc *doc = nullptr;
  uint32_t node = 0;
  bool in_template = false;   // Template objects: legacy apiVersion v1 is upgraded
  bool inherit_gvk = false;   // ImageStreamList items may omit kind and apiVersion
  std::string_view inherited_api_version;  // the list's apiVersion, for such items
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

// Parses a buffer holding one document (JSON, or YAML when it is not JSON).
// Returns false with a message and position on a syntax error.
bool parse_single_document(std::string_view src, Doc &doc, std::string &err, uint32_t &err_pos,
                           const Limits &limits);

// Whole-input validation (documents, Lists, Templates): containers.cc.
void validate_input(const isc_validator &v, isc_operation op, std::string_view buf, isc_format format,
                    std::string_view old_doc, bool has_old, isc_file_report &out);

}  // namespace isc::detail

#endif  // ISC_CORE_VALIDATE_HH
