// The pull-spec grammar alone (lib/src/grammar/reference.hh, whitelist.hh):
// parse_image_ref, match_reference_grammar, the Exact/String renderings,
// canonical_repository and the registry allow-list.
//
// Input: the pull spec. When it holds a '\n', the text before the first one
// is also used as an allow-list entry (domainName) for the part after it.
// Oracles:
// - with RE2 (ISC_FUZZ_HAVE_RE2), library-go's regular expression run by RE2
//   decides acceptance and the three captures, and reference.Parse
//   transcribed on top of it gives the error or the decomposition;
// - parse_image_ref and match_reference_grammar agree, and every view points
//   into the input;
// - an allow-list of "*:*" admits every reference, and a repository allowed
//   with allow_repository is admitted on every transport.
#include <cstdint>      // uint8_t
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "fuzz_helpers.hh"
#include "grammar/reference.hh"
#include "grammar/whitelist.hh"
#include "rules/messages.hh"

#ifdef ISC_FUZZ_HAVE_RE2
#include <re2/re2.h>
#endif

using namespace isc::detail;
using isc_fuzz::printable;

namespace {

bool inside(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

#ifdef ISC_FUZZ_HAVE_RE2
// library-go internal/reference ReferenceRegexp, as compiled (spec section 3.4).
constexpr char kReferenceRegexp[] =
    R"(^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+)?(?::[0-9]+)?/)?[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?(?:(?:/[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?)+)?)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}))?$)";

struct Re2Match {
  bool matched = false;
  std::string name, tag, digest;
};

Re2Match re2_match(const RE2 &re, std::string_view s) {
  re2::StringPiece in(s.data(), s.size());
  re2::StringPiece n, t, d;
  Re2Match m;
  m.matched = RE2::PartialMatch(in, re, &n, &t, &d);  // the pattern is anchored, like Go's FindStringSubmatch
  if (m.matched) {
    m.name.assign(n.data() ? n.data() : "", n.size());
    m.tag.assign(t.data() ? t.data() : "", t.size());
    m.digest.assign(d.data() ? d.data() : "", d.size());
  }
  return m;
}

// strings.ToLower as far as matching can tell: ASCII letters, U+0130 -> 'i',
// U+212A -> 'k'; every other byte is kept (it cannot match either way).
std::string go_to_lower(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (s.compare(i, 2, "\xc4\xb0") == 0) {
      out += 'i';
      i += 1;
    } else if (s.compare(i, 3, "\xe2\x84\xaa") == 0) {
      out += 'k';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// library-go reference.Parse on top of the regular expression.
struct Expected {
  const char *err = nullptr;
  std::string registry, ns, name, tag, id;
};

Expected oracle_parse(const RE2 &re, std::string_view s) {
  namespace m = msg;
  Expected o;
  const Re2Match c = re2_match(re, s);
  if (!c.matched) {
    if (s.empty()) o.err = m::kRefNameEmpty;
    else if (re2_match(re, go_to_lower(s)).matched) o.err = m::kRefNameUppercase;
    else o.err = m::kRefInvalidFormat;
    return o;
  }
  if (c.name.size() > 255) {
    o.err = m::kRefNameTooLong;
    return o;
  }
  if (!c.digest.empty()) {
    const size_t colon = c.digest.find(':');
    const std::string alg = c.digest.substr(0, colon);
    const size_t hex = c.digest.size() - colon - 1;
    if (alg != "sha256" && alg != "sha384" && alg != "sha512") {
      o.err = m::kRefDigestUnsupported;
      return o;
    }
    if (hex != (alg == "sha256" ? 64u : alg == "sha384" ? 96u : 128u)) {
      o.err = m::kRefDigestLength;
      return o;
    }
  }
  const std::string &name = c.name;
  const size_t i = name.find('/');
  const bool registry_only =
      i == std::string::npos && (name.find('.') != std::string::npos || name.rfind("localhost", 0) == 0);
  const bool name_only = (i == std::string::npos && !registry_only) ||
                         (i != std::string::npos && name.substr(0, i).find_first_of(":.") == std::string::npos &&
                          name.substr(0, i) != "localhost");
  if (registry_only) {
    o.registry = name;
    if (!c.tag.empty()) o.registry += ":" + c.tag;
    if (!c.digest.empty()) o.registry += "@" + c.digest;
  } else if (name_only) {
    o.name = name;
  } else {
    o.registry = name.substr(0, i);
    o.name = name.substr(i + 1);
  }
  if (!registry_only) o.tag = c.tag;
  o.id = c.digest;
  const size_t j = o.name.find('/');
  if (j != std::string::npos) {
    o.ns = o.name.substr(0, j);
    o.name = o.name.substr(j + 1);
  }
  return o;
}

void check_against_re2(std::string_view s) {
  static const RE2 re(kReferenceRegexp);
  FUZZ_ASSERT_MSG(re.ok(), "the reference regexp does not compile: %s", re.error().c_str());
  const Re2Match want = re2_match(re, s);
  RefCaptures got;
  const bool matched = match_reference_grammar(s, got);
  FUZZ_ASSERT_MSG(matched == want.matched, "acceptance differs from RE2 (RE2 says %d) for \"%s\"", want.matched,
                  printable(s).c_str());
  if (matched) {
    FUZZ_ASSERT_MSG(got.name == want.name && got.tag == want.tag && got.digest == want.digest,
                    "captures differ for \"%s\": RE2 (%s | %s | %s), ours (%s | %s | %s)", printable(s).c_str(),
                    want.name.c_str(), want.tag.c_str(), want.digest.c_str(), std::string(got.name).c_str(),
                    std::string(got.tag).c_str(), std::string(got.digest).c_str());
  }
  const Expected o = oracle_parse(re, s);
  ImageRef r;
  const char *err = parse_image_ref(s, r);
  const std::string e1 = err ? err : "", e2 = o.err ? o.err : "";
  FUZZ_ASSERT_MSG(e1 == e2, "error differs for \"%s\": \"%s\" vs reference.Parse \"%s\"", printable(s).c_str(),
                  e1.c_str(), e2.c_str());
  if (!err) {
    FUZZ_ASSERT_MSG(r.registry == o.registry && r.namespace_ == o.ns && r.name == o.name && r.tag == o.tag &&
                        r.id == o.id,
                    "decomposition differs for \"%s\": (%s | %s | %s | %s | %s) vs reference.Parse (%s | %s | %s | "
                    "%s | %s)",
                    printable(s).c_str(), std::string(r.registry).c_str(), std::string(r.namespace_).c_str(),
                    std::string(r.name).c_str(), std::string(r.tag).c_str(), std::string(r.id).c_str(),
                    o.registry.c_str(), o.ns.c_str(), o.name.c_str(), o.tag.c_str(), o.id.c_str());
  }
}
#endif  // ISC_FUZZ_HAVE_RE2

void check_one(std::string_view s, std::string_view domain) {
#ifdef ISC_FUZZ_HAVE_RE2
  // RE2's cost grows with the captures of long inputs; specs are short.
  if (s.size() <= 4096) check_against_re2(s);
#endif
  RefCaptures cap;
  const bool matched = match_reference_grammar(s, cap);
  if (matched) {
    FUZZ_ASSERT_MSG(!cap.name.empty() && inside(cap.name, s) && inside(cap.tag, s) && inside(cap.digest, s),
                    "captures outside the input \"%s\"", printable(s).c_str());
  }
  ImageRef r;
  const char *err = parse_image_ref(s, r);
  FUZZ_ASSERT_MSG(!err || !matched || std::string_view(err) == msg::kRefNameTooLong ||
                      std::string_view(err) == msg::kRefDigestUnsupported ||
                      std::string_view(err) == msg::kRefDigestLength,
                  "a grammar match fails to parse with \"%s\": \"%s\"", err, printable(s).c_str());
  if (err) {
    FUZZ_ASSERT_MSG(matched || std::string_view(err) == msg::kRefNameEmpty ||
                        std::string_view(err) == msg::kRefNameUppercase ||
                        std::string_view(err) == msg::kRefInvalidFormat,
                    "a grammar mismatch fails with \"%s\": \"%s\"", err, printable(s).c_str());
    return;
  }
  FUZZ_ASSERT_MSG(matched, "parsed without a grammar match: \"%s\"", printable(s).c_str());
  FUZZ_ASSERT_MSG(inside(r.registry, s) && inside(r.namespace_, s) && inside(r.name, s) && inside(r.tag, s) &&
                      inside(r.id, s),
                  "views outside the input \"%s\"", printable(s).c_str());
  (void)image_ref_exact(r);
  (void)image_ref_string(r);
  (void)canonical_repository(r);

  static const Whitelister any({{"*:*", false}}, "");
  static const Whitelister fixed({{"quay.io", false},
                                  {"*.example.com:5000", true},
                                  {"registry-1.docker.io", false},
                                  {"localhost:*", true},
                                  {"[::1]:5000", false},
                                  {"d?cker.io", false},
                                  {"a:b:c", false}},
                                 "image-registry.openshift-image-registry.svc:5000");
  for (Transport t : {Transport::Secure, Transport::Insecure, Transport::Any}) {
    const std::string a = any.admit(r, t);
    FUZZ_ASSERT_MSG(a.empty(), "\"*:*\" refuses \"%s\": %s", printable(s).c_str(), a.c_str());
    (void)fixed.admit(r, t);
  }
  Whitelister grown = fixed;
  grown.allow_repository(s);
  for (Transport t : {Transport::Secure, Transport::Insecure, Transport::Any}) {
    const std::string a = grown.admit(r, t);
    FUZZ_ASSERT_MSG(a.empty(), "an allowed repository is refused for \"%s\": %s", printable(s).c_str(), a.c_str());
  }
  if (!domain.empty()) {
    const Whitelister w({{std::string(domain), false}}, "");
    for (Transport t : {Transport::Secure, Transport::Insecure, Transport::Any}) (void)w.admit(r, t);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view in(size ? reinterpret_cast<const char *>(data) : "", size);
  check_one(in, {});
  const size_t nl = in.find('\n');
  if (nl != std::string_view::npos) check_one(in.substr(nl + 1), in.substr(0, nl));
  return 0;
}
