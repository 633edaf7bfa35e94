// Name grammars (spec sections 3.1-3.3). The upstream regular expressions are small
// and anchored; each is written out as a scan so that no regex engine is
// needed. Messages and their order follow k8s.io/apimachinery v0.34.1
// (pkg/util/validation/validation.go, pkg/api/validation/path/name.go) and
// openshift-apiserver's ValidateImageStreamName.
#include "grammar/names.hh"

#include "rules/messages.hh"

namespace isc::detail {

namespace {

constexpr size_t kDns1123LabelMaxLength = 63;
constexpr size_t kDns1123SubdomainMaxLength = 253;
constexpr size_t kQualifiedNameMaxLength = 63;
constexpr size_t kLabelValueMaxLength = 63;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
bool matches_dns1123_label(std::string_view s) {
  if (s.empty() || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_lower_alnum(c) && c != '-') return false;
  }
  return true;
}

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
bool matches_dns1123_subdomain(std::string_view s) {
  for (;;) {
    const size_t dot = s.find('.');
    if (!matches_dns1123_label(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s = s.substr(dot + 1);
  }
}

// ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$
bool matches_qualified_name(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

}  // namespace

void path_segment_name(std::string_view s, bool prefix, Msgs &out) {
  namespace m = msg;
  // Exact matches with "." and ".." are reported alone; a prefix can still
  // become valid by what gets appended, so it skips them.
  if (!prefix) {
    if (s == ".") {
      out.add(m::kMayNotBeDot);
      return;
    }
    if (s == "..") {
      out.add(m::kMayNotBeDotDot);
      return;
    }
  }
  if (s.find('/') != std::string_view::npos) out.add(m::kMayNotContainSlash);
  if (s.find('%') != std::string_view::npos) out.add(m::kMayNotContainPercent);
}

void image_stream_name(std::string_view s, bool prefix, Msgs &out) {
  Msgs segment;
  path_segment_name(s, prefix, segment);
  if (!segment.empty()) {
    for (size_t i = 0; i < segment.n; ++i) out.add(segment.m[i]);
    return;
  }
  // Applied to a generateName too, so a trailing separator ("foo-") fails.
  if (!is_repository_component(s)) out.add(msg::kStreamNameMustMatch);
}

void dns1123_label(std::string_view s, Msgs &out) {
  if (s.size() > kDns1123LabelMaxLength) out.add(msg::kMaxLen63);
  if (!matches_dns1123_label(s)) {
    // A valid subdomain that is no label can only be one with dots (the
    // length was reported above).
    out.add(matches_dns1123_subdomain(s) ? msg::kNotDns1123LabelDots : msg::kDns1123Label);
  }
}

bool is_dns1123_subdomain(std::string_view s) {
  return s.size() <= kDns1123SubdomainMaxLength && matches_dns1123_subdomain(s);
}

void qualified_name(std::string_view s, Msgs &out) {
  namespace m = msg;
  std::string_view name = s;
  const size_t slash = s.find('/');
  if (slash != std::string_view::npos) {
    if (s.find('/', slash + 1) != std::string_view::npos) {
      out.add(m::kQualifiedNameMultiSlash);
      return;
    }
    const std::string_view prefix = s.substr(0, slash);
    name = s.substr(slash + 1);
    if (prefix.empty()) {
      out.add(m::kPrefixNonEmpty);
    } else {
      // IsDNS1123Subdomain: length and syntax are reported independently.
      if (prefix.size() > kDns1123SubdomainMaxLength) out.add(m::kPrefixTooLong);
      if (!matches_dns1123_subdomain(prefix)) out.add(m::kPrefixDns1123Subdomain);
    }
  }
  if (name.empty()) {
    out.add(m::kNamePartNonEmpty);
  } else if (name.size() > kQualifiedNameMaxLength) {
    out.add(m::kNamePartTooLong);
  }
  // Checked even when empty, so "" and "example.com/" get both messages.
  if (!matches_qualified_name(name)) out.add(m::kNamePartFormat);
}

void label_value(std::string_view s, Msgs &out) {
  if (s.size() > kLabelValueMaxLength) out.add(msg::kMaxLen63);
  // ^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$ : the qualified-name body or empty.
  if (!s.empty() && !matches_qualified_name(s)) out.add(msg::kLabelValueFormat);
}

bool is_repository_component(std::string_view s) {
  // [a-z0-9]+ runs joined by exactly one of '.', '_', '-'.
  bool after_separator = true;  // also rejects a leading separator and ""
  for (char c : s) {
    if (is_lower_alnum(c)) {
      after_separator = false;
    } else if ((c == '.' || c == '_' || c == '-') && !after_separator) {
      after_separator = true;
    } else {
      return false;
    }
  }
  return !after_separator;
}

}  // namespace isc::detail
