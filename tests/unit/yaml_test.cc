// YAML loader: go-yaml v2 / sigs.k8s.io/yaml semantics, oc's stream
// splitting, positions, limits, and a structural check over the real corpus.
#include <gtest/gtest.h>

#include <chrono>      // steady_clock
#include <cstdlib>     // system, strtod
#include <filesystem>  // recursive_directory_iterator
#include <fstream>     // ifstream
#include <sstream>     // ostringstream
#include <thread>      // thread
#include <string>
#include <vector>

#include "yaml/loader.hh"

using namespace isc::detail;

namespace {

struct Loaded {
  bool ok = false;
  std::vector<std::unique_ptr<YamlDocument>> docs;
  YamlError err;
};

Loaded load(std::string_view s, const YamlLimits &lim = {}) {
  Loaded l;
  l.ok = load_yaml_stream(s, l.docs, l.err, lim);
  return l;
}

// The JSON the document stands for: superseded members are left out, as the
// re-marshalled map of sigs.k8s.io/yaml has them.
void effective_json(const Doc &d, uint32_t i, std::string &out) {
  const Node &n = d.nodes[i];
  switch (n.type) {
    case NodeType::Null: out += "null"; return;
    case NodeType::True: out += "true"; return;
    case NodeType::False: out += "false"; return;
    case NodeType::Number: out.append(n.str, n.len); return;
    case NodeType::String: append_json_string(out, n.text()); return;
    case NodeType::Array: {
      out += "[";
      bool first = true;
      for (auto e = elements(d, i); !e.done(); e.advance()) {
        if (!first) out += ",";
        first = false;
        effective_json(d, e.cur, out);
      }
      out += "]";
      return;
    }
    case NodeType::Object: {
      out += "{";
      bool first = true;
      for (auto it = members(d, i); !it.done(); it.advance()) {
        if (d.nodes[it.key].flags & kKeySuperseded) continue;
        if (!first) out += ",";
        first = false;
        append_json_string(out, d.nodes[it.key].text());
        out += ":";
        effective_json(d, it.value(), out);
      }
      out += "}";
      return;
    }
  }
}

// Checks the tape invariants; returns an empty string when they hold.
std::string tape_problem(const YamlDocument &yd) {
  const Doc &d = yd.doc;
  if (!d.yaml) return "doc.yaml not set";
  if (d.nodes.empty()) return "empty tape";
  if (d.root != 0) return "root is not 0";
  if (d.nodes[0].next != d.nodes.size()) return "root does not span the tape";
  for (uint32_t i = 0; i < d.nodes.size(); ++i) {
    const Node &n = d.nodes[i];
    if (n.pos >= d.marks.size()) return "mark out of range at " + std::to_string(i);
    const Mark &m = d.marks[n.pos];
    if (m.line < yd.start_line || m.col < 1) return "bad mark at " + std::to_string(i);
    if (n.next <= i || n.next > d.nodes.size()) return "bad next at " + std::to_string(i);
    if (!n.is_container()) {
      if (n.next != i + 1) return "scalar with children at " + std::to_string(i);
      if ((n.type == NodeType::String || n.type == NodeType::Number) && n.str == nullptr && n.len != 0)
        return "null text at " + std::to_string(i);
      if (n.type == NodeType::Number) {
        std::string_view t = n.text();
        bool frac = t.find_first_of(".eE") != std::string_view::npos;
        if (frac != ((n.flags & kNumFrac) != 0)) return "kNumFrac mismatch at " + std::to_string(i);
        if ((!t.empty() && t[0] == '-') != ((n.flags & kNumNeg) != 0)) return "kNumNeg mismatch at " + std::to_string(i);
      }
      continue;
    }
    uint32_t count = 0;
    uint32_t c = i + 1;
    while (c < n.next) {
      if (n.type == NodeType::Object) {
        if (d.nodes[c].type != NodeType::String || d.nodes[c].next != c + 1) return "bad key at " + std::to_string(c);
        c = c + 1;
      }
      if (d.nodes[c].next > n.next) return "child overruns parent at " + std::to_string(c);
      c = d.nodes[c].next;
      ++count;
    }
    if (c != n.next) return "children do not end at next for " + std::to_string(i);
    if (count != n.len) return "len mismatch at " + std::to_string(i);
  }
  return "";
}

// One document as effective JSON, or "ERR: <message>".
std::string js(std::string_view yaml) {
  Loaded l = load(yaml);
  if (!l.ok) return "ERR: " + l.err.message;
  if (l.docs.empty()) return "<none>";
  std::string out;
  for (size_t k = 0; k < l.docs.size(); ++k) {
    if (k) out += " | ";
    std::string p = tape_problem(*l.docs[k]);
    if (!p.empty()) return "TAPE: " + p;
    effective_json(l.docs[k]->doc, 0, out);
  }
  return out;
}

// The value of key `v` in a one-document mapping, as effective JSON.
std::string val(std::string_view scalar) {
  std::string y = "v: ";
  y.append(scalar);
  y += "\n";
  std::string r = js(y);
  if (r.rfind("{\"v\":", 0) == 0) return r.substr(5, r.size() - 6);
  return r;
}

// The node of key `v` in a one-document mapping.
Node node_of(std::string_view scalar, Loaded &keep) {
  std::string y = "v: ";
  y.append(scalar);
  y += "\n";
  keep = load(y);
  EXPECT_TRUE(keep.ok) << keep.err.message;
  if (!keep.ok || keep.docs.empty()) return Node{};
  const Doc &d = keep.docs[0]->doc;
  uint32_t v = d.find_last(0, "v");
  EXPECT_NE(v, 0u);
  return d.nodes[v];
}

std::string key_of(std::string_view key) {
  std::string y(key);
  y += ": x\n";
  std::string r = js(y);
  if (r.rfind("{", 0) == 0 && r.size() > 6) return r.substr(1, r.size() - 6);
  return r;
}

}  // namespace

// ---------------------------------------------------------------------------
// Plain scalar resolution (go-yaml resolve.go).

TEST(YamlScalars, Booleans) {
  for (const char *t : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) EXPECT_EQ(val(t), "true") << t;
  for (const char *f : {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
    EXPECT_EQ(val(f), "false") << f;
  for (const char *s : {"yEs", "tRUE", "oN", "nO", "Yes!", "y_"}) EXPECT_EQ(val(s), std::string("\"") + s + "\"") << s;
}

TEST(YamlScalars, Nulls) {
  for (const char *s : {"", "~", "null", "Null", "NULL"}) EXPECT_EQ(val(s), "null") << s;
  EXPECT_EQ(val("nULL"), "\"nULL\"");
  EXPECT_EQ(val("'~'"), "\"~\"");
  EXPECT_EQ(val("\"null\""), "\"null\"");
}

TEST(YamlScalars, Integers) {
  EXPECT_EQ(val("0777"), "511");
  EXPECT_EQ(val("0o17"), "15");
  EXPECT_EQ(val("0O17"), "15");
  EXPECT_EQ(val("0x1F"), "31");
  EXPECT_EQ(val("0X1f"), "31");
  EXPECT_EQ(val("0b101"), "5");
  EXPECT_EQ(val("-0b101"), "-5");
  EXPECT_EQ(val("+12"), "12");
  EXPECT_EQ(val("-0x10"), "-16");
  EXPECT_EQ(val("1_000"), "1000");
  EXPECT_EQ(val("-_1"), "-1");
  EXPECT_EQ(val("0"), "0");
  EXPECT_EQ(val("-0"), "0");
  EXPECT_EQ(val("00"), "0");
  EXPECT_EQ(val("9223372036854775807"), "9223372036854775807");
  EXPECT_EQ(val("-9223372036854775808"), "-9223372036854775808");
  // Above int64: uint64, then float64.
  EXPECT_EQ(val("9223372036854775808"), "9223372036854775808");
  EXPECT_EQ(val("18446744073709551615"), "18446744073709551615");
  EXPECT_EQ(val("18446744073709551616"), "18446744073709552000");
  EXPECT_EQ(val("-9223372036854775809"), "-9223372036854776000");
  // ParseUint takes no sign: a signed value above int64 is a float.
  EXPECT_EQ(val("+18446744073709551615"), "18446744073709552000");
  // 08 and 09 are not octal: floats 8 and 9.
  EXPECT_EQ(val("08"), "8");
  EXPECT_EQ(val("09"), "9");
  // Not numbers.
  for (const char *s : {"0b", "0x", "0x1G", "1:20", "+", "+-1", "12abc", "0b2", "1_0x"})
    EXPECT_EQ(val(s), std::string("\"") + s + "\"") << s;
  EXPECT_EQ(val("1__0"), "10");
  EXPECT_EQ(val("1__"), "1");

  Loaded keep;
  Node n = node_of("-42", keep);
  EXPECT_EQ(n.type, NodeType::Number);
  EXPECT_EQ(n.text(), "-42");
  EXPECT_EQ(n.flags, kNumNeg);
  n = node_of("0x10", keep);
  EXPECT_EQ(n.text(), "16");
  EXPECT_EQ(n.flags, 0);
}

TEST(YamlScalars, Floats) {
  EXPECT_EQ(val("1.5"), "1.5");
  EXPECT_EQ(val(".5"), "0.5");
  EXPECT_EQ(val("+.5"), "0.5");
  EXPECT_EQ(val("-.5"), "-0.5");
  EXPECT_EQ(val("1."), "1");
  EXPECT_EQ(val("1.0"), "1");
  EXPECT_EQ(val("1e3"), "1000");
  EXPECT_EQ(val("1E3"), "1000");
  EXPECT_EQ(val("1.10"), "1.1");
  EXPECT_EQ(val("1e20"), "100000000000000000000");
  EXPECT_EQ(val("1e21"), "1e+21");
  EXPECT_EQ(val("6.02e23"), "6.02e+23");
  EXPECT_EQ(val("1e-7"), "1e-7");
  EXPECT_EQ(val("0.000001"), "0.000001");
  EXPECT_EQ(val("1.5e-10"), "1.5e-10");
  EXPECT_EQ(val("-0.0"), "-0");
  EXPECT_EQ(val("1e-400"), "0");
  EXPECT_EQ(val("1_0.5"), "10.5");
  EXPECT_EQ(val(".5_0"), "0.5");
  EXPECT_EQ(val("123456789012345678901234"), "1.2345678901234569e+23");
  EXPECT_EQ(val("1.7976931348623157e308"), "1.7976931348623157e+308");
  // Out of range or not YAML floats: strings.
  for (const char *s : {"1e400", ".e3", "._5", ".5.", "1.5.2", "inf", "nan", "Infinity", ".iNf", "0x1p3", "1e", "e3"})
    EXPECT_EQ(val(s), std::string("\"") + s + "\"") << s;

  Loaded keep;
  Node n = node_of("1.5", keep);
  EXPECT_EQ(n.type, NodeType::Number);
  EXPECT_EQ(n.flags, kNumFrac);
  n = node_of("-1.5", keep);
  EXPECT_EQ(n.flags, kNumFrac | kNumNeg);
  n = node_of("1.0", keep);  // becomes JSON 1, accepted by int64 fields
  EXPECT_EQ(n.text(), "1");
  EXPECT_EQ(n.flags, 0);
  n = node_of("1e21", keep);
  EXPECT_EQ(n.flags, kNumFrac);
}

TEST(YamlScalars, NonFiniteFloatsFailInJsonMarshal) {
  EXPECT_EQ(js("a: .inf\n"), "ERR: json: unsupported value: +Inf");
  EXPECT_EQ(js("a: [+.Inf]\n"), "ERR: json: unsupported value: +Inf");
  EXPECT_EQ(js("a: -.INF\n"), "ERR: json: unsupported value: -Inf");
  EXPECT_EQ(js("a: .NaN\n"), "ERR: json: unsupported value: NaN");
  // A value replaced by a later duplicate never reaches json.Marshal.
  EXPECT_EQ(js("a: .nan\na: 1\n"), "{\"a\":1}");
  Loaded l = load("x: 1\na:\n  - .inf\n");
  ASSERT_FALSE(l.ok);
  EXPECT_EQ(l.err.line, 3u);
  EXPECT_EQ(l.err.column, 5u);
}

TEST(YamlScalars, Timestamps) {
  for (const char *s : {"2015-10-12T12:16:36Z", "2015-10-12", "2001-12-14 21:59:43.10", "2001-12-14  21:59:43",
                        "2001-12-14t21:59:43.10-05:00", "2015-1-2", "2016-02-29", "2015-10-12T12:16:36,5Z",
                        "2015-10-12T12:16:36.123456789123+05:30"}) {
    Loaded keep;
    Node n = node_of(s, keep);
    EXPECT_EQ(n.type, NodeType::String) << s;
    EXPECT_EQ(n.text(), s);
    EXPECT_EQ(n.flags & kYamlTimestamp, kYamlTimestamp) << s;
  }
  // Not timestamps (time.Parse refuses them): plain strings.
  for (const char *s : {"2015-02-29", "2001-12-14 21:59:43.10 -5", "2015-10-12T24:00:00Z", "2015-10-12T12:16:36.Z",
                        "2015-13-01", "2015-10-12T12:16Z", "15-10-12", "2015-10-12T12:16:36z"}) {
    Loaded keep;
    Node n = node_of(s, keep);
    EXPECT_EQ(n.type, NodeType::String) << s;
    EXPECT_EQ(n.flags & kYamlTimestamp, 0) << s;
  }
  Loaded keep;
  Node n = node_of("\"2015-10-12\"", keep);
  EXPECT_EQ(n.flags & kYamlTimestamp, 0);
}

TEST(YamlScalars, QuotedAndBlockScalarsAreStrings) {
  Loaded keep;
  Node n = node_of("'1'", keep);
  EXPECT_EQ(n.type, NodeType::String);
  EXPECT_EQ(n.text(), "1");
  EXPECT_EQ(n.flags, kYamlQuoted);
  n = node_of("\"true\"", keep);
  EXPECT_EQ(n.type, NodeType::String);
  EXPECT_EQ(n.flags, kYamlQuoted);
  n = node_of("|\n  12\n", keep);
  EXPECT_EQ(n.type, NodeType::String);
  EXPECT_EQ(n.text(), "12\n");
  EXPECT_EQ(n.flags & kYamlQuoted, kYamlQuoted);
  n = node_of("plain", keep);
  EXPECT_EQ(n.flags, 0);
  EXPECT_EQ(val("\"a\\tb\\u00e9\""), "\"a\\tb\u00e9\"");
  EXPECT_EQ(val("'it''s'"), "\"it's\"");
  EXPECT_EQ(val(">-\n  a\n  b\n"), "\"a b\"");
  EXPECT_EQ(val("a\n  b"), "\"a b\"");
}

TEST(YamlScalars, ExplicitTags) {
  EXPECT_EQ(val("!!str 123"), "\"123\"");
  EXPECT_EQ(val("!!str true"), "\"true\"");
  EXPECT_EQ(val("!!int \"12\""), "12");
  EXPECT_EQ(val("!!float 1"), "1");
  EXPECT_EQ(val("!!float \"2.5\""), "2.5");
  EXPECT_EQ(val("!!bool yes"), "true");
  EXPECT_EQ(val("!!null ~"), "null");
  EXPECT_EQ(val("!!null \"\""), "null");
  EXPECT_EQ(val("!!timestamp 2015-01-01"), "\"2015-01-01\"");
  EXPECT_EQ(val("!!binary aGVsbG8="), "\"hello\"");
  EXPECT_EQ(val("!!binary |\n  aGVs\n  bG8=\n"), "\"hello\"");
  EXPECT_EQ(val("!foo bar"), "\"bar\"");
  EXPECT_EQ(val("! 12"), "\"12\"");
  EXPECT_EQ(val("!!map x"), "\"x\"");
  EXPECT_EQ(val("!!int 1.5"), "ERR: yaml: cannot decode !!float `1.5` as a !!int");
  EXPECT_EQ(val("!!bool 1"), "ERR: yaml: cannot decode !!int `1` as a !!bool");
  EXPECT_EQ(val("!!int abc"), "ERR: yaml: cannot decode !!str `abc` as a !!int");
  EXPECT_EQ(val("!!null x"), "ERR: yaml: cannot decode !!str `x` as a !!null");
  EXPECT_EQ(val("!!int \"\""), "ERR: yaml: cannot decode !!null `` as a !!int");
  EXPECT_EQ(val("!!timestamp 12"), "ERR: yaml: cannot decode !!int `12` as a !!timestamp");
  EXPECT_EQ(val("!!float 9223372036854775808"),
            "ERR: yaml: cannot decode !!int `9223372036854775808` as a !!float");
  EXPECT_EQ(val("!!binary aGVsbG8"), "ERR: yaml: !!binary value contains invalid base64 data");
  EXPECT_EQ(val("!!binary 'a GVsbG8='"), "ERR: yaml: !!binary value contains invalid base64 data");
  // Invalid UTF-8 from base64 becomes U+FFFD, as json.Marshal writes it.
  EXPECT_EQ(val("!!binary /w=="), "\"\xEF\xBF\xBD\"");
  // Tags on collections are ignored by go-yaml v2.
  EXPECT_EQ(val("!!seq {a: 1}"), "{\"a\":1}");
}

TEST(YamlScalars, TemplatePlaceholders) {
  Loaded keep;
  Node n = node_of("${{REPLICAS}}", keep);
  EXPECT_EQ(n.type, NodeType::String);
  EXPECT_EQ(n.flags, kYamlTemplate);
  n = node_of("\"${{A_1}}\"", keep);
  EXPECT_EQ(n.flags, kYamlTemplate | kYamlQuoted);
  for (const char *s : {"${{NA-ME}}", "${NAME}", "x${{NAME}}", "${{}}", "'${{A}} '"}) {
    n = node_of(s, keep);
    EXPECT_EQ(n.flags & kYamlTemplate, 0) << s;
  }
}

// ---------------------------------------------------------------------------
// Map keys (sigs.k8s.io/yaml convertToJSONableObject).

TEST(YamlKeys, NonStringKeysAreStringified) {
  EXPECT_EQ(key_of("1"), "\"1\"");
  EXPECT_EQ(key_of("0x1F"), "\"31\"");
  EXPECT_EQ(key_of("on"), "\"true\"");
  EXPECT_EQ(key_of("No"), "\"false\"");
  EXPECT_EQ(key_of("1.10"), "\"1.1\"");
  EXPECT_EQ(key_of("3.14159265358979"), "\"3.1415927\"");
  EXPECT_EQ(key_of("1e6"), "\"1e+06\"");
  EXPECT_EQ(key_of("1.0"), "\"1\"");
  EXPECT_EQ(key_of(".inf"), "\".inf\"");
  EXPECT_EQ(key_of("-.inf"), "\"-.inf\"");
  EXPECT_EQ(key_of(".nan"), "\".nan\"");
  EXPECT_EQ(key_of("1e300"), "\".inf\"");  // float32 overflow
  EXPECT_EQ(key_of("2015-10-12"), "\"2015-10-12\"");
  EXPECT_EQ(key_of("'1'"), "\"1\"");
  EXPECT_EQ(key_of("!!binary aGk="), "\"hi\"");
}

TEST(YamlKeys, UnsupportedAndInvalidKeys) {
  EXPECT_EQ(js("~: a\n"), "ERR: unsupported map key of type: %!s(<nil>), key: <nil>, value: \"a\"");
  EXPECT_EQ(js("? \n: 1\n"), "ERR: unsupported map key of type: %!s(<nil>), key: <nil>, value: 1");
  EXPECT_EQ(js("null: {a: [1, x]}\n"),
            "ERR: unsupported map key of type: %!s(<nil>), key: <nil>, value: "
            "map[interface {}]interface {}{\"a\":[]interface {}{1, \"x\"}}");
  EXPECT_EQ(js("18446744073709551615: x\n"),
            "ERR: unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\"");
  EXPECT_EQ(js("a:\n  ~: 1\n  ~: 2\n"), "ERR: unsupported map key of type: %!s(<nil>), key: <nil>, value: 2");
  EXPECT_EQ(js("[a, 1]: b\n"), "ERR: yaml: invalid map key: []interface {}{\"a\", 1}");
  EXPECT_EQ(js("{a: 1}: b\n"), "ERR: yaml: invalid map key: map[interface {}]interface {}{\"a\":1}");
  EXPECT_EQ(js("x: &k [1]\n*k : 2\n"), "ERR: yaml: invalid map key: []interface {}{1}");
  // A decoding error anywhere beats the conversion error.
  EXPECT_EQ(js("~: a\nb: !!int x\n"), "ERR: yaml: cannot decode !!str `x` as a !!int");
  // The conversion error beats json.Marshal's.
  EXPECT_EQ(js("a: .inf\n~: 1\n"), "ERR: unsupported map key of type: %!s(<nil>), key: <nil>, value: 1");
}

// ---------------------------------------------------------------------------
// Duplicate keys.

TEST(YamlDuplicates, LastWinsCompletelyAndEarlierKeysAreSuperseded) {
  Loaded l = load("a: 1\nb: 2\na:\n  x: 1\n");
  ASSERT_TRUE(l.ok) << l.err.message;
  ASSERT_EQ(l.docs.size(), 1u);
  const Doc &d = l.docs[0]->doc;
  EXPECT_EQ(tape_problem(*l.docs[0]), "");
  EXPECT_EQ(d.nodes[0].len, 3u);  // every member stays on the tape
  std::string out;
  effective_json(d, 0, out);
  EXPECT_EQ(out, "{\"b\":2,\"a\":{\"x\":1}}");
  EXPECT_TRUE(d.nodes[1].flags & kKeySuperseded);
  EXPECT_FALSE(d.nodes[3].flags & kKeySuperseded);
  EXPECT_EQ(d.find_last(0, "a"), 6u);
  ASSERT_EQ(l.docs[0]->duplicates.size(), 1u);
  const YamlDuplicate &dup = l.docs[0]->duplicates[0];
  EXPECT_EQ(dup.key_node, 5u);
  EXPECT_EQ(dup.line, 4u);  // where the duplicate's value starts
  EXPECT_EQ(dup.message, "line 4: key \"a\" already set in map");
}

TEST(YamlDuplicates, GoKeyIdentity) {
  auto msgs = [](std::string_view y) {
    Loaded l = load(y);
    std::string out;
    if (!l.ok) return "ERR: " + l.err.message;
    for (const auto &d : l.docs[0]->duplicates) out += d.message + ";";
    return out;
  };
  EXPECT_EQ(msgs("1: a\n1: b\n"), "line 2: key 1 already set in map;");
  EXPECT_EQ(msgs("0x1: a\n1: b\n"), "line 2: key 1 already set in map;");
  EXPECT_EQ(msgs("on: a\ntrue: b\n"), "line 2: key true already set in map;");
  EXPECT_EQ(msgs("1.5: a\n1.50: b\n"), "line 2: key 1.5 already set in map;");
  EXPECT_EQ(msgs("\"k\\\"q\": a\n'k\"q': b\n"), "line 2: key \"k\\\"q\" already set in map;");
  // Different Go types are different keys for go-yaml; JSON still collapses them.
  EXPECT_EQ(msgs("1: a\n\"1\": b\n"), "");
  EXPECT_EQ(js("1: a\n\"1\": b\n"), "{\"1\":\"b\"}");
  EXPECT_EQ(msgs(".nan: a\n.nan: b\n"), "");
  // A string key's identity shares the slot of its text with keys of other
  // types: each type still only meets its own kind.
  EXPECT_EQ(msgs("1: a\n\"1\": b\n'1': c\n"), "line 3: key \"1\" already set in map;");
  EXPECT_EQ(msgs("\"1\": a\n1: b\n0x1: c\n"), "line 3: key 1 already set in map;");
  EXPECT_EQ(msgs("true: a\n\"true\": b\non: c\n"), "line 3: key true already set in map;");
  EXPECT_EQ(msgs("a: {k: 1}\nb: {k: 2}\nc: {\"k\": 3, k: 4}\n"), "line 3: key \"k\" already set in map;");
  // Nested duplicates come first, as go-yaml decodes the value before setting it.
  EXPECT_EQ(msgs("a:\n  x: 1\n  x: 2\na: 3\n"),
            "line 3: key \"x\" already set in map;line 4: key \"a\" already set in map;");
  // The line is the one of the value, not of the key.
  EXPECT_EQ(msgs("a: 1\na:\n  - 2\n"), "line 3: key \"a\" already set in map;");
  // Duplicates inside an anchored value are found again at each alias.
  EXPECT_EQ(msgs("a: &x {k: 1, k: 2}\nb: *x\n"),
            "line 1: key \"k\" already set in map;line 1: key \"k\" already set in map;");
}

// ---------------------------------------------------------------------------
// Anchors, aliases and merge keys.

TEST(YamlAliases, ExpandedIntoTheTape) {
  Loaded l = load("a: &x\n  k: [1, 2]\nb: *x\n");
  ASSERT_TRUE(l.ok) << l.err.message;
  const Doc &d = l.docs[0]->doc;
  EXPECT_EQ(tape_problem(*l.docs[0]), "");
  std::string out;
  effective_json(d, 0, out);
  EXPECT_EQ(out, "{\"a\":{\"k\":[1,2]},\"b\":{\"k\":[1,2]}}");
  uint32_t b = d.find_last(0, "b");
  // The root of the copy is located at the alias, its contents at the anchor.
  EXPECT_EQ(d.locate(d.nodes[b].pos).line, 3u);
  EXPECT_EQ(d.locate(d.nodes[b].pos).col, 4u);
  uint32_t k = d.find_last(b, "k");
  EXPECT_EQ(d.locate(d.nodes[k].pos).line, 2u);
  EXPECT_EQ(js("a: &s hello\nb: *s\nc: [*s, *s]\n"), "{\"a\":\"hello\",\"b\":\"hello\",\"c\":[\"hello\",\"hello\"]}");
  // A later anchor of the same name replaces the earlier one.
  EXPECT_EQ(js("a: &s 1\nb: &s 2\nc: *s\n"), "{\"a\":1,\"b\":2,\"c\":2}");
}

TEST(YamlAliases, Errors) {
  EXPECT_EQ(js("a: *nope\n"), "ERR: yaml: unknown anchor 'nope' referenced");
  EXPECT_EQ(js("a: *x\nb: &x 1\n"), "ERR: yaml: unknown anchor 'x' referenced");
  EXPECT_EQ(js("a: &a [*a]\n"), "ERR: yaml: anchor 'a' value contains itself");
  EXPECT_EQ(js("a: &a {b: *a}\n"), "ERR: yaml: anchor 'a' value contains itself");
  Loaded l = load("x: 1\na: *nope\n");
  EXPECT_EQ(l.err.line, 2u);
  EXPECT_EQ(l.err.column, 4u);
}

TEST(YamlAliases, BillionLaughsFailsFast) {
  std::string y = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    y += std::string(1, c) + ": &" + std::string(1, c) + " [";
    for (int k = 0; k < 9; ++k) y += (k ? ",*" : "*") + prev;
    y += "]\n";
  }
  auto t0 = std::chrono::steady_clock::now();
  Loaded l = load(y);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: document contains excessive aliasing");
  EXPECT_LT(ms, 2000);
}

TEST(YamlAliases, AliasRatioRuleIsGoYamls) {
  // 150 aliases of a 10-element list: 1650 alias-driven decodes out of
  // about 1800, a ratio above 0.99 only once decodeCount > 1000 and
  // aliasCount > 100 ... it stays below: accepted.
  std::string y = "a: &a [1,2,3,4,5,6,7,8,9,10]\nb:\n";
  for (int i = 0; i < 150; ++i) y += "- *a\n";
  Loaded l = load(y);
  EXPECT_TRUE(l.ok) << l.err.message;
  // A single alias to a big list expands to more than 99% of the decodes.
  std::string big = "a: &a [";
  for (int i = 0; i < 2000; ++i) big += i ? ",1" : "1";
  big += "]\nb: *a\nc: *a\nd: *a\ne: *a\nf: *a\ng: *a\nh: *a\ni: *a\nj: *a\nk: *a\n";
  // 10 aliases of 2001 nodes: alias share 20010/22014 = 0.909 < 0.99: accepted.
  l = load(big);
  EXPECT_TRUE(l.ok) << l.err.message;
  std::string bomb = "a: &a [";
  for (int i = 0; i < 10; ++i) bomb += i ? ",1" : "1";
  bomb += "]\nb: &b [";
  for (int i = 0; i < 200; ++i) bomb += i ? ",*a" : "*a";
  bomb += "]\nc: [";
  for (int i = 0; i < 200; ++i) bomb += i ? ",*b" : "*b";
  bomb += "]\n";
  l = load(bomb);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: document contains excessive aliasing");
}

TEST(YamlAliases, NodeLimit) {
  YamlLimits lim;
  lim.max_nodes = 100;
  std::string y = "a: [";
  for (int i = 0; i < 200; ++i) y += i ? ",1" : "1";
  y += "]\n";
  Loaded l = load(y, lim);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: document expands to more than 100 nodes");
}

TEST(YamlMerge, MapAndSequenceMerges) {
  // (Not y: that key is the boolean true in YAML 1.1.)
  const char *base = "base: &b {x: 1, w: 2}\nother: &o {w: 20, z: 30}\n";
  // Keys before << are overwritten by the merge; keys after it win.
  EXPECT_EQ(js(std::string(base) + "m:\n  x: 0\n  <<: *b\n  w: 3\n"),
            "{\"base\":{\"x\":1,\"w\":2},\"other\":{\"w\":20,\"z\":30},\"m\":{\"x\":1,\"w\":3}}");
  // In a sequence the earlier maps win.
  EXPECT_EQ(js(std::string(base) + "m:\n  <<: [*b, *o]\n"),
            "{\"base\":{\"x\":1,\"w\":2},\"other\":{\"w\":20,\"z\":30},\"m\":{\"z\":30,\"x\":1,\"w\":2}}");
  EXPECT_EQ(js("m:\n  <<: {a: 1}\n  b: 2\n"), "{\"m\":{\"a\":1,\"b\":2}}");
  EXPECT_EQ(js("m:\n  !!merge <<: {a: 1}\n"), "{\"m\":{\"a\":1}}");
  // Only a plain or !!merge-tagged << merges.
  EXPECT_EQ(js("m:\n  \"<<\": {a: 1}\n"), "{\"m\":{\"<<\":{\"a\":1}}}");
  EXPECT_EQ(js("m:\n  !!str <<: 1\n"), "{\"m\":{\"<<\":1}}");
  // Merged entries are written at the position of <<.
  Loaded l = load(std::string(base) + "m:\n  x: 0\n  <<: *b\n  w: 3\n");
  ASSERT_TRUE(l.ok);
  const Doc &d = l.docs[0]->doc;
  EXPECT_EQ(tape_problem(*l.docs[0]), "");
  uint32_t m = d.find_last(0, "m");
  std::vector<std::string> keys;
  for (auto it = members(d, m); !it.done(); it.advance()) {
    keys.push_back(std::string(d.nodes[it.key].text()) + ((d.nodes[it.key].flags & kKeySuperseded) ? "-" : "+"));
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"x-", "x+", "w-", "w+"}));
  // Strict decoding reports every clash with merged content.
  std::vector<std::string> dups;
  for (const auto &dd : l.docs[0]->duplicates) dups.push_back(dd.message);
  EXPECT_EQ(dups, (std::vector<std::string>{"line 1: key \"x\" already set in map",
                                            "line 6: key \"w\" already set in map"}));
}

TEST(YamlMerge, Errors) {
  const char *want = "ERR: yaml: map merge requires map or sequence of maps as the value";
  EXPECT_EQ(js("m:\n  <<: 1\n"), want);
  EXPECT_EQ(js("m:\n  <<: [1]\n"), want);
  EXPECT_EQ(js("m:\n  <<: ~\n"), want);
  EXPECT_EQ(js("s: &s x\nm:\n  <<: *s\n"), want);
  EXPECT_EQ(js("s: &s [{a: 1}]\nm:\n  <<: *s\n"), want);
  EXPECT_EQ(js("a: &a {<<: *a}\n"), "ERR: yaml: anchor 'a' value contains itself");
}

// ---------------------------------------------------------------------------
// Parse errors (libyaml's problem text, go-yaml's line rule).

TEST(YamlErrors, ParseErrors) {
  EXPECT_EQ(js("a: b: c\n"), "ERR: yaml: mapping values are not allowed in this context");
  EXPECT_EQ(js("a: b\nc: d: e\n"), "ERR: yaml: line 2: mapping values are not allowed in this context");
  EXPECT_EQ(js("a: 'x\n"), "ERR: yaml: line 2: found unexpected end of stream");
  EXPECT_EQ(js("a:\n\t- b\n"), "ERR: yaml: line 2: found character that cannot start any token");
  EXPECT_EQ(js("a: [1, 2\n"), "ERR: yaml: line 1: did not find expected ',' or ']'");
  // Parser (not scanner) errors keep libyaml's 0-based line, as go-yaml prints it.
  EXPECT_EQ(js("- a\nb: c\n"), "ERR: yaml: line 1: did not find expected '-' indicator");
  // On the first line go-yaml prints no line at all.
  EXPECT_EQ(js("a: \"\\q\"\n"), "ERR: yaml: found unknown escape character");
  EXPECT_EQ(js("a: \xff\n"), "ERR: yaml: invalid leading UTF-8 octet");
  EXPECT_EQ(js("x: 1\na: !e!x y\n"), "ERR: yaml: line 1: found undefined tag handle");
  Loaded l = load("k: v\nx:\n  a: 1\n b: 2\n");
  ASSERT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: line 3: did not find expected key");
  EXPECT_EQ(l.err.line, 4u);
  EXPECT_EQ(l.err.column, 2u);
  // Messages count lines from the document's start (as oc parses each
  // document alone); YamlError.line is the line in the file.
  l = load("a: 1\n---\nb: 2\nc: d: e\n");
  ASSERT_FALSE(l.ok);
  EXPECT_EQ(l.docs.size(), 1u);
  EXPECT_EQ(l.err.message, "yaml: line 2: mapping values are not allowed in this context");
  EXPECT_EQ(l.err.line, 4u);
}

TEST(YamlErrors, GoYamlScannerDifferencesFromLibyaml) {
  // go-yaml decodes \' in double quotes as a quote; libyaml 0.2.5 refuses it.
  EXPECT_EQ(val("\"it\\'s\""), "\"it's\"");
  EXPECT_EQ(val("\"\\' \\e \\x1b \\u001B \\'\""), "\"' \\u001b \\u001b \\u001b '\"");
  EXPECT_EQ(js("a: \"x\\'\"\nb: ['\\', \"\\'y\"]\n"), "{\"a\":\"x'\",\"b\":[\"\\\\\",\"'y\"]}");
  // Any other unknown escape is still an error.
  EXPECT_EQ(js("a: \"\\'\"\nb: \"\\q\"\n"), "ERR: yaml: line 2: found unknown escape character");
  // go-yaml v2 accepts only %YAML 1.1.
  EXPECT_EQ(js("%YAML 1.2\n---\na: 1\n"), "ERR: yaml: found incompatible YAML document");
  EXPECT_EQ(js("# c\n%YAML 1.2\n---\na: 1\n"), "ERR: yaml: line 1: found incompatible YAML document");
  EXPECT_EQ(js("%YAML 1.1\n%YAML 1.2\n"), "ERR: yaml: line 1: found duplicate %YAML directive");
}

TEST(YamlErrors, DeepNestingIsBounded) {
  auto t0 = std::chrono::steady_clock::now();
  std::string flow(100000, '[');
  Loaded l = load(flow);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: exceeded max depth of 10000");
  std::string flow_lines;
  for (int i = 0; i < 100000; ++i) flow_lines += "[\n";
  l = load(flow_lines);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: line 10001: exceeded max depth of 10000");
  std::string block;
  for (int i = 0; i < 100000; ++i) block += "- ";
  block += "x\n";
  l = load(block);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: exceeded max depth of 10000");
  // Exactly at the limit: accepted.
  std::string ok = std::string(10000, '[') + std::string(10000, ']');
  l = load(ok);
  EXPECT_TRUE(l.ok) << l.err.message;
  ASSERT_EQ(l.docs.size(), 1u);
  EXPECT_EQ(tape_problem(*l.docs[0]), "");
  // Aliases deepen the expansion without deepening the text.
  std::string deep = "a: &a\n  ";
  for (int i = 0; i < 9998; ++i) deep += "- ";
  deep += "x\nb: [[*a]]\n";
  l = load(deep);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: document nesting exceeds max depth of 10000 after alias expansion");
  // A chain of anchors, each holding an alias of the one before, trips the
  // aliasing rule long before its depth matters.
  std::string chain = "a0: &a0 [x]\n";
  for (int i = 1; i <= 10001; ++i)
    chain += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) + "]\n";
  l = load(chain);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: document contains excessive aliasing");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(ms, 10000);
}

TEST(YamlErrors, ScanWorkLimit) {
  YamlLimits lim;
  lim.max_scan_work = 100000;
  std::string y = std::string(1000, '[') + std::string(1000, ']');
  Loaded l = load(y, lim);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: flow collections nested too deeply to parse in bounded time");
  EXPECT_TRUE(load(y).ok);
}

TEST(YamlErrors, InputSizeLimit) {
  YamlLimits lim;
  lim.max_bytes = 10;
  Loaded l = load("a: 123456789\n", lim);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "yaml: input is larger than 10 bytes");
}

// ---------------------------------------------------------------------------
// oc's stream splitting.

TEST(YamlStream, DocumentsAndStartLines) {
  Loaded l = load("a: 1\n---\nb: 2\n--- # next\n\nc: [3]\n");
  ASSERT_TRUE(l.ok) << l.err.message;
  ASSERT_EQ(l.docs.size(), 3u);
  EXPECT_EQ(l.docs[0]->start_line, 1u);
  EXPECT_EQ(l.docs[1]->start_line, 3u);
  EXPECT_EQ(l.docs[2]->start_line, 5u);
  const Doc &d = l.docs[2]->doc;
  uint32_t c = d.find_last(0, "c");
  EXPECT_EQ(d.locate(d.nodes[c].pos).line, 6u);
  EXPECT_EQ(d.locate(d.nodes[c].pos).col, 4u);
  EXPECT_EQ(d.locate(d.nodes[c + 1].pos).col, 5u);
  for (const auto &doc : l.docs) EXPECT_EQ(tape_problem(*doc), "");
}

TEST(YamlStream, SkippedDocuments) {
  EXPECT_EQ(js("---\n---\n# only a comment\n---\nnull\n---\n~\n---\n\n---\na: 1\n---\n"), "{\"a\":1}");
  EXPECT_EQ(js(""), "<none>");
  EXPECT_EQ(js("# nothing\n"), "<none>");
  EXPECT_EQ(js("!!null x\n"), "ERR: yaml: cannot decode !!str `x` as a !!null");
  // A scalar document is kept (a later decoding step rejects it).
  EXPECT_EQ(js("hello\n"), "\"hello\"");
  EXPECT_EQ(js("'null'\n"), "\"null\"");
}

TEST(YamlStream, Separators) {
  EXPECT_EQ(js("a: 1\n---   \t\nb: 2\n"), "{\"a\":1} | {\"b\":2}");
  EXPECT_EQ(js("a: 1\n---#x\nb: 2\n"), "{\"a\":1} | {\"b\":2}");
  // Not at the start of the line: not a separator, and not one for libyaml either.
  EXPECT_EQ(js("a: |\n  ---\nb: 2\n"), "{\"a\":\"---\\n\",\"b\":2}");
  Loaded l = load("a: 1\n---\nb: 2\n--- !!map\nc: 3\n");
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.err.message, "invalid Yaml document separator: !!map");
  EXPECT_EQ(l.err.line, 4u);
  ASSERT_EQ(l.docs.size(), 1u);  // the document before the bad separator is dropped too
  EXPECT_EQ(js("----\n"), "ERR: invalid Yaml document separator: -");
  EXPECT_EQ(js("--- a: 1\n"), "ERR: invalid Yaml document separator: a: 1");
  // %YAML is cut off from its document and fails alone.
  EXPECT_EQ(js("%YAML 1.1\n---\na: 1\n"), "ERR: yaml: line 1: did not find expected <document start>");
  // After "..." go-yaml reads no further.
  EXPECT_EQ(js("a: 1\n...\nb: 2\n"), "{\"a\":1}");
  EXPECT_EQ(js("a: 1\n...\n}}} :\n"), "{\"a\":1}");
}

TEST(YamlStream, CrLfAndBom) {
  Loaded l = load("a: 1\r\nb: |\r\n  x\r\n  y\r\n---\r\nc: 'p\r\n  q'\r\n");
  ASSERT_TRUE(l.ok) << l.err.message;
  ASSERT_EQ(l.docs.size(), 2u);
  std::string out;
  effective_json(l.docs[0]->doc, 0, out);
  EXPECT_EQ(out, "{\"a\":1,\"b\":\"x\\ny\\n\"}");
  out.clear();
  effective_json(l.docs[1]->doc, 0, out);
  EXPECT_EQ(out, "{\"c\":\"p q\"}");
  EXPECT_EQ(l.docs[1]->start_line, 6u);
  // The last line gets its line break back, as oc's line reader adds it.
  EXPECT_EQ(js("a: |\n  x"), "{\"a\":\"x\\n\"}");

  l = load("\xEF\xBB\xBF" "a: 1\nb: \xC3\xA9\xC3\xA9 x\n");
  ASSERT_TRUE(l.ok) << l.err.message;
  const Doc &d = l.docs[0]->doc;
  uint32_t a = d.find_last(0, "a");
  EXPECT_EQ(d.locate(d.nodes[a - 1].pos).line, 1u);
  EXPECT_EQ(d.locate(d.nodes[a - 1].pos).col, 1u);
  uint32_t b = d.find_last(0, "b");
  EXPECT_EQ(d.nodes[b].text(), "\xC3\xA9\xC3\xA9 x");
  EXPECT_EQ(d.locate(d.nodes[b].pos).col, 4u);
}

TEST(YamlStream, PositionsAreCodePoints) {
  Loaded l = load("\xC3\xA9t\xC3\xA9: [\xC3\xBC, 'x']\n");
  ASSERT_TRUE(l.ok) << l.err.message;
  const Doc &d = l.docs[0]->doc;
  EXPECT_EQ(d.locate(d.nodes[1].pos).col, 1u);   // key
  EXPECT_EQ(d.locate(d.nodes[2].pos).col, 6u);   // [
  EXPECT_EQ(d.locate(d.nodes[3].pos).col, 7u);   // ü
  EXPECT_EQ(d.locate(d.nodes[4].pos).col, 10u);  // 'x'
  // Scalars that are unchanged in the text point into the document's copy.
  EXPECT_GE(d.nodes[3].str, d.src.data());
  EXPECT_LT(d.nodes[3].str, d.src.data() + d.src.size());
}

TEST(YamlStream, ThreadSafeConcurrentLoads) {
  // No shared state: loading the same text from several threads agrees.
  std::string y = "a: &x {b: [1, 2.5, yes, ~, '2015-10-12']}\nc: *x\nd:\n  <<: *x\n";
  std::string want = js(y);
  std::vector<std::string> got(4);
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([&, t] {
      for (int k = 0; k < 50; ++k) got[static_cast<size_t>(t)] = js(y);
    });
  }
  for (auto &t : ts) t.join();
  for (const auto &g : got) EXPECT_EQ(g, want);
}

// ---------------------------------------------------------------------------
// Cross-check with PyYAML (Debian python3-yaml), when present, on generated
// scalars of the forms where its YAML 1.1 resolver and go-yaml v2 agree:
// decimal integers without leading zeros, floats with a '.' and a signed
// exponent, and the boolean and null words (PyYAML has no y/n booleans, no
// 0o/08 rules and no unsigned exponents, so those are left out).

TEST(YamlCrossCheck, PyYamlScalarResolution) {
  if (std::system("python3 -c 'import yaml' >/dev/null 2>&1") != 0) GTEST_SKIP() << "python3-yaml not installed";
  uint64_t seed = 0x9E3779B97F4A7C15ULL;
  auto rnd = [&](uint64_t n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % n;
  };
  auto digits = [&](size_t n, bool first_nonzero, bool underscores) {
    std::string d;
    for (size_t i = 0; i < n; ++i) {
      if (underscores && i > 0 && rnd(4) == 0) d += '_';
      d += static_cast<char>('0' + (i == 0 && first_nonzero ? 1 + rnd(9) : rnd(10)));
    }
    return d;
  };
  std::vector<std::string> in;
  for (const char *w : {"yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on",
                        "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "yEs", "nUll", "0", "-0", "+0"})
    in.push_back(w);
  for (int i = 0; i < 1500; ++i) {
    std::string sgn = rnd(3) == 0 ? "-" : rnd(3) == 0 ? "+" : "";
    switch (rnd(4)) {
      case 0: in.push_back(sgn + digits(1 + rnd(18), true, rnd(2) == 0)); break;
      case 1: in.push_back(sgn + digits(1 + rnd(6), false, rnd(3) == 0) + "." + digits(rnd(8), false, false)); break;
      case 2:
        in.push_back(sgn + digits(1 + rnd(4), false, false) + "." + digits(rnd(5), false, false) +
                     (rnd(2) ? "e" : "E") + (rnd(2) ? "+" : "-") + digits(1 + rnd(2), false, false));
        break;
      default: in.push_back("." + digits(1 + rnd(6), false, false)); break;
    }
  }
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path();
  std::string tag = std::to_string(reinterpret_cast<uintptr_t>(&in));
  fs::path src = dir / ("isc_yaml_xcheck_in_" + tag);
  fs::path dst = dir / ("isc_yaml_xcheck_out_" + tag);
  {
    std::ofstream o(src);
    for (const auto &s : in) o << s << "\n";
  }
  std::string cmd = "python3 -c '\n"
                    "import sys, yaml\n"
                    "out = open(sys.argv[2], \"w\")\n"
                    "for line in open(sys.argv[1]).read().split(\"\\n\")[:-1]:\n"
                    "    v = yaml.safe_load(\"v: \" + line)[\"v\"]\n"
                    "    if v is None: out.write(\"null\\n\")\n"
                    "    elif isinstance(v, bool): out.write(\"true\\n\" if v else \"false\\n\")\n"
                    "    elif isinstance(v, int): out.write(\"i \" + str(v) + \"\\n\")\n"
                    "    elif isinstance(v, float): out.write(\"f \" + repr(v) + \"\\n\")\n"
                    "    else: out.write(\"s\\n\")\n"
                    "' " + src.string() + " " + dst.string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream r(dst);
  std::vector<std::string> want;
  for (std::string line; std::getline(r, line);) want.push_back(line);
  fs::remove(src);
  fs::remove(dst);
  ASSERT_EQ(want.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    std::string got = val(in[i]);
    const std::string &w = want[i];
    if (w == "null" || w == "true" || w == "false") {
      EXPECT_EQ(got, w) << in[i];
    } else if (w == "s") {
      EXPECT_EQ(got.front(), '"') << in[i] << " -> " << got;
    } else if (w[0] == 'i') {
      EXPECT_EQ(got, w.substr(2)) << in[i];
    } else {
      EXPECT_NE(got.front(), '"') << in[i];
      EXPECT_EQ(std::strtod(got.c_str(), nullptr), std::strtod(w.c_str() + 2, nullptr)) << in[i] << " -> " << got;
    }
  }
}

// ---------------------------------------------------------------------------
// Every YAML file of the real corpus that libyaml parses loads into a sane tape.

TEST(YamlCorpus, RealFilesLoadIntoSaneTapes) {
  namespace fs = std::filesystem;
  const fs::path root = "/work/shared/corpus/real";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) GTEST_SKIP() << "no corpus at " << root;
  size_t files = 0;
  size_t loaded = 0;
  size_t docs = 0;
  for (const auto &e : fs::recursive_directory_iterator(root, ec)) {
    if (!e.is_regular_file()) continue;
    std::string ext = e.path().extension().string();
    if (ext != ".yaml" && ext != ".yml") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    ++files;
    Loaded l = load(text);
    if (!l.ok) {
      // Only YAML errors are acceptable, never a crash or a broken tape.
      EXPECT_FALSE(l.err.message.empty()) << e.path();
      EXPECT_GE(l.err.line, 1u) << e.path();
    } else {
      ++loaded;
    }
    for (const auto &d : l.docs) {
      ++docs;
      EXPECT_EQ(tape_problem(*d), "") << e.path();
    }
  }
  EXPECT_GT(files, 0u);
  EXPECT_GT(loaded, files / 2);
  RecordProperty("files", static_cast<int>(files));
  RecordProperty("loaded", static_cast<int>(loaded));
  RecordProperty("documents", static_cast<int>(docs));
}

// A YamlLoader reused from stream to stream (its scratch, its key table and
// the documents handed back with recycle()) loads each stream exactly as a
// fresh load_yaml_stream does: same tape, positions, duplicates and errors,
// whatever was loaded before (a large document, then small ones, errors in
// between).
TEST(YamlLoader, ReuseLoadsLikeAFreshLoader) {
  std::string large;
  for (int i = 0; i < 300; ++i) large += "k" + std::to_string(i) + ": {a: " + std::to_string(i) + ", b: [x, y]}\n";
  const std::vector<std::string> inputs = {
      large,
      "a: 1\na: 2\nb: {c: 1, c: 2}\n",
      "x: &a {k: v}\ny: *a\nz: [*a, *a]\n",
      "---\na: 1\n---\nb: [1, 2]\n---\n# only a comment\n---\nc: ~\n",
      "a: [1, 2\n",
      "a: 1\n",
      "base: &b {p: 1, q: 2}\nm:\n  <<: *b\n  q: 3\n",
      "1.5: x\n1.50: y\n",
      "apiVersion: v1\nkind: List\nitems:\n- kind: ImageStream\n  metadata: {name: a}\n- kind: ImageStream\n  metadata: {name: b}\n",
      "",
      large,
  };
  YamlLoader loader;
  std::vector<std::unique_ptr<YamlDocument>> docs;
  for (int round = 0; round < 2; ++round) {
    for (const std::string &in : inputs) {
      SCOPED_TRACE(in.substr(0, 60));
      Loaded fresh = load(in);
      loader.recycle(docs);
      ASSERT_TRUE(docs.empty());
      YamlError err;
      const bool ok = loader.load(in, docs, err);
      ASSERT_EQ(ok, fresh.ok);
      EXPECT_EQ(err.message, fresh.err.message);
      EXPECT_EQ(err.line, fresh.err.line);
      EXPECT_EQ(err.column, fresh.err.column);
      ASSERT_EQ(docs.size(), fresh.docs.size());
      for (size_t k = 0; k < docs.size(); ++k) {
        const YamlDocument &a = *docs[k], &b = *fresh.docs[k];
        EXPECT_EQ(a.start_line, b.start_line);
        ASSERT_EQ(a.doc.nodes.size(), b.doc.nodes.size());
        for (size_t i = 0; i < a.doc.nodes.size(); ++i) {
          const Node &x = a.doc.nodes[i], &y = b.doc.nodes[i];
          ASSERT_EQ(x.type, y.type) << i;
          EXPECT_EQ(x.flags, y.flags) << i;
          EXPECT_EQ(x.len, y.len) << i;
          EXPECT_EQ(x.next, y.next) << i;
          if (x.type == NodeType::String || x.type == NodeType::Number) {
            EXPECT_EQ(x.text(), y.text()) << i;
          }
          const Location lx = a.doc.locate(x.pos), ly = b.doc.locate(y.pos);
          EXPECT_EQ(lx.line, ly.line) << i;
          EXPECT_EQ(lx.col, ly.col) << i;
        }
        ASSERT_EQ(a.duplicates.size(), b.duplicates.size());
        for (size_t i = 0; i < a.duplicates.size(); ++i) {
          EXPECT_EQ(a.duplicates[i].key_node, b.duplicates[i].key_node);
          EXPECT_EQ(a.duplicates[i].line, b.duplicates[i].line);
          EXPECT_EQ(a.duplicates[i].message, b.duplicates[i].message);
        }
        std::string ja, jb;
        effective_json(a.doc, a.doc.root, ja);
        effective_json(b.doc, b.doc.root, jb);
        EXPECT_EQ(ja, jb);
      }
    }
  }
}
