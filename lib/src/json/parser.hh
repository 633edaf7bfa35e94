// JSON parser producing a Doc tape.
//
// Accepts exactly RFC 8259 JSON and reports syntax errors with the words of
// Go's encoding/json (the API server's decoder), e.g.
// "invalid character '}' looking for beginning of object key string".
// Linear time, no recursion: nesting is tracked on an explicit stack bounded
// by max_depth.
#ifndef ISC_JSON_PARSER_HH
#define ISC_JSON_PARSER_HH

#include <cstddef>      // size_t
#include <cstdint>      // uint32_t
#include <string>       // string
#include <string_view>  // string_view

#include "json/doc.hh"

namespace isc::detail {

struct JsonError {
  std::string message;  // Go encoding/json wording
  uint32_t pos = 0;     // byte offset of the offending byte
};

struct JsonLimits {
  uint32_t max_depth = 10000;  // encoding/json's maxNestingDepth
};

// Parses one JSON value of `src` starting at byte `*off` (leading whitespace
// skipped) into `doc` (which must be empty: nodes are appended from index 0
// and doc.root is set). On success returns true and sets *off just past the
// value. `doc.src` is set to `src`.
bool parse_json_value(std::string_view src, size_t *off, Doc &doc, JsonError &err,
                      const JsonLimits &limits = {});

// Parses a whole buffer that must hold exactly one JSON value (surrounding
// whitespace allowed), as json.Unmarshal does.
bool parse_json_document(std::string_view src, Doc &doc, JsonError &err, const JsonLimits &limits = {});

// Byte offset of the first non-whitespace byte at or after `off` (JSON
// whitespace: space, tab, CR, LF).
size_t skip_json_space(std::string_view src, size_t off);

// Go's quoting of a single byte in syntax errors: 'x', '\n', '\x01', 'ï'.
std::string go_quote_char(unsigned char c);

}  // namespace isc::detail

#endif  // ISC_JSON_PARSER_HH
