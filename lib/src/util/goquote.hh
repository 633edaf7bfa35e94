// Go value renderings that end up in the API server's messages.
#ifndef ISC_UTIL_GOQUOTE_HH
#define ISC_UTIL_GOQUOTE_HH

#include <cstdint>      // uint32_t
#include <string>       // string
#include <string_view>  // string_view

namespace isc::detail {

// Go's strconv.Quote (the %q verb): "a\"b", "\x00", "\u00a0".
void append_go_quote(std::string &out, std::string_view s);
inline std::string go_quote(std::string_view s) {
  std::string out;
  append_go_quote(out, s);
  return out;
}

// Go's unicode.IsPrint (strconv.IsPrint) with the Unicode 15.0.0 tables of
// the Go the API server is built with.
bool go_is_print(uint32_t cp);

// Go's strings.ToLower as far as the ASCII grammars that check its result
// (qualified names, pull specs) can tell: the lowered bytes' length and which
// of them are ASCII. ASCII letters are lowered; an invalid UTF-8 byte becomes
// U+FFFD (three bytes), as strings.Map writes it; a rune whose lower case has
// another UTF-8 length (U+0130 -> 'i', U+212A -> 'k' and 23 more, the same
// in Go 1.19 and in Unicode 15.0.0) becomes that lower case; any other
// non-ASCII rune keeps its bytes (its lower case is as long and as
// non-ASCII). Returns s itself when it is ASCII without upper case, else the
// result in buf.
std::string_view go_to_lower(std::string_view s, std::string &buf);

// encoding/json's rendering of a string (used for named string types such as
// TagReferencePolicyType): "A\u0026B".
std::string go_json_quote(std::string_view s);

}  // namespace isc::detail

#endif  // ISC_UTIL_GOQUOTE_HH
