// Differential oracle (d): the JSON and the YAML rendering of one document
// give the same findings, except for line and column.
//
// The harness parses the input with the library's JSON parser and renders
// the tree twice, with the keys of every object sorted as Go's json.Marshal
// sorts map keys (the API server turns YAML into JSON through a map, so a
// JSON document in that order is decoded in the same order as its YAML
// rendering): as compact JSON, and as block-style YAML whose keys and
// strings are all double-quoted (escapes for everything outside printable
// ASCII), so that YAML 1.1 resolution cannot retype them. Inputs whose
// renderings legitimately differ on the server are skipped: duplicate keys
// (YAMLToJSONStrict words them differently), numbers other than canonical
// int64 literals (YAML re-marshals floats and big or negative-zero
// integers), invalid UTF-8 and lone surrogates, non-object roots, keys too
// long for a YAML simple key, nesting deeper than 64.
//
// Compared: validity, the multisets of (severity, field, type, message,
// rule), the normalized object and the generations, for isc_validate and for
// isc_validate_file (JSON vs YAML format). While the library refuses YAML
// (a SyntaxError for a minimal YAML ImageStream) the harness skips.
//
// Input: DOCUMENT + options byte (fuzz_helpers.hh); updates use the JSON
// rendering as the stored object for both.
#include <algorithm>    // sort
#include <cstdint>      // uint8_t, uint32_t
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

#include "fuzz_helpers.hh"
#include "json/doc.hh"
#include "json/parser.hh"

using namespace isc::detail;

namespace {

constexpr size_t kMaxDepth = 64;
constexpr size_t kMaxKey = 1000;  // YAML simple keys are limited to 1024 characters

// Decodes one UTF-8 sequence of a valid string; returns the code point and advances i.
uint32_t next_code_point(std::string_view s, size_t &i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  const size_t w = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  uint32_t cp = b0 & (w == 4 ? 0x07u : w == 3 ? 0x0Fu : 0x1Fu);
  for (size_t k = 1; k < w && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  i += w;
  return cp;
}

void yaml_quote(std::string &out, std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c >= 0x20 && c < 0x7f) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
      ++i;
      continue;
    }
    const uint32_t cp = next_code_point(s, i);
    if (cp <= 0xFFFF) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 15];
    } else {
      out += "\\U";
      for (int shift = 28; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 15];
    }
  }
  out += '"';
}

// Members of an object sorted by key bytes (std::string_view compares as unsigned char).
std::vector<std::pair<std::string_view, uint32_t>> sorted_members(const Doc &d, uint32_t obj) {
  std::vector<std::pair<std::string_view, uint32_t>> m;
  for (auto it = members(d, obj); !it.done(); it.advance()) m.emplace_back(d.nodes[it.key].text(), it.value());
  std::stable_sort(m.begin(), m.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
  return m;
}

// Whether the tree renders to equivalent JSON and YAML (see the file comment).
bool renderable(const Doc &d, uint32_t node, size_t depth) {
  const Node &n = d.nodes[node];
  if (depth > kMaxDepth) return false;
  switch (n.type) {
    case NodeType::Null:
    case NodeType::True:
    case NodeType::False:
      return true;
    case NodeType::Number: {
      if (n.flags & kNumFrac) return false;
      const std::string_view t = n.text();
      if (t == "-0") return false;
      const std::string_view digits = t.substr(t[0] == '-' ? 1 : 0);
      if (digits.size() > 19) return false;
      if (digits.size() == 19 && digits > (t[0] == '-' ? "9223372036854775808" : "9223372036854775807")) return false;
      return true;
    }
    case NodeType::String:
      return (n.flags & (kStrBadUtf8 | kStrSurrogate)) == 0;
    case NodeType::Array:
      for (auto e = elements(d, node); !e.done(); e.advance()) {
        if (!renderable(d, e.cur, depth + 1)) return false;
      }
      return true;
    case NodeType::Object: {
      const auto m = sorted_members(d, node);
      for (size_t i = 0; i < m.size(); ++i) {
        const Node &k = d.nodes[m[i].second - 1];
        if (k.flags & (kStrBadUtf8 | kStrSurrogate)) return false;
        std::string quoted;
        yaml_quote(quoted, m[i].first);
        if (quoted.size() > kMaxKey) return false;
        if (i > 0 && m[i].first == m[i - 1].first) return false;  // duplicate key
        if (!renderable(d, m[i].second, depth + 1)) return false;
      }
      return true;
    }
  }
  return false;
}

void render_json(const Doc &d, uint32_t node, std::string &out) {
  const Node &n = d.nodes[node];
  switch (n.type) {
    case NodeType::Array: {
      out += '[';
      bool first = true;
      for (auto e = elements(d, node); !e.done(); e.advance()) {
        if (!first) out += ',';
        first = false;
        render_json(d, e.cur, out);
      }
      out += ']';
      return;
    }
    case NodeType::Object: {
      out += '{';
      bool first = true;
      for (const auto &m : sorted_members(d, node)) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, m.first);
        out += ':';
        render_json(d, m.second, out);
      }
      out += '}';
      return;
    }
    default:
      write_json(d, node, out);
  }
}

bool empty_container(const Node &n) { return n.is_container() && n.len == 0; }

void render_yaml_scalar(const Doc &d, uint32_t node, std::string &out) {
  const Node &n = d.nodes[node];
  switch (n.type) {
    case NodeType::Null: out += "null"; break;
    case NodeType::True: out += "true"; break;
    case NodeType::False: out += "false"; break;
    case NodeType::Number: out += n.text(); break;
    case NodeType::String: yaml_quote(out, n.text()); break;
    case NodeType::Array: out += "[]"; break;
    case NodeType::Object: out += "{}"; break;
  }
}

// Block style: a container's entries each on a line at `indent`.
void render_yaml_block(const Doc &d, uint32_t node, size_t indent, std::string &out) {
  const Node &n = d.nodes[node];
  const std::string pad(indent, ' ');
  if (n.type == NodeType::Object) {
    for (const auto &m : sorted_members(d, node)) {
      out += pad;
      yaml_quote(out, m.first);
      out += ':';
      const Node &v = d.nodes[m.second];
      if (v.is_container() && !empty_container(v)) {
        out += '\n';
        render_yaml_block(d, m.second, indent + 2, out);
      } else {
        out += ' ';
        render_yaml_scalar(d, m.second, out);
        out += '\n';
      }
    }
  } else {
    for (auto e = elements(d, node); !e.done(); e.advance()) {
      out += pad;
      out += '-';
      const Node &v = d.nodes[e.cur];
      if (v.is_container() && !empty_container(v)) {
        out += '\n';
        render_yaml_block(d, e.cur, indent + 2, out);
      } else {
        out += ' ';
        render_yaml_scalar(d, e.cur, out);
        out += '\n';
      }
    }
  }
}

struct Comparable {
  int valid = 0;
  std::vector<std::tuple<int, std::string, std::string, std::string, std::string>> findings;
  std::string normalized, generations;
  bool has_normalized = false, has_generations = false;

  explicit Comparable(const isc_fuzz::Snapshot &s)
      : valid(s.valid),
        normalized(s.normalized),
        generations(s.generations),
        has_normalized(s.has_normalized),
        has_generations(s.has_generations) {
    for (const auto &f : s.findings) findings.push_back(f.key());
    std::sort(findings.begin(), findings.end());
  }
  bool operator==(const Comparable &o) const {
    return valid == o.valid && findings == o.findings && has_normalized == o.has_normalized &&
           normalized == o.normalized && has_generations == o.has_generations && generations == o.generations;
  }
};

void compare(const isc_fuzz::Snapshot &j, const isc_fuzz::Snapshot &y, const std::string &json,
             const std::string &yaml, const char *what) {
  FUZZ_ASSERT_MSG(Comparable(j) == Comparable(y), "%s: JSON and YAML renderings differ\nJSON:\n%s\n%s\nYAML:\n%s\n%s",
                  what, json.c_str(), j.show().c_str(), yaml.c_str(), y.show().c_str());
}

isc_report *new_report() {
  isc_report *r = nullptr;
  FUZZ_ASSERT(isc_report_new(&r) == ISC_OK);
  return r;
}

isc_file_report *new_file_report() {
  isc_file_report *f = nullptr;
  FUZZ_ASSERT(isc_file_report_new(&f) == ISC_OK);
  return f;
}

bool has_syntax_error(const isc_fuzz::Snapshot &s) {
  for (const auto &f : s.findings) {
    if (f.type == "SyntaxError") return true;
  }
  return false;
}

constexpr char kProbe[] =
    "\"apiVersion\": \"image.openshift.io/v1\"\n\"kind\": \"ImageStream\"\n\"metadata\":\n  \"name\": \"probe\"\n"
    "  \"namespace\": \"demo\"\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static isc_fuzz::ValidatorCache validators;
  static isc_report *rj = new_report();
  static isc_report *ry = new_report();
  static isc_file_report *fj = new_file_report();
  static isc_file_report *fy = new_file_report();
  static Doc doc;
  // Whether isc_validate and isc_validate_file read YAML yet.
  static const bool yaml_documents = [] {
    const isc_validator *v = validators.get(isc_fuzz::Options());
    FUZZ_ASSERT(v && isc_validate(v, ISC_OP_CREATE, kProbe, sizeof kProbe - 1, nullptr, 0, rj) == ISC_OK);
    return !has_syntax_error(isc_fuzz::snapshot(rj));
  }();
  static const bool yaml_files = [] {
    const isc_validator *v = validators.get(isc_fuzz::Options());
    FUZZ_ASSERT(v && isc_validate_file(v, ISC_OP_CREATE, kProbe, sizeof kProbe - 1, ISC_FORMAT_YAML, nullptr, 0,
                                       fy) == ISC_OK);
    const isc_fuzz::FileSnapshot s = isc_fuzz::file_snapshot(fy);
    for (const auto &e : s.entries) {
      if (has_syntax_error(e)) return false;
    }
    return !s.entries.empty();
  }();
  if (!yaml_documents && !yaml_files) {
    isc_fuzz::count("skipped: the library refuses YAML");
    return 0;
  }

  const isc_fuzz::Options o = isc_fuzz::take_options(data, size);
  const std::string_view in(size ? reinterpret_cast<const char *>(data) : "", size);
  doc.clear();
  JsonError err;
  if (!parse_json_document(in, doc, err)) {
    isc_fuzz::count("skipped: not JSON");
    return 0;
  }
  if (doc.nodes[doc.root].type != NodeType::Object || !renderable(doc, doc.root, 0)) {
    isc_fuzz::count("skipped: not renderable alike");
    return 0;
  }

  std::string json, yaml;
  render_json(doc, doc.root, json);
  if (empty_container(doc.nodes[doc.root])) yaml = "{}\n";
  else render_yaml_block(doc, doc.root, 0, yaml);

  const isc_validator *v = validators.get(o);
  FUZZ_ASSERT(v != nullptr);
  const bool update = o.op != ISC_OP_CREATE;
  const char *old = update ? json.data() : nullptr;
  const size_t old_len = update ? json.size() : 0;

  if (yaml_documents) {
    FUZZ_ASSERT(isc_validate(v, o.op, json.data(), json.size(), old, old_len, rj) == ISC_OK);
    FUZZ_ASSERT(isc_validate(v, o.op, yaml.data(), yaml.size(), old, old_len, ry) == ISC_OK);
    compare(isc_fuzz::snapshot(rj), isc_fuzz::snapshot(ry), json, yaml, "isc_validate");
    isc_fuzz::count(isc_report_valid(rj) ? "compared isc_validate (valid)" : "compared isc_validate (invalid)");
  }
  if (yaml_files) {
    FUZZ_ASSERT(isc_validate_file(v, o.op, json.data(), json.size(), ISC_FORMAT_JSON, old, old_len, fj) == ISC_OK);
    FUZZ_ASSERT(isc_validate_file(v, o.op, yaml.data(), yaml.size(), ISC_FORMAT_YAML, old, old_len, fy) == ISC_OK);
    const isc_fuzz::FileSnapshot sj = isc_fuzz::file_snapshot(fj);
    const isc_fuzz::FileSnapshot sy = isc_fuzz::file_snapshot(fy);
    FUZZ_ASSERT_MSG(sj.entries.size() == sy.entries.size() && sj.skipped == sy.skipped,
                    "isc_validate_file: %zu entries (%zu skipped) for JSON, %zu (%zu) for YAML\nJSON:\n%s\nYAML:\n%s",
                    sj.entries.size(), sj.skipped, sy.entries.size(), sy.skipped, json.c_str(), yaml.c_str());
    for (size_t i = 0; i < sj.entries.size(); ++i) {
      FUZZ_ASSERT_MSG(sj.entries[i].object == sy.entries[i].object, "entry %zu is %s in JSON, %s in YAML", i,
                      sj.entries[i].object.c_str(), sy.entries[i].object.c_str());
      compare(sj.entries[i], sy.entries[i], json, yaml, "isc_validate_file");
    }
    isc_fuzz::count("compared isc_validate_file");
  }
  return 0;
}
