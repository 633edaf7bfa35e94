// The JSON parser alone (lib/src/json): parse_json_document on the whole
// input, parse_json_value over concatenated values, write_json, and
// Doc::locate.
//
// Oracles:
// - round trip (zstd simple_round_trip): a parsed document written back with
//   write_json parses again into the same tape, and writing that gives the
//   same text (a fixed point);
// - acceptance agrees with nlohmann/json, an independent RFC 8259 parser, on
//   the inputs where encoding/json and RFC 8259 agree (nlohmann rejects
//   invalid UTF-8, lone surrogate escapes and numbers beyond double, which
//   Go's decoder accepts, and it ends the input at a NUL byte), and both
//   read the same value;
// - error offsets lie inside the input and locate() on them stays in range;
// - locate() from the index (after a document's first calls) agrees with
//   locate() counting from the start;
// - Doc::max_scalar_len bounds every string and number.
#include <cstdint>      // uint8_t, uint32_t
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include "fuzz_helpers.hh"
#include "json/doc.hh"
#include "json/parser.hh"

using namespace isc::detail;
using isc_fuzz::printable;

namespace {

// Nesting depth of brackets outside strings (an upper bound is enough).
size_t max_depth(std::string_view s) {
  size_t depth = 0, max = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max) max = depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max;
}

bool has_lone_surrogate_or_bad_utf8(const Doc &d) {
  for (const Node &n : d.nodes) {
    if (n.type == NodeType::String && (n.flags & (kStrBadUtf8 | kStrSurrogate))) return true;
  }
  return false;
}

// locate() answers a document's first calls by counting and later ones from
// its index: a fresh Doc over the same bytes (which counts) must agree.
void same_location(const Doc &d, uint32_t pos, Location loc) {
  Doc fresh;
  fresh.set_src(d.src);
  const Location direct = fresh.locate(pos);
  FUZZ_ASSERT_MSG(direct.line == loc.line && direct.col == loc.col, "locate(%u) is %u:%u counted but %u:%u", pos,
                  direct.line, direct.col, loc.line, loc.col);
}

void same_tape(const Doc &a, const Doc &b, std::string_view in) {
  FUZZ_ASSERT_MSG(a.nodes.size() == b.nodes.size(), "the round trip changes the node count (%zu vs %zu) of \"%s\"",
                  a.nodes.size(), b.nodes.size(), printable(in).c_str());
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    const Node &x = a.nodes[i];
    const Node &y = b.nodes[i];
    FUZZ_ASSERT_MSG(x.type == y.type && x.len == y.len && x.next == y.next &&
                        (x.type != NodeType::String || x.text() == y.text()) &&
                        (x.type != NodeType::Number || x.text() == y.text()),
                    "the round trip changes node %zu of \"%s\"", i, printable(in).c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static Doc doc, again;
  const std::string_view in(size ? reinterpret_cast<const char *>(data) : "", size);

  doc.clear();
  JsonError err;
  const bool ok = parse_json_document(in, doc, err);
  if (!ok) {
    FUZZ_ASSERT_MSG(!err.message.empty(), "a syntax error without a message for \"%s\"", printable(in).c_str());
    FUZZ_ASSERT_MSG(err.pos <= size, "error offset %u past the end (%zu) of \"%s\"", err.pos, size,
                    printable(in).c_str());
    const Location loc = doc.locate(err.pos);
    same_location(doc, err.pos, loc);
  } else {
    FUZZ_ASSERT(doc.root < doc.nodes.size() && doc.nodes[doc.root].next == doc.nodes.size());
    for (const Node &n : doc.nodes) {
      if (n.type == NodeType::String || n.type == NodeType::Number)
        FUZZ_ASSERT_MSG(n.len <= doc.max_scalar_len, "max_scalar_len %u below a scalar of %u bytes in \"%s\"",
                        doc.max_scalar_len, n.len, printable(in).c_str());
    }
    std::string w1;
    write_json(doc, doc.root, w1);
    again.clear();
    JsonError err2;
    FUZZ_ASSERT_MSG(parse_json_document(w1, again, err2), "write_json output does not parse (%s): \"%s\" from \"%s\"",
                    err2.message.c_str(), printable(w1).c_str(), printable(in).c_str());
    same_tape(doc, again, in);
    std::string w2;
    write_json(again, again.root, w2);
    FUZZ_ASSERT_MSG(w1 == w2, "write_json is no fixed point: \"%s\" then \"%s\"", printable(w1).c_str(),
                    printable(w2).c_str());
    // Every node is located; some are counted afresh too (counting is
    // linear per call).
    for (size_t i = 0; i < doc.nodes.size(); ++i) {
      const Location loc = doc.locate(doc.nodes[i].pos);
      if (i < 16 || i % 61 == 0) same_location(doc, doc.nodes[i].pos, loc);
    }
  }

  // Differential acceptance against nlohmann/json (iterative parser, but keep
  // its recursive value destruction shallow).
  if (max_depth(in) <= 200) {
    // nlohmann also skips a UTF-8 byte order mark, which Go refuses, and
    // takes a NUL byte for the end of the input.
    bool skip = (ok && has_lone_surrogate_or_bad_utf8(doc)) || in.substr(0, 3) == "\xef\xbb\xbf" ||
                in.find('\0') != std::string_view::npos;
    bool theirs = false;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(in.begin(), in.end());
      theirs = true;
    } catch (const nlohmann::json::out_of_range &) {
      skip = true;  // a number beyond double: fine for Go's syntax, refused by nlohmann
    } catch (const nlohmann::json::parse_error &e) {
      const std::string what = e.what();
      // Invalid UTF-8 and lone surrogates: Go decodes them to U+FFFD.
      if (what.find("UTF-8") != std::string::npos || what.find("surrogate") != std::string::npos) skip = true;
    }
    if (!skip) {
      FUZZ_ASSERT_MSG(ok == theirs, "acceptance differs from nlohmann/json (ours %d: %s) for \"%s\"", ok,
                      err.message.c_str(), printable(in).c_str());
      if (ok) {
        std::string w;
        write_json(doc, doc.root, w);
        nlohmann::json k;
        try {
          k = nlohmann::json::parse(w);
        } catch (const std::exception &e) {
          FUZZ_ASSERT_MSG(false, "nlohmann/json refuses write_json output \"%s\": %s", printable(w).c_str(),
                          e.what());
        }
        FUZZ_ASSERT_MSG(j == k, "a different value after the round trip of \"%s\": \"%s\"", printable(in).c_str(),
                        printable(w).c_str());
      }
    }
  }

  // Concatenated values, as isc_validate_file reads JSON inputs.
  size_t off = skip_json_space(in, 0);
  while (off < in.size()) {
    again.clear();
    JsonError e;
    size_t at = off;
    if (!parse_json_value(in, &at, again, e)) {
      FUZZ_ASSERT_MSG(e.pos <= size, "error offset %u past the end (%zu)", e.pos, size);
      break;
    }
    FUZZ_ASSERT_MSG(at > off && at <= size, "parse_json_value did not advance (%zu -> %zu)", off, at);
    off = skip_json_space(in, at);
  }
  return 0;
}
