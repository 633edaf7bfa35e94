// The name grammars alone (lib/src/grammar/names.hh): image stream names and
// their generateName prefixes, path segments, DNS-1123 labels and
// subdomains, qualified names (label, annotation keys, finalizers), label
// values and repository components.
//
// Input: the name. Oracles: each function is checked against
// k8s.io/apimachinery's validation code transcribed on top of its regular
// expressions run by RE2 (ISC_FUZZ_HAVE_RE2): the same messages in the same
// order. Without RE2 only the structural invariants (no NULL message, no
// message for the examples the upstream messages quote) are checked.
#include <cstdint>      // uint8_t
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "fuzz_helpers.hh"
#include "grammar/names.hh"
#include "rules/messages.hh"

#ifdef ISC_FUZZ_HAVE_RE2
#include <re2/re2.h>
#endif

using namespace isc::detail;
using isc_fuzz::printable;

namespace {

std::vector<std::string> list(const Msgs &m) {
  std::vector<std::string> v;
  for (size_t i = 0; i < m.n; ++i) {
    FUZZ_ASSERT(m.m[i] != nullptr);
    v.emplace_back(m.m[i]);
  }
  return v;
}

std::string join(const std::vector<std::string> &v) {
  std::string s;
  for (const auto &x : v) s += "\n    " + x;
  return s;
}

void expect(const char *what, std::string_view s, const std::vector<std::string> &got,
            const std::vector<std::string> &want) {
  FUZZ_ASSERT_MSG(got == want, "%s(\"%s\") differs:\n  got:%s\n  upstream:%s", what, printable(s).c_str(),
                  join(got).c_str(), join(want).c_str());
}

#ifdef ISC_FUZZ_HAVE_RE2
bool full(const RE2 &re, std::string_view s) { return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), re); }

const RE2 &label_re() {
  static const RE2 re("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  return re;
}
const RE2 &subdomain_re() {
  static const RE2 re(R"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)");
  return re;
}
const RE2 &qualified_re() {
  static const RE2 re("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  return re;
}
const RE2 &label_value_re() {
  static const RE2 re("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  return re;
}
const RE2 &component_re() {
  static const RE2 re("[a-z0-9]+(?:[._-][a-z0-9]+)*");
  return re;
}

// validation.IsDNS1123Label.
std::vector<std::string> up_dns1123_label(std::string_view s) {
  std::vector<std::string> e;
  if (s.size() > 63) e.emplace_back(msg::kMaxLen63);
  if (!full(label_re(), s)) e.emplace_back(full(subdomain_re(), s) ? msg::kNotDns1123LabelDots : msg::kDns1123Label);
  return e;
}

// validation.IsQualifiedName.
std::vector<std::string> up_qualified_name(std::string_view s) {
  std::vector<std::string> e;
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    const size_t slash = s.find('/', start);
    parts.push_back(s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string_view name;
  if (parts.size() == 1) {
    name = parts[0];
  } else if (parts.size() == 2) {
    const std::string_view prefix = parts[0];
    name = parts[1];
    if (prefix.empty()) {
      e.emplace_back(msg::kPrefixNonEmpty);
    } else {
      if (prefix.size() > 253) e.emplace_back(msg::kPrefixTooLong);
      if (!full(subdomain_re(), prefix)) e.emplace_back(msg::kPrefixDns1123Subdomain);
    }
  } else {
    e.emplace_back(msg::kQualifiedNameMultiSlash);
    return e;
  }
  if (name.empty()) e.emplace_back(msg::kNamePartNonEmpty);
  else if (name.size() > 63) e.emplace_back(msg::kNamePartTooLong);
  if (!full(qualified_re(), name)) e.emplace_back(msg::kNamePartFormat);
  return e;
}

// validation.IsValidLabelValue.
std::vector<std::string> up_label_value(std::string_view s) {
  std::vector<std::string> e;
  if (s.size() > 63) e.emplace_back(msg::kMaxLen63);
  if (!full(label_value_re(), s)) e.emplace_back(msg::kLabelValueFormat);
  return e;
}

// path.ValidatePathSegmentName (IsValidPathSegmentName / Prefix).
std::vector<std::string> up_path_segment(std::string_view s, bool prefix) {
  std::vector<std::string> e;
  if (!prefix) {
    if (s == ".") return {msg::kMayNotBeDot};
    if (s == "..") return {msg::kMayNotBeDotDot};
  }
  if (s.find('/') != std::string_view::npos) e.emplace_back(msg::kMayNotContainSlash);
  if (s.find('%') != std::string_view::npos) e.emplace_back(msg::kMayNotContainPercent);
  return e;
}

// openshift-apiserver ValidateImageStreamName.
std::vector<std::string> up_image_stream_name(std::string_view s, bool prefix) {
  std::vector<std::string> e = up_path_segment(s, prefix);
  if (!e.empty()) return e;
  if (!full(component_re(), s)) e.emplace_back(msg::kStreamNameMustMatch);
  return e;
}
#endif  // ISC_FUZZ_HAVE_RE2

void check(std::string_view s) {
  for (bool prefix : {false, true}) {
    Msgs seg;
    path_segment_name(s, prefix, seg);
    Msgs isn;
    image_stream_name(s, prefix, isn);
#ifdef ISC_FUZZ_HAVE_RE2
    expect(prefix ? "path_segment_name(prefix)" : "path_segment_name", s, list(seg), up_path_segment(s, prefix));
    expect(prefix ? "image_stream_name(prefix)" : "image_stream_name", s, list(isn), up_image_stream_name(s, prefix));
#else
    (void)list(seg);
    (void)list(isn);
#endif
  }
  Msgs label;
  dns1123_label(s, label);
  Msgs qn;
  qualified_name(s, qn);
  Msgs lv;
  label_value(s, lv);
  const bool sub = is_dns1123_subdomain(s);
  const bool comp = is_repository_component(s);
  // A label is a subdomain; a repository component without '.' or '_' is a label.
  FUZZ_ASSERT_MSG(!label.empty() || sub, "a DNS-1123 label that is no subdomain: \"%s\"", printable(s).c_str());
  if (comp && s.size() <= 63 && s.find_first_of("._") == std::string_view::npos) {
    FUZZ_ASSERT_MSG(label.empty(), "a repository component without '.' or '_' that is no label: \"%s\"",
                    printable(s).c_str());
  }
#ifdef ISC_FUZZ_HAVE_RE2
  expect("dns1123_label", s, list(label), up_dns1123_label(s));
  expect("qualified_name", s, list(qn), up_qualified_name(s));
  expect("label_value", s, list(lv), up_label_value(s));
  FUZZ_ASSERT_MSG(sub == (s.size() <= 253 && full(subdomain_re(), s)), "is_dns1123_subdomain(\"%s\") = %d",
                  printable(s).c_str(), sub);
  FUZZ_ASSERT_MSG(comp == full(component_re(), s), "is_repository_component(\"%s\") = %d", printable(s).c_str(),
                  comp);
#else
  (void)list(qn);
  (void)list(lv);
#endif
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view in(size ? reinterpret_cast<const char *>(data) : "", size);
  check(in);
  return 0;
}
