// Name grammars of spec §3.1-§3.3: image stream names, path segments,
// DNS-1123 labels, qualified names and label values. Each function appends
// the upstream message details, in upstream order, to `out` (static strings
// from rules/messages.hh). Linear time.
#ifndef ISC_GRAMMAR_NAMES_HH
#define ISC_GRAMMAR_NAMES_HH

#include <cstddef>      // size_t
#include <string_view>  // string_view

namespace isc::detail {

struct Msgs {
  const char *m[8];
  size_t n = 0;
  void add(const char *s) {
    if (n < 8) m[n++] = s;
  }
  [[nodiscard]] bool empty() const { return n == 0; }
};

// path.ValidatePathSegmentName(name, prefix).
void path_segment_name(std::string_view s, bool prefix, Msgs &out);
// validation.ValidateImageStreamName(name, prefix): path segment, then the
// repository component regex.
void image_stream_name(std::string_view s, bool prefix, Msgs &out);
// IsDNS1123Label (namespace names).
void dns1123_label(std::string_view s, Msgs &out);
// IsDNS1123Subdomain.
bool is_dns1123_subdomain(std::string_view s);
// IsQualifiedName (label keys, annotation keys, finalizers).
void qualified_name(std::string_view s, Msgs &out);
// IsValidLabelValue.
void label_value(std::string_view s, Msgs &out);
// ^[a-z0-9]+(?:[._-][a-z0-9]+)*$
bool is_repository_component(std::string_view s);

}  // namespace isc::detail

#endif  // ISC_GRAMMAR_NAMES_HH
