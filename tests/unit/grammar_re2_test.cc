// Differential test of the hand-written grammars against RE2, which runs the
// upstream regular expressions as written (they are RE2 syntax, and RE2 has
// Go's leftmost-first submatch semantics). RE2 is a test-only dependency.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdint>  // uint64_t
#include <cstdio>   // printf
#include <random>   // mt19937_64, uniform_int_distribution
#include <string>   // string
#include <vector>   // vector

#include "grammar/names.hh"
#include "grammar/reference.hh"
#include "rules/messages.hh"

using namespace isc::detail;
namespace m = isc::detail::msg;

namespace {

// library-go internal/reference ReferenceRegexp, as compiled (spec section 3.4).
constexpr const char kReferenceRegexp[] =
    R"(^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+)?(?::[0-9]+)?/)?[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?(?:(?:/[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?)+)?)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}))?$)";

std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      static const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string_view sv(const re2::StringPiece &p) {
  return p.data() == nullptr ? std::string_view() : std::string_view(p.data(), p.size());
}

struct Captures {
  bool matched = false;
  std::string_view name, tag, digest;
};

Captures re2_match(const RE2 &re, std::string_view s) {
  re2::StringPiece in(s.data(), s.size());
  re2::StringPiece n, t, d;
  Captures c;
  // The pattern carries ^ and $; PartialMatch mirrors Go's FindStringSubmatch.
  c.matched = RE2::PartialMatch(in, re, &n, &t, &d);
  if (c.matched) {
    c.name = sv(n);
    c.tag = sv(t);
    c.digest = sv(d);
  }
  return c;
}

// Go's strings.ToLower for the purpose of the lowercase retry: ASCII letters,
// U+0130 -> 'i', U+212A -> 'k'; other bytes are kept (they never match).
std::string go_to_lower(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + ('a' - 'A'));
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

struct OracleRef {
  const char *err = nullptr;
  std::string registry, ns, name, tag, id;
};

// reference.Parse, transcribed step by step on top of RE2.
OracleRef oracle_parse(const RE2 &re, std::string_view s) {
  OracleRef o;
  const Captures c = re2_match(re, s);
  if (!c.matched) {
    if (s.empty()) {
      o.err = m::kRefNameEmpty;
    } else if (re2_match(re, go_to_lower(s)).matched) {
      o.err = m::kRefNameUppercase;
    } else {
      o.err = m::kRefInvalidFormat;
    }
    return o;
  }
  if (c.name.size() > 255) {
    o.err = m::kRefNameTooLong;
    return o;
  }
  if (!c.digest.empty()) {
    const size_t colon = c.digest.find(':');
    const std::string_view alg = c.digest.substr(0, colon);
    const size_t hex = c.digest.size() - colon - 1;
    if (alg != "sha256" && alg != "sha384" && alg != "sha512") {
      o.err = m::kRefDigestUnsupported;
      return o;
    }
    const size_t want = alg == "sha256" ? 64 : alg == "sha384" ? 96 : 128;
    if (hex != want) {
      o.err = m::kRefDigestLength;
      return o;
    }
  }
  const std::string name(c.name);
  const size_t i = name.find('/');
  const bool registry_only =
      i == std::string::npos && (name.find('.') != std::string::npos || name.rfind("localhost", 0) == 0);
  bool name_only = i == std::string::npos && !registry_only;
  name_only = name_only || (i != std::string::npos && name.substr(0, i).find_first_of(":.") == std::string::npos &&
                            name.substr(0, i) != "localhost");
  if (registry_only) {
    // namedRef.String(): name[:tag][@digest]
    o.registry = name;
    if (!c.tag.empty()) o.registry += ":" + std::string(c.tag);
    if (!c.digest.empty()) o.registry += "@" + std::string(c.digest);
  } else if (name_only) {
    o.name = name;
  } else {
    o.registry = name.substr(0, i);
    o.name = name.substr(i + 1);
  }
  if (!registry_only) o.tag = std::string(c.tag);
  o.id = std::string(c.digest);
  const size_t j = o.name.find('/');
  if (j != std::string::npos) {
    o.ns = o.name.substr(0, j);
    o.name = o.name.substr(j + 1);
  }
  return o;
}

// Compares acceptance and captures with RE2, and the whole Parse result with
// the oracle. Returns false (after reporting) on the first difference.
bool compare_one(const RE2 &re, std::string_view s) {
  const Captures want = re2_match(re, s);
  RefCaptures got;
  const bool matched = match_reference_grammar(s, got);
  if (matched != want.matched) {
    ADD_FAILURE() << "acceptance differs (RE2 " << want.matched << ") for \"" << printable(s) << '"';
    return false;
  }
  if (matched && (got.name != want.name || got.tag != want.tag || got.digest != want.digest)) {
    ADD_FAILURE() << "captures differ for \"" << printable(s) << "\": RE2 (" << want.name << " | " << want.tag << " | "
                  << want.digest << ") vs (" << got.name << " | " << got.tag << " | " << got.digest << ")";
    return false;
  }
  const OracleRef o = oracle_parse(re, s);
  ImageRef r;
  const char *err = parse_image_ref(s, r);
  const std::string e1 = err ? err : "";
  const std::string e2 = o.err ? o.err : "";
  if (e1 != e2) {
    ADD_FAILURE() << "error differs for \"" << printable(s) << "\": \"" << e1 << "\" vs oracle \"" << e2 << '"';
    return false;
  }
  if (err == nullptr &&
      (r.registry != o.registry || r.namespace_ != o.ns || r.name != o.name || r.tag != o.tag || r.id != o.id)) {
    ADD_FAILURE() << "decomposition differs for \"" << printable(s) << '"';
    return false;
  }
  return true;
}

const std::string kHex64 = "3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25";

// The inputs of library-go's reference_test.go, plus our own tricky ones.
std::vector<std::string> fixed_inputs() {
  const std::string sha = "sha256:" + kHex64;
  std::vector<std::string> v = {
      "foo",
      "foo:tag",
      sha,
      "foo@" + sha,
      "bar/foo",
      "bar/foo:tag",
      "bar/foo@" + sha,
      "bar/foo/baz",
      "bar/library/baz",
      "bar/foo/baz:tag",
      "bar/foo/baz@" + sha,
      "bar:5000/foo/baz",
      "bar:5000/library/baz",
      "bar:5000/baz",
      "bar:5000/foo/baz:tag",
      "bar:5000/foo/baz@" + sha,
      "myregistry.io/foo",
      "localhost/bar",
      "docker.io/library/myapp",
      "docker.io/myapp",
      "docker.io/user/myapp",
      "docker.io/user/project/myapp",
      "index.docker.io/bar",
      "bar:5000/" + std::string(63, 'a') + "/" + std::string(182, 'b') + ":tag",
      "docker.io/library/" + std::string(231, 'b') + ":tag",
      "docker.io/" + std::string(231, 'b') + ":tag",
      "quay.io",
      "quay.io/org",
      "localhost:5000",
      "localhost:5000/org",
      "wildfly:15.0",
      "bar:5000/" + std::string(63, 'a') + "/" + std::string(183, 'b') + ":tag",
      "docker.io/" + std::string(246, 'b') + ":tag",
      "registry.io/foo/bar/:Tag",
      "https://bar:5000/foo/baz",
      "http://bar:5000/foo/baz@" + sha,
      "registry:3000/integration/imageStream:success",
      "registry:5000/integration/test-image-stream@sha256:00000000000000000000000000000001",
      "abc@badid",
      "index.docker.io/mysql@sha256:bad",
      "@" + sha,
      ":tag",
      "bar/foo/baz/biz",
      "bar/foo/baz////biz",
      "//foo/baz/biz",
      "ftp://baz/baz/biz",
      "",
      // ours
      "a:5000/b",
      "a:5000",
      "a.b:tag",
      "foo.com:5000",
      "localhostfoo",
      "localhostfoo/bar",
      "quay.io@" + sha,
      "a:tag@" + sha,
      "Foo/bar",
      "FOO.io/bar:Tag",
      "a__b",
      "a___b",
      "a---b",
      "a._b",
      "a.b_c-d/e",
      "-a/b",
      "a:1:2/b",
      "a/b:1/c",
      "[::1]:5000/x",
      "a:" + std::string(128, 't'),
      "a:" + std::string(129, 't'),
      "a@SHA256:" + kHex64,
      "a@md5+x.y-z_w:" + std::string(32, '0'),
      "\xc4\xb0mage",
      "\xe2\x84\xaa"
      "ube/x",
      "foo\n",
      "A_B/c",
      "Foo@SHA256:" + kHex64,
  };
  return v;
}

TEST(GrammarRe2, PatternCompiles) {
  RE2 re(kReferenceRegexp);
  ASSERT_TRUE(re.ok()) << re.error();
  EXPECT_EQ(re.NumberOfCapturingGroups(), 3);
}

TEST(GrammarRe2, FixedInputs) {
  RE2 re(kReferenceRegexp);
  ASSERT_TRUE(re.ok()) << re.error();
  for (const std::string &s : fixed_inputs()) EXPECT_TRUE(compare_one(re, s));
}

// Random strings from an alphabet biased towards the grammar: each string is a
// concatenation of tokens (single characters, separators, host and digest
// fragments, long runs near the length limits), and some are mutations of a
// well-formed pull spec so that a good share is accepted.
class RefGen {
 public:
  explicit RefGen(uint64_t seed) : rng_(seed) {}

  std::string next() { return pick(4) == 0 ? mutate(well_formed()) : tokens(1 + pick(14)); }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  char from(std::string_view set) { return set[pick(set.size())]; }

  std::string run(std::string_view set, size_t lo, size_t hi) {
    std::string s;
    const size_t n = lo + pick(hi - lo + 1);
    for (size_t i = 0; i < n; ++i) s += from(set);
    return s;
  }

  std::string hex(size_t lo, size_t hi) {
    return run(pick(5) == 0 ? "0123456789abcdefABCDEF" : "0123456789abcdef", lo, hi);
  }

  std::string token() {
    switch (pick(24)) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        return std::string(1, from("abcxyz0189"));
      case 5:
        return run("abz09", 1, 6);
      case 6:
        return std::string(1, from("ABZ"));
      case 7:
      case 8:
        return std::string(1, from("._-"));
      case 9:
      case 10:
        return "/";
      case 11:
        return ":";
      case 12:
        return "@";
      case 13: {
        static const char *const frag[] = {"__", "--", "---", "._", "-.", "..", "//", "::"};
        return frag[pick(8)];
      }
      case 14: {
        static const char *const words[] = {"localhost",
                                            "docker.io",
                                            "quay.io",
                                            "sha256",
                                            "sha384",
                                            "sha512",
                                            "md5",
                                            "SHA256",
                                            "registry-1.docker.io",
                                            "index.docker.io"};
        return words[pick(10)];
      }
      case 15: {
        static const char *const algs[] = {"sha256:", "sha384:", "sha512:", "md5:", "a+b.c-d_e:", "Sha256:"};
        return std::string(algs[pick(6)]) + hex(31, 130);
      }
      case 16:
        return ":" + run("0123456789", 1, 6);
      case 17:
        return std::string(pick(3) == 0 ? 250 + pick(10) : 1 + pick(20), from("ab0"));  // name length limit
      case 18:
        return ":" + run("aZ09_.-", 120, 135);  // tag length limit
      case 19:
        return "@" + std::string(1, from("sS")) + "ha" + std::to_string(256 + 128 * pick(3)) + ":" + hex(31, 130);
      case 20:
        return run("-", 1, 8);
      case 21: {
        static const char *const odd[] = {"\xc4\xb0", "\xe2\x84\xaa", "\xc3\xa9", " ", "!", "\n", "[", "]",
                                          "%",        "\xff",         "+",        "*"};
        return odd[pick(12)];
      }
      case 22:
        return run("abcdefABCDEF0123456789", 30, 70);
      default:
        return std::string(1, from("abcdefghijklmnopqrstuvwxyz0123456789ABCXYZ._-/:@"));
    }
  }

  std::string tokens(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += token();
    return s;
  }

  std::string component() {
    std::string s = run("abc019", 1, 4);
    for (size_t k = pick(3); k > 0; --k) {
      static const char *const seps[] = {".", "_", "__", "-", "--", ""};
      s += seps[pick(6)];
      s += run("abc019", 1, 4);
    }
    return s;
  }

  std::string well_formed() {
    std::string s;
    if (pick(2) == 0) {
      static const char *const hosts[] = {"localhost", "quay.io", "a-b.C-D.io", "reg", "1.2.3.4", "Host"};
      s += hosts[pick(6)];
      if (pick(2) == 0) s += ":" + run("0123456789", 1, 5);
      s += "/";
    }
    s += component();
    for (size_t k = pick(3); k > 0; --k) s += "/" + component();
    if (pick(2) == 0) s += ":" + run("aZ09_", 1, 1) + run("aZ09_.-", 0, 12);
    if (pick(3) == 0) {
      static const char *const algs[] = {"sha256", "sha512", "sha384", "md5", "x+y"};
      static const size_t lens[] = {64, 128, 96, 32, 40, 31, 65};
      const size_t len = lens[pick(7)];
      s += "@" + std::string(algs[pick(5)]) + ":" + hex(len, len);
    }
    return s;
  }

  std::string mutate(std::string s) {
    for (size_t k = pick(3); k > 0 && !s.empty(); --k) {
      const size_t at = pick(s.size());
      static const std::string_view alphabet = "aA0._-/:@";
      switch (pick(3)) {
        case 0:
          s[at] = from(alphabet);
          break;
        case 1:
          s.insert(at, 1, from(alphabet));
          break;
        default:
          s.erase(at, 1);
          break;
      }
    }
    return s;
  }

  std::mt19937_64 rng_;
};

TEST(GrammarRe2, RandomStringsAgree) {
  RE2 re(kReferenceRegexp);
  ASSERT_TRUE(re.ok()) << re.error();
  RefGen gen(0x15c0f0a11ULL);  // fixed seed: failures reproduce
  constexpr size_t kCount = 250000;
  size_t accepted = 0;
  size_t parsed = 0;
  size_t failures = 0;
  for (size_t i = 0; i < kCount && failures < 20; ++i) {
    const std::string s = gen.next();
    if (!compare_one(re, s)) {
      ++failures;
      continue;
    }
    RefCaptures c;
    if (match_reference_grammar(s, c)) ++accepted;
    ImageRef r;
    if (parse_image_ref(s, r) == nullptr) ++parsed;
  }
  EXPECT_EQ(failures, 0u);
  std::printf("random pull specs: %zu, grammar matches: %zu, parse successes: %zu\n", kCount, accepted, parsed);
  // The generator must keep exercising both sides of the grammar.
  EXPECT_GT(accepted, kCount / 10);
  EXPECT_GT(parsed, kCount / 20);
  EXPECT_LT(accepted, kCount * 9 / 10);
}

// Path components longer than 64 bytes take the 16-bytes-at-a-time check
// (64-byte windows overlapping by two): separators near every window edge,
// "___" across an edge, a bad byte in the last window or in the tail.
TEST(GrammarRe2, LongComponentsAgree) {
  RE2 re(kReferenceRegexp);
  ASSERT_TRUE(re.ok()) << re.error();
  std::mt19937_64 rng(0x10c0);
  const auto pick = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  static const char *const seps[] = {".", "_", "__", "-", "---"};
  static const char *const bad[] = {"___", "._", "-_", "..", "A", "!", "\xc3\xa9", "/", ":"};
  size_t accepted = 0;
  size_t failures = 0;
  for (size_t i = 0; i < 10000 && failures < 20; ++i) {
    const size_t len = 60 + pick(400);
    std::string s = "a";
    while (s.size() < len) {
      s += pick(600) == 0 ? bad[pick(sizeof bad / sizeof *bad)] : seps[pick(sizeof seps / sizeof *seps)];
      s += "ab0";
    }
    // Force a separator pair onto a window edge (62k - 1, 62k) now and then.
    if (pick(2) == 0) {
      const size_t at = 62 * (1 + pick(s.size() / 62)) - 1;
      if (at + 1 < s.size()) {
        static const char *const pairs[] = {"__", "--", "._", "-.", "_-"};
        s.replace(at, 2, pairs[pick(5)]);
      }
    }
    if (pick(3) == 0) s = "quay.io/ns/" + s + ":v1";
    if (!compare_one(re, s)) ++failures;
    RefCaptures c;
    if (match_reference_grammar(s, c)) ++accepted;
  }
  EXPECT_EQ(failures, 0u);
  EXPECT_GT(accepted, 250u);  // both sides are exercised
  EXPECT_LT(accepted, 9750u);
}


TEST(GrammarRe2, NameGrammarsAgree) {
  RE2 label(R"(^[a-z0-9]([-a-z0-9]*[a-z0-9])?$)");
  RE2 subdomain(R"(^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)");
  RE2 qualified(R"(^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$)");
  RE2 label_value_re(R"(^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$)");
  RE2 component(R"(^[a-z0-9]+(?:[._-][a-z0-9]+)*$)");
  for (const RE2 *re : {&label, &subdomain, &qualified, &label_value_re, &component}) ASSERT_TRUE(re->ok());

  std::mt19937_64 rng(42);
  const std::string alphabet = "ab09AZ-._/ %";
  for (size_t i = 0; i < 60000; ++i) {
    std::string s;
    const size_t n = std::uniform_int_distribution<size_t>(0, 12)(rng);
    for (size_t k = 0; k < n; ++k) s += alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
    SCOPED_TRACE("input: \"" + printable(s) + "\"");

    const bool is_label = RE2::PartialMatch(s, label);
    const bool is_sub = RE2::PartialMatch(s, subdomain);
    Msgs dl;
    dns1123_label(s, dl);
    ASSERT_EQ(dl.empty(), is_label);
    if (!is_label) {
      ASSERT_STREQ(dl.m[dl.n - 1], is_sub ? m::kNotDns1123LabelDots : m::kDns1123Label);
    }
    ASSERT_EQ(is_dns1123_subdomain(s), is_sub);
    ASSERT_EQ(is_repository_component(s), RE2::PartialMatch(s, component));

    Msgs lv;
    label_value(s, lv);
    ASSERT_EQ(lv.empty(), RE2::PartialMatch(s, label_value_re));

    // IsQualifiedName, transcribed on top of RE2.
    std::vector<std::string> want;
    const size_t slash = s.find('/');
    std::string name = s;
    bool multi = false;
    if (slash != std::string::npos) {
      if (s.find('/', slash + 1) != std::string::npos) {
        want.push_back(m::kQualifiedNameMultiSlash);
        multi = true;
      } else {
        const std::string prefix = s.substr(0, slash);
        name = s.substr(slash + 1);
        if (prefix.empty()) {
          want.push_back(m::kPrefixNonEmpty);
        } else if (!RE2::PartialMatch(prefix, subdomain)) {
          want.push_back(m::kPrefixDns1123Subdomain);
        }
      }
    }
    if (!multi) {
      if (name.empty()) want.push_back(m::kNamePartNonEmpty);
      if (!RE2::PartialMatch(name, qualified)) want.push_back(m::kNamePartFormat);
    }
    Msgs qn;
    qualified_name(s, qn);
    ASSERT_EQ(std::vector<std::string>(qn.m, qn.m + qn.n), want);
  }
}

}  // namespace
