// Grammar module: pull spec parsing (library-go reference.Parse), name
// grammars (apimachinery v0.34.1) and the registry allow-list
// (openshift-apiserver whitelister.go). Upstream test tables are ported with
// exact expected messages; the RE2 differential test is grammar_re2_test.cc.
#include <gtest/gtest.h>

#include <initializer_list>  // initializer_list
#include <string>            // string
#include <utility>           // move, pair
#include <vector>            // vector

#include "grammar/names.hh"
#include "grammar/reference.hh"
#include "grammar/whitelist.hh"
#include "rules/messages.hh"
#include "util/goquote.hh"

using namespace isc::detail;
namespace m = isc::detail::msg;

namespace {

std::string rep(const char *s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kHex64 = "3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25";
const std::string kSha = "sha256:" + kHex64;

struct RefCase {
  std::string from;
  std::string registry, ns, name, tag, id;
  const char *err = nullptr;  // expected error text, nullptr when it parses
};

RefCase ok(std::string from, std::string registry, std::string ns, std::string name, std::string tag = "",
           std::string id = "") {
  RefCase c;
  c.from = std::move(from);
  c.registry = std::move(registry);
  c.ns = std::move(ns);
  c.name = std::move(name);
  c.tag = std::move(tag);
  c.id = std::move(id);
  return c;
}

RefCase bad(std::string from, const char *err) {
  RefCase c;
  c.from = std::move(from);
  c.err = err;
  return c;
}

void check_ref_cases(const std::vector<RefCase> &cases) {
  for (const RefCase &c : cases) {
    SCOPED_TRACE("input: \"" + c.from + "\"");
    ImageRef r;
    const char *err = parse_image_ref(c.from, r);
    if (c.err != nullptr) {
      ASSERT_NE(err, nullptr) << "expected error " << c.err;
      EXPECT_STREQ(err, c.err);
      continue;
    }
    ASSERT_EQ(err, nullptr) << "unexpected error " << err;
    EXPECT_EQ(r.registry, c.registry);
    EXPECT_EQ(r.namespace_, c.ns);
    EXPECT_EQ(r.name, c.name);
    EXPECT_EQ(r.tag, c.tag);
    EXPECT_EQ(r.id, c.id);
  }
}

std::vector<std::string> msgs_of(const Msgs &m) { return std::vector<std::string>(m.m, m.m + m.n); }

using Strs = std::vector<std::string>;

}  // namespace

// ---------------------------------------------------------------------------
// Pull specs

// Every case of library-go pkg/image/reference/reference_test.go TestParse;
// the error cases there only say "Err: true", the texts are ours.
TEST(GrammarReference, UpstreamParseTable) {
  check_ref_cases({
      ok("foo", "", "", "foo"),
      ok("foo:tag", "", "", "foo", "tag"),
      ok(kSha, "", "", "sha256", kHex64),
      ok("foo@" + kSha, "", "", "foo", "", kSha),
      ok("bar/foo", "", "bar", "foo"),
      ok("bar/foo:tag", "", "bar", "foo", "tag"),
      ok("bar/foo@" + kSha, "", "bar", "foo", "", kSha),
      ok("bar/foo/baz", "", "bar", "foo/baz"),
      ok("bar/library/baz", "", "bar", "library/baz"),
      ok("bar/foo/baz:tag", "", "bar", "foo/baz", "tag"),
      ok("bar/foo/baz@" + kSha, "", "bar", "foo/baz", "", kSha),
      ok("bar:5000/foo/baz", "bar:5000", "foo", "baz"),
      ok("bar:5000/library/baz", "bar:5000", "library", "baz"),
      ok("bar:5000/baz", "bar:5000", "", "baz"),
      ok("bar:5000/foo/baz:tag", "bar:5000", "foo", "baz", "tag"),
      ok("bar:5000/foo/baz@" + kSha, "bar:5000", "foo", "baz", "", kSha),
      ok("myregistry.io/foo", "myregistry.io", "", "foo"),
      ok("localhost/bar", "localhost", "", "bar"),
      ok("docker.io/library/myapp", "docker.io", "library", "myapp"),
      ok("docker.io/myapp", "docker.io", "", "myapp"),
      ok("docker.io/user/myapp", "docker.io", "user", "myapp"),
      ok("docker.io/user/project/myapp", "docker.io", "user", "project/myapp"),
      ok("index.docker.io/bar", "index.docker.io", "", "bar"),
      // registry/namespace/name == 255 chars
      ok("bar:5000/" + rep("a", 63) + "/" + rep("b", 182) + ":tag", "bar:5000", rep("a", 63), rep("b", 182), "tag"),
      ok("docker.io/library/" + rep("b", 231) + ":tag", "docker.io", "library", rep("b", 231), "tag"),
      ok("docker.io/" + rep("b", 231) + ":tag", "docker.io", "", rep("b", 231), "tag"),
      ok("quay.io", "quay.io", "", ""),
      ok("quay.io/org", "quay.io", "", "org"),
      ok("localhost:5000", "localhost:5000", "", ""),
      ok("localhost:5000/org", "localhost:5000", "", "org"),
      ok("wildfly:15.0", "", "", "wildfly", "15.0"),
      // registry/namespace/name > 255 chars
      bad("bar:5000/" + rep("a", 63) + "/" + rep("b", 183) + ":tag", m::kRefNameTooLong),
      bad("docker.io/" + rep("b", 246) + ":tag", m::kRefNameTooLong),
      bad("registry.io/foo/bar/:Tag", m::kRefInvalidFormat),
      bad("https://bar:5000/foo/baz", m::kRefInvalidFormat),
      bad("http://bar:5000/foo/baz@" + kSha, m::kRefInvalidFormat),
      bad("registry:3000/integration/imageStream:success", m::kRefNameUppercase),
      bad("registry:5000/integration/test-image-stream@sha256:00000000000000000000000000000001", m::kRefDigestLength),
      bad("abc@badid", m::kRefInvalidFormat),
      bad("index.docker.io/mysql@sha256:bad", m::kRefInvalidFormat),
      bad("@" + kSha, m::kRefInvalidFormat),
      bad(":tag", m::kRefInvalidFormat),
      ok("bar/foo/baz/biz", "", "bar", "foo/baz/biz"),
      bad("bar/foo/baz////biz", m::kRefInvalidFormat),
      bad("//foo/baz/biz", m::kRefInvalidFormat),
      bad("ftp://baz/baz/biz", m::kRefInvalidFormat),
      bad("", m::kRefNameEmpty),
  });
}

// Strings where the regex's optional host and tag make the split look
// ambiguous; the decomposition follows reference.Parse.
TEST(GrammarReference, HostTagAndRegistryOnlySplits) {
  check_ref_cases({
      ok("a:5000/b", "a:5000", "", "b"),
      ok("a:5000", "", "", "a", "5000"),  // no '.', not localhost: a name with a tag
      ok("a.b:tag", "a.b:tag", "", ""),   // registry-only: the whole input, no tag
      ok("foo.com:5000", "foo.com:5000", "", ""),
      ok("localhost", "localhost", "", ""),
      ok("localhostfoo", "localhostfoo", "", ""),                  // HasPrefix("localhost")
      ok("localhostfoo/bar", "", "localhostfoo", "bar"),           // first segment is not a registry
      ok("quay.io@" + kSha, "quay.io@" + kSha, "", "", "", kSha),  // registry-only keeps the ID
      ok("quay.io:v1@" + kSha, "quay.io:v1@" + kSha, "", "", "", kSha),
      ok("a:tag@" + kSha, "", "", "a", "tag", kSha),
      ok("host.io:5000/ns/sub/name:t-1.x_@" + kSha, "host.io:5000", "ns", "sub/name", "t-1.x_", kSha),
      ok("1.2.3.4:5000/x", "1.2.3.4:5000", "", "x"),
      ok("a.b.c:99999999/x", "a.b.c:99999999", "", "x"),
      ok("a--b.c/d", "a--b.c", "", "d"),
      // Upper case is allowed in a host; without '.'/':' it is still no registry.
      ok("Foo/bar", "", "Foo", "bar"),
      ok("FOO.io/bar:Tag", "FOO.io", "", "bar", "Tag"),
      ok("foo:Tag_1", "", "", "foo", "Tag_1"),
      ok("foo:_x", "", "", "foo", "_x"),
      // Path component separators: '.', '_', '__', or any run of '-'.
      ok("a__b", "", "", "a__b"),
      ok("a---b", "", "", "a---b"),
      ok("a.b_c-d/e", "a.b_c-d", "", "e"),  // a path component but also contains '.': a registry
      ok("ab_c-d/e", "", "ab_c-d", "e"),
      bad("a___b", m::kRefInvalidFormat),
      bad("a._b", m::kRefInvalidFormat),
      bad("a-_b", m::kRefInvalidFormat),
      bad("a.", m::kRefInvalidFormat),
      bad("_a", m::kRefInvalidFormat),
      bad("-a/b", m::kRefInvalidFormat),
      bad("a-/b", m::kRefInvalidFormat),
      bad("a_b/c_", m::kRefInvalidFormat),
      bad("a:5000/", m::kRefInvalidFormat),
      bad("a:/b", m::kRefInvalidFormat),
      bad("a:50x0/b", m::kRefInvalidFormat),
      bad("a:1:2/b", m::kRefInvalidFormat),
      bad("a/b:1/c", m::kRefInvalidFormat),
      bad("[::1]:5000/x", m::kRefInvalidFormat),
      bad("a:", m::kRefInvalidFormat),
      bad("a:-x", m::kRefInvalidFormat),
      bad("a:.x", m::kRefInvalidFormat),
      bad("a@", m::kRefInvalidFormat),
      bad("a@@" + kSha, m::kRefInvalidFormat),
      bad("a@" + kSha + "@" + kSha, m::kRefInvalidFormat),
      bad("foo\n", m::kRefInvalidFormat),
      bad(" foo", m::kRefInvalidFormat),
      bad("a b", m::kRefInvalidFormat),
  });
}

TEST(GrammarReference, TagLength) {
  check_ref_cases({
      ok("a:" + rep("t", 128), "", "", "a", rep("t", 128)),
      bad("a:" + rep("t", 129), m::kRefInvalidFormat),
      bad("a:" + rep("T", 129), m::kRefInvalidFormat),
  });
}

TEST(GrammarReference, NameLengthCountsTheHost) {
  // 255 = 4 + 1 + 250
  check_ref_cases({
      ok("h.io/" + rep("n", 250), "h.io", "", rep("n", 250)),
      bad("h.io/" + rep("n", 251), m::kRefNameTooLong),
      // Registry-only names are limited the same way.
      ok(rep("q", 252) + ".io", rep("q", 252) + ".io", "", ""),
      bad(rep("q", 253) + ".io", m::kRefNameTooLong),
      // The length check comes before the digest check.
      bad("h.io/" + rep("n", 251) + "@md5:" + rep("0", 32), m::kRefNameTooLong),
  });
}

TEST(GrammarReference, Digests) {
  check_ref_cases({
      ok("a@sha256:" + rep("A", 64), "", "", "a", "", "sha256:" + rep("A", 64)),
      ok("a@sha384:" + rep("0", 96), "", "", "a", "", "sha384:" + rep("0", 96)),
      ok("a@sha512:" + rep("f", 128), "", "", "a", "", "sha512:" + rep("f", 128)),
      bad("a@sha256:" + rep("0", 65), m::kRefDigestLength),
      bad("a@sha512:" + rep("0", 64), m::kRefDigestLength),
      bad("a@sha384:" + rep("0", 128), m::kRefDigestLength),
      bad("a@SHA256:" + rep("0", 64), m::kRefDigestUnsupported),  // case-sensitive
      bad("a@sha1:" + rep("0", 40), m::kRefDigestUnsupported),
      bad("a@md5+x.y-z_w:" + rep("0", 32), m::kRefDigestUnsupported),
      bad("a@sha256:" + rep("0", 31), m::kRefInvalidFormat),  // under 32 hex digits
      bad("a@sha256:" + rep("g", 64), m::kRefInvalidFormat),
      bad("a@1sha:" + rep("0", 32), m::kRefInvalidFormat),
      bad("a@sha--256:" + rep("0", 32), m::kRefInvalidFormat),
      bad("a@sha256-:" + rep("0", 32), m::kRefInvalidFormat),
      bad("a@sha256::" + rep("0", 32), m::kRefInvalidFormat),
      // Upper case in the digest makes no lowercase error: the grammar allows it.
      bad("a@SHA1:" + rep("0", 40), m::kRefDigestUnsupported),
  });
}

TEST(GrammarReference, LowercaseErrorFollowsGoToLower) {
  check_ref_cases({
      bad("Foo", m::kRefNameUppercase),
      bad("foo/Bar:tag", m::kRefNameUppercase),
      bad("A_B/c", m::kRefNameUppercase),
      bad("Foo@SHA256:" + rep("0", 64), m::kRefNameUppercase),
      bad("Foo/", m::kRefInvalidFormat),
      // strings.ToLower maps U+0130 to 'i' and U+212A (Kelvin) to 'k'.
      bad("\xc4\xb0mage", m::kRefNameUppercase),
      bad("\xe2\x84\xaa"
          "ube/x",
          m::kRefNameUppercase),
      bad("\xe2\x84\xab"
          "ube/x",
          m::kRefInvalidFormat),  // U+212B lowers to U+00E5
      bad("caf\xc3\xa9", m::kRefInvalidFormat),
      bad("\xff", m::kRefInvalidFormat),
      bad("\xc4", m::kRefInvalidFormat),
  });
}

TEST(GrammarReference, CapturesAreViewsIntoTheInput) {
  const std::string s = "reg.io:5000/ns/name:tag@" + kSha;
  RefCaptures c;
  ASSERT_TRUE(match_reference_grammar(s, c));
  EXPECT_EQ(c.name, "reg.io:5000/ns/name");
  EXPECT_EQ(c.tag, "tag");
  EXPECT_EQ(c.digest, kSha);
  EXPECT_EQ(c.name.data(), s.data());
  ImageRef r;
  ASSERT_EQ(parse_image_ref(s, r), nullptr);
  EXPECT_EQ(r.registry.data(), s.data());
}

TEST(GrammarReference, ExactAndString) {
  struct Case {
    std::string in, exact, str;
  };
  const std::vector<Case> cases = {
      {"foo", "foo", "foo"},
      {"bar:5000/foo/baz:tag", "bar:5000/foo/baz:tag", "bar:5000/foo/baz:tag"},
      {"a:tag@" + kSha, "a@" + kSha, "a@" + kSha},  // the ID wins over the tag
      {"docker.io/busybox:1", "docker.io/busybox:1", "docker.io/library/busybox:1"},
      {"index.docker.io/busybox", "index.docker.io/busybox", "index.docker.io/library/busybox"},
      {"registry-1.docker.io/x/y", "registry-1.docker.io/x/y", "registry-1.docker.io/x/y"},
      {"quay.io", "quay.io/", "quay.io/"},  // registry-only: Exact() keeps the '/'
      {"localhost:5000", "localhost:5000/", "localhost:5000/"},
  };
  for (const Case &c : cases) {
    ImageRef r;
    ASSERT_EQ(parse_image_ref(c.in, r), nullptr) << c.in;
    EXPECT_EQ(image_ref_exact(r), c.exact) << c.in;
    EXPECT_EQ(image_ref_string(r), c.str) << c.in;
  }
  ImageRef r;
  r.name = "n";
  r.id = "not-a-digest";  // NameString: an ID that is no digest renders as a tag
  EXPECT_EQ(image_ref_exact(r), "n:not-a-digest");
  r = ImageRef();
  r.namespace_ = "ns";
  EXPECT_EQ(image_ref_exact(r), "");  // no name and no registry
  r.registry = "r.io";
  EXPECT_EQ(image_ref_exact(r), "r.io/ns/");
  r = ImageRef();
  r.registry = "docker.io";
  r.name = "busybox";
  EXPECT_EQ(image_ref_string(r), "docker.io/library/busybox");
  EXPECT_EQ(image_ref_exact(r), "docker.io/busybox");
}

// Inputs that make a backtracking engine explode. They only have to finish
// (and give the right answer); timing is measured by the benchmarks.
TEST(GrammarReference, LinearTimeOnHostileInput) {
  constexpr size_t kMB = 1000000;
  std::vector<std::pair<std::string, const char *>> cases;
  cases.emplace_back("a" + std::string(kMB, '-') + "!", m::kRefInvalidFormat);
  cases.emplace_back("a" + std::string(kMB, '-'), m::kRefInvalidFormat);
  cases.emplace_back(rep("a.", kMB / 2), m::kRefInvalidFormat);
  cases.emplace_back(rep("a_", kMB / 2) + "__a", m::kRefInvalidFormat);
  cases.emplace_back(rep("a-b.", kMB / 4) + "c:5000/x!", m::kRefInvalidFormat);
  cases.emplace_back(rep("a-b.", kMB / 4) + "c:5000/x", m::kRefNameTooLong);
  cases.emplace_back(rep("A-B.", kMB / 4) + "c:5000/x/Y", m::kRefNameUppercase);
  cases.emplace_back(rep("a/", kMB / 2) + "/", m::kRefInvalidFormat);
  cases.emplace_back(rep("a/", kMB / 2) + "a", m::kRefNameTooLong);
  cases.emplace_back(std::string(kMB, 'a') + ":tag", m::kRefNameTooLong);
  cases.emplace_back("a:" + std::string(kMB, 't'), m::kRefInvalidFormat);
  cases.emplace_back(rep(":", kMB), m::kRefInvalidFormat);
  cases.emplace_back(rep("@", kMB), m::kRefInvalidFormat);
  cases.emplace_back("a@sha256:" + std::string(kMB, '0'), m::kRefDigestLength);
  cases.emplace_back("a@" + rep("s.", kMB / 2) + ":" + rep("0", 32), m::kRefInvalidFormat);
  cases.emplace_back("a@" + rep("s.", kMB / 2) + "x:" + rep("0", 32), m::kRefDigestUnsupported);
  for (const auto &c : cases) {
    ImageRef r;
    const char *err = parse_image_ref(c.first, r);
    ASSERT_NE(err, nullptr) << c.first.substr(0, 40);
    EXPECT_STREQ(err, c.second) << c.first.substr(0, 40);
  }
}

// ---------------------------------------------------------------------------
// Names

TEST(GrammarNames, PathSegmentUpstreamTable) {
  // apimachinery pkg/api/validation/path/name_test.go, exact messages.
  struct Case {
    std::string name;
    bool prefix;
    Strs want;
  };
  const std::vector<Case> cases = {
      {"", false, {}},
      {"", true, {}},
      {"foo.bar.baz", false, {}},
      {"foo.bar.baz", true, {}},
      {"sha256:ABCDEF012345@ABCDEF012345", false, {}},
      {"I\xc3\xb1t\xc3\xabrn\xc3\xa2ti\xc3\xb4n\xc3\xa0liz\xc3\xa6ti\xc3\xb8n", false, {}},
      {".", false, {m::kMayNotBeDot}},
      {".test", false, {}},
      {".", true, {}},
      {"..", false, {m::kMayNotBeDotDot}},
      {"..test", false, {}},
      {"..", true, {}},
      {"foo/bar", false, {m::kMayNotContainSlash}},
      {"foo/bar", true, {m::kMayNotContainSlash}},
      {"foo%bar", false, {m::kMayNotContainPercent}},
      {"foo%bar", true, {m::kMayNotContainPercent}},
      {"foo//bar%", false, {m::kMayNotContainSlash, m::kMayNotContainPercent}},
      {"foo//bar%", true, {m::kMayNotContainSlash, m::kMayNotContainPercent}},
      {"%/", false, {m::kMayNotContainSlash, m::kMayNotContainPercent}},
  };
  for (const Case &c : cases) {
    Msgs out;
    path_segment_name(c.name, c.prefix, out);
    EXPECT_EQ(msgs_of(out), c.want) << c.name << " prefix=" << c.prefix;
  }
}

TEST(GrammarNames, ImageStreamName) {
  struct Case {
    std::string name;
    bool prefix;
    Strs want;
  };
  const std::vector<Case> cases = {
      {"foo", false, {}},
      {"foo-bar.baz_1", false, {}},
      {"0", false, {}},
      {".", false, {m::kMayNotBeDot}},  // path segment messages stop the check
      {"..", false, {m::kMayNotBeDotDot}},
      {"a/B", false, {m::kMayNotContainSlash}},
      {"a/%", false, {m::kMayNotContainSlash, m::kMayNotContainPercent}},
      {".", true, {m::kStreamNameMustMatch}},
      {"foo-", true, {m::kStreamNameMustMatch}},  // the usual generateName is rejected
      {"foo-", false, {m::kStreamNameMustMatch}},
      {"Foo", false, {m::kStreamNameMustMatch}},
      {"", false, {m::kStreamNameMustMatch}},
      {"a..b", false, {m::kStreamNameMustMatch}},
      {"a__b", false, {m::kStreamNameMustMatch}},
      {"a--b", false, {m::kStreamNameMustMatch}},
      {"-a", false, {m::kStreamNameMustMatch}},
      {"a:b", false, {m::kStreamNameMustMatch}},
      {std::string(300, 'a'), false, {}},  // no length limit of its own
  };
  for (const Case &c : cases) {
    Msgs out;
    image_stream_name(c.name, c.prefix, out);
    EXPECT_EQ(msgs_of(out), c.want) << c.name << " prefix=" << c.prefix;
  }
  EXPECT_TRUE(is_repository_component("a.b_c-d"));
  EXPECT_FALSE(is_repository_component("a.b_c-"));
  EXPECT_FALSE(is_repository_component(""));
}

TEST(GrammarNames, Dns1123LabelUpstreamTable) {
  // apimachinery pkg/util/validation/validation_test.go TestIsDNS1123Label.
  for (const std::string &v :
       {std::string("a"), std::string("ab"), std::string("abc"), std::string("a1"), std::string("a-1"),
        std::string("a--1--2--b"), std::string("0"), std::string("01"), std::string("012"), std::string("1a"),
        std::string("1-a"), std::string("1--a--b--2"), std::string(63, 'a')}) {
    Msgs out;
    dns1123_label(v, out);
    EXPECT_EQ(msgs_of(out), Strs()) << v;
  }
  const Strs label = {m::kDns1123Label};
  const Strs dots = {m::kNotDns1123LabelDots};
  struct Case {
    std::string v;
    Strs want;
  };
  const std::vector<Case> bad = {
      {"", label},
      {"A", label},
      {"ABC", label},
      {"aBc", label},
      {"A1", label},
      {"A-1", label},
      {"1-A", label},
      {"-", label},
      {"a-", label},
      {"-a", label},
      {"1-", label},
      {"-1", label},
      {"_", label},
      {"a_", label},
      {"_a", label},
      {"a_b", label},
      {"1_", label},
      {"_1", label},
      {"1_2", label},
      {".", label},
      {"a.", label},
      {".a", label},
      {"a.b", dots},
      {"1.", label},
      {".1", label},
      {"1.2", dots},
      {" ", label},
      {"a ", label},
      {" a", label},
      {"a b", label},
      {"1 ", label},
      {" 1", label},
      {"1 2", label},
      {std::string(64, 'a'), {m::kMaxLen63}},
      // Length and syntax are independent.
      {std::string(64, 'A'), {m::kMaxLen63, m::kDns1123Label}},
      {std::string(40, 'a') + "." + std::string(40, 'b'), {m::kMaxLen63, m::kNotDns1123LabelDots}},
  };
  for (const Case &c : bad) {
    Msgs out;
    dns1123_label(c.v, out);
    EXPECT_EQ(msgs_of(out), c.want) << '"' << c.v << '"';
  }
}

TEST(GrammarNames, Dns1123SubdomainUpstreamTable) {
  // TestIsDNS1123Subdomain.
  const Strs good = {"a",
                     "ab",
                     "abc",
                     "a1",
                     "a-1",
                     "a--1--2--b",
                     "0",
                     "01",
                     "012",
                     "1a",
                     "1-a",
                     "1--a--b--2",
                     "a.a",
                     "ab.a",
                     "abc.a",
                     "a1.a",
                     "a-1.a",
                     "a--1--2--b.a",
                     "a.1",
                     "ab.1",
                     "abc.1",
                     "a1.1",
                     "a-1.1",
                     "a--1--2--b.1",
                     "0.a",
                     "01.a",
                     "012.a",
                     "1a.a",
                     "1-a.a",
                     "1--a--b--2",
                     "0.1",
                     "01.1",
                     "012.1",
                     "1a.1",
                     "1-a.1",
                     "1--a--b--2.1",
                     "a.b.c.d.e",
                     "aa.bb.cc.dd.ee",
                     "1.2.3.4.5",
                     "11.22.33.44.55",
                     std::string(253, 'a')};
  for (const std::string &v : good) EXPECT_TRUE(is_dns1123_subdomain(v)) << v;
  const Strs bad = {"",
                    "A",
                    "ABC",
                    "aBc",
                    "A1",
                    "A-1",
                    "1-A",
                    "-",
                    "a-",
                    "-a",
                    "1-",
                    "-1",
                    "_",
                    "a_",
                    "_a",
                    "a_b",
                    "1_",
                    "_1",
                    "1_2",
                    ".",
                    "a.",
                    ".a",
                    "a..b",
                    "1.",
                    ".1",
                    "1..2",
                    " ",
                    "a ",
                    " a",
                    "a b",
                    "1 ",
                    " 1",
                    "1 2",
                    "A.a",
                    "aB.a",
                    "ab.A",
                    "A1.a",
                    "a1.A",
                    "A.1",
                    "aB.1",
                    "A1.1",
                    "1A.1",
                    "0.A",
                    "01.A",
                    "012.A",
                    "1A.a",
                    "1a.A",
                    "A.B.C.D.E",
                    "AA.BB.CC.DD.EE",
                    "a.B.c.d.e",
                    "aa.bB.cc.dd.ee",
                    "a@b",
                    "a,b",
                    "a_b",
                    "a;b",
                    "a:b",
                    "a%b",
                    "a?b",
                    "a$b",
                    std::string(254, 'a')};
  for (const std::string &v : bad) EXPECT_FALSE(is_dns1123_subdomain(v)) << v;
}

TEST(GrammarNames, QualifiedNameUpstreamTable) {
  // TestIsQualifiedName, with the exact messages of v0.34.1.
  const Strs good = {"simple",
                     "now-with-dashes",
                     "1-starts-with-num",
                     "1234",
                     "simple/simple",
                     "now-with-dashes/simple",
                     "now-with-dashes/now-with-dashes",
                     "now.with.dots/simple",
                     "now-with.dashes-and.dots/simple",
                     "1-num.2-num/3-num",
                     "1234/5678",
                     "1.2.3.4/5678",
                     "Uppercase_Is_OK_123",
                     "example.com/Uppercase_Is_OK_123",
                     "requests.storage-foo",
                     std::string(63, 'a'),
                     std::string(253, 'a') + "/" + std::string(63, 'b')};
  for (const std::string &v : good) {
    Msgs out;
    qualified_name(v, out);
    EXPECT_EQ(msgs_of(out), Strs()) << v;
  }
  struct Case {
    std::string v;
    Strs want;
  };
  const std::vector<Case> bad = {
      {"nospecialchars%^=@", {m::kNamePartFormat}},
      {"cantendwithadash-", {m::kNamePartFormat}},
      {"-cantstartwithadash-", {m::kNamePartFormat}},
      {"only/one/slash", {m::kQualifiedNameMultiSlash}},
      {"Example.com/abc", {m::kPrefixDns1123Subdomain}},
      {"example_com/abc", {m::kPrefixDns1123Subdomain}},
      {"example.com/", {m::kNamePartNonEmpty, m::kNamePartFormat}},
      {"/simple", {m::kPrefixNonEmpty}},
      {std::string(64, 'a'), {m::kNamePartTooLong}},
      {std::string(254, 'a') + "/abc", {m::kPrefixTooLong}},
      // Ours: order and independence of the checks.
      {"", {m::kNamePartNonEmpty, m::kNamePartFormat}},
      {"/", {m::kPrefixNonEmpty, m::kNamePartNonEmpty, m::kNamePartFormat}},
      {"a//b", {m::kQualifiedNameMultiSlash}},
      {std::string(254, 'A') + "/" + std::string(64, '-'),
       {m::kPrefixTooLong, m::kPrefixDns1123Subdomain, m::kNamePartTooLong, m::kNamePartFormat}},
      {"a.b/" + std::string(64, 'c'), {m::kNamePartTooLong}},
      {"k\xc3\xa9y", {m::kNamePartFormat}},
  };
  for (const Case &c : bad) {
    Msgs out;
    qualified_name(c.v, out);
    EXPECT_EQ(msgs_of(out), c.want) << '"' << c.v << '"';
  }
}

TEST(GrammarNames, LabelValueUpstreamTable) {
  // TestIsValidLabelValue.
  const Strs good = {"simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", std::string(63, 'a'),
                     ""};
  for (const std::string &v : good) {
    Msgs out;
    label_value(v, out);
    EXPECT_EQ(msgs_of(out), Strs()) << v;
  }
  const Strs fmt = {m::kLabelValueFormat};
  struct Case {
    std::string v;
    Strs want;
  };
  const std::vector<Case> bad = {
      {"nospecialchars%^=@", fmt},
      {"Tama-nui-te-r\xc4\x81.is.M\xc4\x81ori.sun", fmt},
      {"\\backslashes\\are\\bad", fmt},
      {"-starts-with-dash", fmt},
      {"ends-with-dash-", fmt},
      {".starts.with.dot", fmt},
      {"ends.with.dot.", fmt},
      {std::string(64, 'a'), {m::kMaxLen63}},
      {std::string(64, '-'), {m::kMaxLen63, m::kLabelValueFormat}},
  };
  for (const Case &c : bad) {
    Msgs out;
    label_value(c.v, out);
    EXPECT_EQ(msgs_of(out), c.want) << '"' << c.v << '"';
  }
}

// ---------------------------------------------------------------------------
// Registry allow-list

namespace {

std::vector<AllowedRegistry> mk_allowed(bool insecure, std::initializer_list<const char *> regs) {
  std::vector<AllowedRegistry> out;
  for (const char *r : regs) out.push_back(AllowedRegistry{r, insecure});
  return out;
}

ImageRef host_ref(std::string_view host) {
  ImageRef r;
  r.registry = host;
  return r;
}

ImageRef dif(std::string_view registry, std::string_view ns, std::string_view name) {
  ImageRef r;
  r.registry = registry;
  r.namespace_ = ns;
  r.name = name;
  return r;
}

std::string admit_pull_spec(const Whitelister &w, std::string_view spec, Transport t) {
  ImageRef r;
  if (const char *err = parse_image_ref(spec, r)) return err;
  return w.admit(r, t);
}

struct WlCase {
  const char *name;
  Transport transport;
  std::vector<AllowedRegistry> whitelist;
  std::vector<std::pair<std::string, std::string>> hostnames;  // host -> message ("" = allowed)
  std::vector<std::pair<ImageRef, std::string>> difs;
  std::vector<std::pair<std::string, std::string>> pull_specs;
};

}  // namespace

// openshift-apiserver whitelister_test.go TestRegistryWhitelister.
TEST(GrammarWhitelist, UpstreamRegistryWhitelisterTable) {
  const std::string sec4 = R"("localhost:5000", "docker.io:443", "example.com:*", "registry.com:80")";
  const std::string insec6 = R"("localhost:5000", "docker.io:80", "example.com:*", "registry.com:80", and 2 more ...)";
  const std::string sec6 = R"("localhost:5000", "docker.io:443", "example.com:*", "registry.com:80", and 2 more ...)";
  const auto na = [](const std::string &host, const std::string &list) {
    return "registry \"" + host + "\" not allowed by whitelist: " + list;
  };
  const std::vector<WlCase> cases = {
      {"empty whitelist",
       Transport::Secure,
       // Upstream builds this from an empty configuration; here an empty list
       // means "allow all" (server wiring), so an entry that upstream refuses
       // is used to end up with zero entries.
       mk_allowed(true, {"0:1:2:3"}),
       {{"example.com", R"(registry "example.com" not allowed by empty whitelist)"},
        {"localhost:5000", R"(registry "localhost:5000" not allowed by empty whitelist)"}},
       {{dif("docker.io", "library", "busybox"), R"(registry "docker.io" not allowed by empty whitelist)"},
        {dif("", "", "busybox"), R"(registry "docker.io:443" not allowed by empty whitelist)"}},
       {}},
      {"allow any host with secure transport",
       Transport::Secure,
       mk_allowed(false, {"*"}),
       {{"docker.io", ""},
        {"example.com", ""},
        {"localhost:443", ""},
        {"localhost:5000", na("localhost:5000", R"("*:443")")},
        {"localhost:80", na("localhost:80", R"("*:443")")},
        {"localhost", ""}},
       {{dif("docker.io", "library", "busybox"), ""}},
       {}},
      {"allow any host with insecure transport",
       Transport::Insecure,
       mk_allowed(true, {"*"}),
       {{"docker.io", ""},
        {"example.com", ""},
        {"localhost:443", na("localhost:443", R"("*:80")")},
        {"localhost:5000", na("localhost:5000", R"("*:80")")},
        {"localhost:80", ""},
        {"localhost", ""}},
       {{dif("docker.io", "library", "busybox"), ""}},
       {}},
      {"allow any host with any transport",
       Transport::Any,
       mk_allowed(true, {"*"}),
       {{"docker.io", ""},
        {"example.com", ""},
        {"localhost:443", na("localhost:443", R"("*:80")")},
        {"localhost:5000", na("localhost:5000", R"("*:80")")},
        {"localhost:80", ""},
        {"localhost", ""}},
       {{dif("docker.io", "library", "busybox"), ""}},
       {}},
      {"allow any host:port with secure transport",
       Transport::Secure,
       mk_allowed(false, {"*:*"}),
       {{"docker.io", ""}, {"example.com", ""}, {"localhost:443", ""}, {"localhost:5000", ""}, {"localhost:80", ""}},
       {{dif("docker.io", "library", "busybox"), ""},
        {dif("example.com", "a", "b"), ""},
        {dif("localhost:80", "ns", "repo"), ""},
        {dif("localhost:443", "ns", "repo"), ""},
        {dif("docker.io", "", "busybox"), ""},
        {dif("localhost:5000", "my", "app"), ""}},
       {}},
      {"allow any host:port with insecure transport",
       Transport::Insecure,
       mk_allowed(true, {"*:*"}),
       {{"localhost:5000", ""}, {"docker.io", ""}, {"localhost:443", ""}, {"localhost:80", ""}, {"example.com", ""}},
       {{dif("docker.io", "library", "busybox"), ""},
        {dif("example.com", "a", "b"), ""},
        {dif("localhost:80", "ns", "repo"), ""},
        {dif("localhost:443", "ns", "repo"), ""},
        {dif("docker.io", "", "busybox"), ""},
        {dif("localhost:5000", "my", "app"), ""}},
       {}},
      {"allow any host:port with any transport",
       Transport::Any,
       mk_allowed(true, {"*:*"}),
       {{"localhost:5000", ""}, {"docker.io", ""}, {"localhost:443", ""}, {"localhost:80", ""}, {"example.com", ""}},
       {{dif("docker.io", "library", "busybox"), ""},
        {dif("example.com", "a", "b"), ""},
        {dif("localhost:80", "ns", "repo"), ""},
        {dif("localhost:443", "ns", "repo"), ""},
        {dif("docker.io", "", "busybox"), ""},
        {dif("localhost:5000", "my", "app"), ""}},
       {}},
      {"allow whitelisted with secure transport",
       Transport::Secure,
       mk_allowed(false, {"localhost:5000", "docker.io", "example.com:*", "registry.com:80"}),
       {{"example.com:5000", ""},
        {"example.com:80", ""},
        {"example.com", ""},
        {"localhost:443", na("localhost:443", sec4)},
        {"localhost:5000", ""},
        {"registry-1.docker.io:443", ""},
        {"registry.com:443", na("registry.com:443", sec4)},
        {"registry.com:80", ""},
        {"registry.com", na("registry.com", sec4)}},
       {{host_ref("docker.io"), ""},
        {host_ref("index.docker.io"), ""},
        {host_ref("example.com"), ""},
        {host_ref("localhost:5000"), ""},
        {host_ref("registry.example.com"), na("registry.example.com", sec4)},
        {dif("", "", "busybox"), ""}},
       {}},
      {"allow whitelisted with insecure transport",
       Transport::Insecure,
       mk_allowed(true,
                  {"localhost:5000", "docker.io", "example.com:*", "registry.com:80", "*.foo.com", "*domain.ltd"}),
       {{"a.b.c.d.foo.com:80", ""},
        {"domain.ltd", ""},
        {"example.com", ""},
        {"foo.com", na("foo.com", insec6)},
        {"index.docker.io", ""},
        {"localhost:5000", ""},
        {"my.domain.ltd:443", na("my.domain.ltd:443", insec6)},
        {"my.domain.ltd:80", ""},
        {"my.domain.ltd", ""},
        {"mydomain.ltd", ""},
        {"registry.com", ""},
        {"registry.foo.com", ""}},
       {{dif("docker.io", "library", "busybox"), ""},
        {dif("foo.com", "library", "busybox"), na("foo.com", insec6)},
        {dif("ffoo.com", "library", "busybox"), na("ffoo.com", insec6)}},
       {}},
      {"allow whitelisted with any transport",
       Transport::Any,
       mk_allowed(false,
                  {"localhost:5000", "docker.io", "example.com:*", "registry.com:80", "*.foo.com", "*domain.ltd"}),
       {{"a.b.c.d.foo.com:80", na("a.b.c.d.foo.com:80", sec6)},
        {"domain.ltd", ""},
        {"example.com", ""},
        {"foo.com", na("foo.com", sec6)},
        {"index.docker.io", ""},
        {"localhost:5000", ""},
        {"my.domain.ltd:443", ""},
        {"my.domain.ltd:80", na("my.domain.ltd:80", sec6)},
        {"my.domain.ltd", ""},
        {"mydomain.ltd", ""},
        {"registry.com:443", na("registry.com:443", sec6)},
        {"registry.com", ""},
        {"registry.foo.com", ""}},
       {{dif("docker.io", "library", "busybox"), ""},
        {dif("foo.com", "library", "busybox"), na("foo.com", sec6)},
        {dif("ffoo.com", "library", "busybox"), na("ffoo.com", sec6)}},
       {}},
      {"allow whitelisted pullspecs with any transport",
       Transport::Any,
       mk_allowed(true,
                  {"localhost:5000", "docker.io", "example.com:*", "registry.com:80", "*.foo.com", "*domain.ltd"}),
       {},
       {},
       {{"a.b.c.d.foo.com:80/repo", ""},
        {"domain.ltd/a/b", ""},
        {"example.com/c/d", ""},
        {"foo.com/foo", na("foo.com", insec6)},
        {"index.docker.io/bar", ""},
        {"localhost:5000/repo", ""},
        {"my.domain.ltd:443/a/b", na("my.domain.ltd:443", insec6)},
        {"my.domain.ltd:80/foo:latest", ""},
        {"my.domain.ltd/bar:1.3.4", ""},
        {"mydomain.ltd/my/repo/sitory", ""},
        {"registry.com:443/ab:tag", na("registry.com:443", insec6)},
        {"registry.com/repo", ""},
        {"registry.foo.com/123", ""},
        {"repository:latest", ""},
        {"nm/repo:latest", ""}}},
  };
  for (const WlCase &c : cases) {
    SCOPED_TRACE(c.name);
    const Whitelister w(c.whitelist, "");
    EXPECT_FALSE(w.allows_all());
    for (const auto &h : c.hostnames) EXPECT_EQ(w.admit(host_ref(h.first), c.transport), h.second) << h.first;
    for (const auto &d : c.difs) EXPECT_EQ(w.admit(d.first, c.transport), d.second) << image_ref_string(d.first);
    for (const auto &p : c.pull_specs) EXPECT_EQ(admit_pull_spec(w, p.first, c.transport), p.second) << p.first;
  }
}

// TestWhitelistRegistry, restricted to what a configuration can express
// (entries are secure or insecure; "any" is only a reference's transport).
TEST(GrammarWhitelist, DuplicatesAndOrder) {
  const Whitelister insecure(mk_allowed(true, {"foo.com"}), "");
  EXPECT_EQ(insecure.admit(host_ref("sub.foo.com"), Transport::Any),
            R"(registry "sub.foo.com" not allowed by whitelist: "foo.com:80")");
  const Whitelister dup(mk_allowed(true, {"foo.com", "foo.com"}), "");
  EXPECT_EQ(dup.admit(host_ref("sub.foo.com"), Transport::Any),
            R"(registry "sub.foo.com" not allowed by whitelist: "foo.com:80")");
  std::vector<AllowedRegistry> both = {{"foo.com", false}, {"foo.com", true}};
  const Whitelister mixed(both, "");
  EXPECT_EQ(mixed.admit(host_ref("sub.foo.com"), Transport::Any),
            R"(registry "sub.foo.com" not allowed by whitelist: "foo.com:443", "foo.com:80")");
  // A repeated entry keeps its last position (the list is built backwards).
  const Whitelister order(mk_allowed(false, {"a.io", "b.io", "a.io:443"}), "");
  EXPECT_EQ(order.admit(host_ref("c.io"), Transport::Secure),
            R"(registry "c.io" not allowed by whitelist: "b.io:443", "a.io:443")");
  // Entries with more than one ':' are refused upstream; here they are dropped.
  const Whitelister colons(mk_allowed(false, {"0:1:2:3", "q.io"}), "");
  EXPECT_EQ(colons.admit(host_ref("c.io"), Transport::Secure),
            R"(registry "c.io" not allowed by whitelist: "q.io:443")");
}

TEST(GrammarWhitelist, TruncationAfterFiveEntries) {
  const Whitelister five(mk_allowed(false, {"a", "b", "c", "d", "e"}), "");
  EXPECT_EQ(five.admit(host_ref("z"), Transport::Secure),
            R"(registry "z" not allowed by whitelist: "a:443", "b:443", "c:443", "d:443", "e:443")");
  const Whitelister six(mk_allowed(false, {"a", "b", "c", "d", "e", "f"}), "");
  EXPECT_EQ(six.admit(host_ref("z"), Transport::Secure),
            R"(registry "z" not allowed by whitelist: "a:443", "b:443", "c:443", "d:443", and 2 more ...)");
  const Whitelister many(mk_allowed(false, {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}), "");
  EXPECT_EQ(many.admit(host_ref("z"), Transport::Secure),
            R"(registry "z" not allowed by whitelist: "a:443", "b:443", "c:443", "d:443", and 8 more ...)");
}

TEST(GrammarWhitelist, InternalRegistryAllowedAndListedFirst) {
  const std::string internal = "image-registry.openshift-image-registry.svc:5000";
  const Whitelister w(mk_allowed(false, {"quay.io"}), internal);
  EXPECT_EQ(admit_pull_spec(w, internal + "/ns/is:latest", Transport::Secure), "");
  EXPECT_EQ(admit_pull_spec(w, "quay.io/a/b", Transport::Secure), "");
  EXPECT_EQ(admit_pull_spec(w, "docker.io/a/b", Transport::Secure),
            R"(registry "docker.io" not allowed by whitelist: )"
            R"("image-registry.openshift-image-registry.svc:5000", "quay.io:443")");
  // Without a port the internal registry is a secure (443) entry.
  const Whitelister plain(mk_allowed(false, {"quay.io"}), "registry.local");
  EXPECT_EQ(admit_pull_spec(plain, "x.io/a", Transport::Secure),
            R"(registry "x.io" not allowed by whitelist: "registry.local:443", "quay.io:443")");
  // Already configured: not repeated, stays where the configuration put it.
  const Whitelister dup(mk_allowed(false, {"quay.io", internal.c_str()}), internal);
  EXPECT_EQ(admit_pull_spec(dup, "x.io/a", Transport::Secure),
            R"(registry "x.io" not allowed by whitelist: "quay.io:443", )"
            R"("image-registry.openshift-image-registry.svc:5000")");
  // An empty configuration allows everything, internal registry or not.
  const Whitelister all({}, internal);
  EXPECT_TRUE(all.allows_all());
  EXPECT_EQ(admit_pull_spec(all, "anything.example/x", Transport::Secure), "");
  const Whitelister def;
  EXPECT_TRUE(def.allows_all());
  EXPECT_EQ(def.admit(host_ref("localhost:1"), Transport::Insecure), "");
}

TEST(GrammarWhitelist, DockerHubAliasesAndDefaults) {
  const Whitelister hub(mk_allowed(false, {"docker.io:*"}), "");
  EXPECT_EQ(admit_pull_spec(hub, "busybox", Transport::Secure), "");
  EXPECT_EQ(admit_pull_spec(hub, "index.docker.io/busybox", Transport::Secure), "");
  EXPECT_EQ(admit_pull_spec(hub, "registry-1.docker.io/busybox", Transport::Insecure), "");
  EXPECT_EQ(admit_pull_spec(hub, "registry-1.docker.io:5000/busybox", Transport::Secure), "");
  const Whitelister v2(mk_allowed(false, {"registry-1.docker.io"}), "");
  EXPECT_EQ(admit_pull_spec(v2, "docker.io/busybox", Transport::Secure), "");  // docker.io reads as registry-1
  EXPECT_EQ(admit_pull_spec(v2, "busybox", Transport::Secure),  // but an empty registry is plain docker.io
            R"(registry "docker.io:443" not allowed by whitelist: "registry-1.docker.io:443")");
  EXPECT_EQ(admit_pull_spec(v2, "busybox", Transport::Insecure),
            R"(registry "docker.io:80" not allowed by whitelist: "registry-1.docker.io:443")");
  EXPECT_EQ(admit_pull_spec(v2, "busybox", Transport::Any),
            R"(registry "docker.io" not allowed by whitelist: "registry-1.docker.io:443")");
  const Whitelister q(mk_allowed(false, {"q?ay.*"}), "");
  EXPECT_EQ(admit_pull_spec(q, "quay.io", Transport::Secure), "");    // registry-only reference
  EXPECT_EQ(admit_pull_spec(q, "quay.io:latest", Transport::Secure),  // "quay.io:latest" is host:port
            R"(registry "quay.io:latest" not allowed by whitelist: "q?ay.*:443")");
  EXPECT_EQ(admit_pull_spec(q, "qu@y.io/x", Transport::Secure), m::kRefInvalidFormat);
}

// TestCanonicalRepository and TestWhitelistRepository.
TEST(GrammarWhitelist, Repositories) {
  const std::vector<std::pair<std::string, std::string>> canon = {
      {"busybox", "docker.io/library/busybox"},
      {"busybox:glibc", "docker.io/library/busybox"},
      {"docker.io/busybox@sha256:1303dbf110c57f3edf68d9f5a16c082ec06c4cf7604831669faf2c712260b5a0",
       "docker.io/library/busybox"},
      {"docker.io/busybox:latest@sha256:1303dbf110c57f3edf68d9f5a16c082ec06c4cf7604831669faf2c712260b5a0",
       "docker.io/library/busybox"},
      {"library/busybox:1", "docker.io/library/busybox"},
      {"image-registry.openshift-image-registry.svc:5000/openshift/httpd@sha256:"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "image-registry.openshift-image-registry.svc:5000/openshift/httpd"},
      {"quay.io", "quay.io/"},
  };
  for (const auto &c : canon) {
    ImageRef r;
    ASSERT_EQ(parse_image_ref(c.first, r), nullptr) << c.first;
    EXPECT_EQ(canonical_repository(r), c.second) << c.first;
  }

  const std::string check = "example.com/image@sha256:01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b";
  const std::string rejected = R"(registry "example.com" not allowed by whitelist: "registry.example.org:5000")";
  struct Case {
    const char *name;
    std::vector<std::string> add;
    std::string check;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"reject by default", {}, check, rejected},
      {"whitelist new digests by a digest",
       {"example.com/image@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
       check,
       ""},
      {"whitelist new digests by a tag", {"example.com/image:tag"}, check, ""},
      {"reject another repository",
       {"example.com/foo:tag"},
       "example.com/bar@sha256:01ba4719c80b6fe911b091a7c05124b64eeece964e09c058ef8f9805daca546b",
       rejected},
      {"unparsable pull specs are ignored", {"example.com/Image:tag", ""}, check, rejected},
  };
  for (const Case &c : cases) {
    Whitelister w(mk_allowed(false, {"registry.example.org:5000"}), "");
    for (const std::string &p : c.add) w.allow_repository(p);
    EXPECT_EQ(admit_pull_spec(w, c.check, Transport::Secure), c.want) << c.name;
  }
}

TEST(GrammarWhitelist, HostPortEdgeCases) {
  const Whitelister w(mk_allowed(false, {"h.io:5000"}), "");
  // net.SplitHostPort failures: RegistryHostPort yields an empty host and port.
  const std::string list = R"("h.io:5000")";
  EXPECT_EQ(w.admit(host_ref("a:b:c"), Transport::Secure), R"(registry "a:b:c" not allowed by whitelist: )" + list);
  EXPECT_EQ(w.admit(host_ref("a:b:c"), Transport::Any), R"(registry "a:b:c" not allowed by whitelist: )" + list);
  EXPECT_EQ(w.admit(host_ref("[h.io]:5000"), Transport::Secure), "");  // brackets are stripped
  EXPECT_EQ(w.admit(host_ref("h.io:5000"), Transport::Any), "");
  EXPECT_EQ(w.admit(host_ref("h.io"), Transport::Any),  // no port: only 80, 443 or * entries
            R"(registry "h.io" not allowed by whitelist: )" + list);
  const Whitelister empty_host(mk_allowed(false, {":*"}), "");
  EXPECT_EQ(empty_host.admit(host_ref("a:b:c"), Transport::Secure), "");  // "" host, "" port
  const Whitelister quoted(mk_allowed(false, {"\"q\""}), "");
  EXPECT_EQ(quoted.admit(host_ref("x\ty"), Transport::Secure),
            R"(registry "x\ty" not allowed by whitelist: "\"q\":443")");
}

// Go's %q (strconv.Quote) of single runes, as Go 1.24 prints them: printable
// means unicode.IsPrint with Unicode 15.0.0. Expected texts from Go; the
// runes Unicode 14 added are printed raw by Go 1.21 and later (Go 1.19
// escapes them).
TEST(GoQuote, PrintableRunesFollowGo) {
  const std::pair<const char *, const char *> cases[] = {
      {"a\xcd\xb8", R"("a\u0378")"},                // U+0378: unassigned, escaped
      {"\xf3\xa0\x84\x80", "\"\xf3\xa0\x84\x80\""},  // U+E0100: a variation selector (Mn), printable
      {"\xf3\xa0\x80\x81", R"("\U000e0001")"},         // U+E0001: a format character, escaped
      {"\xd8\x9d", "\"\xd8\x9d\""},                     // U+061D (Unicode 14): printable for Go 1.24
      {"\xf0\x9f\x9b\x9d", "\"\xf0\x9f\x9b\x9d\""},       // U+1F6DD (Unicode 14)
      {"\xc2\xad", R"("\u00ad")"},                   // soft hyphen (Cf)
      {"\xc2\xa0", R"("\u00a0")"},                   // no-break space (Zs)
      {"\xe2\x80\xa8", R"("\u2028")"},               // line separator
      {"\xef\xbb\xbf", R"("\ufeff")"},               // BOM (Cf)
      {"\xee\x80\x80", R"("\ue000")"},               // private use
      {"\xf4\x8f\xbf\xbf", R"("\U0010ffff")"},         // non-character
      {"\xe4\xb8\xad", "\"\xe4\xb8\xad\""},               // U+4E2D
      {"\xff", R"("\xff")"},                          // invalid byte
      {"\x7f", R"("\x7f")"},
  };
  for (const auto &[in, want] : cases) EXPECT_EQ(go_quote(in), want) << in;
}
