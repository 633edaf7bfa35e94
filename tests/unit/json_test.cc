// JSON parser: RFC 8259 acceptance and Go encoding/json error wording.
#include <gtest/gtest.h>

#include "json/parser.hh"

using namespace isc::detail;

namespace {
std::string err_of(std::string_view s) {
  Doc d;
  JsonError e;
  if (parse_json_document(s, d, e)) return "";
  return e.message;
}
}  // namespace

TEST(Json, ParsesNestedDocument) {
  Doc d;
  JsonError e;
  ASSERT_TRUE(parse_json_document(R"({"a":[1,2,{"b":null}],"c":"x\u00e9y","d":true})", d, e)) << e.message;
  const Node &root = d.nodes[d.root];
  EXPECT_EQ(root.type, NodeType::Object);
  EXPECT_EQ(root.len, 3u);
  uint32_t a = d.find_last(d.root, "a");
  ASSERT_NE(a, 0u);
  EXPECT_EQ(d.nodes[a].type, NodeType::Array);
  EXPECT_EQ(d.nodes[a].len, 3u);
  uint32_t c = d.find_last(d.root, "c");
  EXPECT_EQ(d.nodes[c].text(), "x\xc3\xa9y");
}

TEST(Json, GoSyntaxErrors) {
  EXPECT_EQ(err_of(""), "unexpected end of JSON input");
  EXPECT_EQ(err_of("   "), "unexpected end of JSON input");
  EXPECT_EQ(err_of("{\"a\":1,}"), "invalid character '}' looking for beginning of object key string");
  EXPECT_EQ(err_of("{\"a\" 1}"), "invalid character '1' after object key");
  EXPECT_EQ(err_of("{\"a\":1 \"b\"}"), "invalid character '\"' after object key:value pair");
  EXPECT_EQ(err_of("[1,]"), "invalid character ']' looking for beginning of value");
  EXPECT_EQ(err_of("[1 2]"), "invalid character '2' after array element");
  EXPECT_EQ(err_of("{} x"), "invalid character 'x' after top-level value");
  EXPECT_EQ(err_of("tru"), "unexpected end of JSON input");
  EXPECT_EQ(err_of("trUe"), "invalid character 'U' in literal true (expecting 'u')");
  EXPECT_EQ(err_of("nul1"), "invalid character '1' in literal null (expecting 'l')");
  EXPECT_EQ(err_of("-x"), "invalid character 'x' in numeric literal");
  EXPECT_EQ(err_of("1.x"), "invalid character 'x' after decimal point in numeric literal");
  EXPECT_EQ(err_of("1ex"), "invalid character 'x' in exponent of numeric literal");
  EXPECT_EQ(err_of("01"), "invalid character '1' after top-level value");
  EXPECT_EQ(err_of("\"a\x01\""), "invalid character '\\x01' in string literal");
  EXPECT_EQ(err_of("\"\\q\""), "invalid character 'q' in string escape code");
  EXPECT_EQ(err_of("\"\\u12x4\""), "invalid character 'x' in \\u hexadecimal character escape");
  EXPECT_EQ(err_of("'a'"), "invalid character '\\'' looking for beginning of value");
  EXPECT_EQ(err_of("\xef\xbb\xbf{}"), "invalid character '\xc3\xaf' looking for beginning of value");
}

TEST(Json, DepthLimit) {
  std::string deep(20000, '[');
  Doc d;
  JsonError e;
  EXPECT_FALSE(parse_json_document(deep, d, e));
  EXPECT_EQ(e.message, "invalid character '[' exceeded max depth");
  EXPECT_EQ(e.pos, 10000u);
}

TEST(Json, InvalidUtf8IsReplacedAndFlagged) {
  Doc d;
  JsonError e;
  ASSERT_TRUE(parse_json_document("\"a\xff" "b\"", d, e));
  EXPECT_EQ(d.nodes[d.root].text(), "a\xef\xbf\xbd" "b");
  EXPECT_TRUE(d.nodes[d.root].flags & kStrBadUtf8);
}

TEST(Json, SurrogatePairsAndLoneSurrogates) {
  Doc d;
  JsonError e;
  ASSERT_TRUE(parse_json_document(R"(["\ud83d\ude00","\ud800x"])", d, e));
  uint32_t first = d.root + 1;
  EXPECT_EQ(d.nodes[first].text(), "\xf0\x9f\x98\x80");
  uint32_t second = d.nodes[first].next;
  EXPECT_EQ(d.nodes[second].text(), "\xef\xbf\xbdx");
  EXPECT_TRUE(d.nodes[second].flags & kStrSurrogate);
}

TEST(Json, DuplicateKeysAreKept) {
  Doc d;
  JsonError e;
  ASSERT_TRUE(parse_json_document(R"({"a":1,"a":2})", d, e));
  EXPECT_EQ(d.nodes[d.root].len, 2u);
  EXPECT_EQ(d.nodes[d.find_last(d.root, "a")].text(), "2");
  EXPECT_EQ(d.nodes[d.find_first(d.root, "a")].text(), "1");
}

TEST(Json, LocateCountsLinesAndCodePoints) {
  Doc d;
  JsonError e;
  ASSERT_TRUE(parse_json_document("{\n  \"\xc3\xa9\": \"x\"\n}", d, e));
  uint32_t v = d.find_last(d.root, "\xc3\xa9");
  auto loc = d.locate(d.nodes[v].pos);
  EXPECT_EQ(loc.line, 2u);
  EXPECT_EQ(loc.col, 8u);
}

// Found by fuzz/validate_json_fuzzer (fuzz/regressions/validate_json/crash-0b437df9...):
// a member lookup on an array read past the end of the node tape.
TEST(Json, FindOnNonObjectsFindsNothing) {
  for (const char *src : {"[1]", "[]", "[\"apiVersion\",\"x\"]", "\"apiVersion\"", "7", "null"}) {
    Doc d;
    JsonError e;
    ASSERT_TRUE(parse_json_document(src, d, e)) << src;
    d.nodes.shrink_to_fit();  // so that a read past the tape is an overflow under ASan
    EXPECT_EQ(d.find_last(d.root, "apiVersion"), 0u) << src;
    EXPECT_EQ(d.find_first(d.root, "apiVersion"), 0u) << src;
  }
}

// locate() counts directly for the first calls and then indexes the source
// once; both answers, for every position of a document with long lines,
// multi-byte characters across block boundaries and CRLF, agree with a
// byte-by-byte count.
TEST(Json, LocateIndexAgreesWithDirectCount) {
  std::string src = "{\"a\":\"";
  for (int i = 0; i < 3000; ++i) src += (i % 7 == 0) ? "\xc3\xa9" : (i % 11 == 0) ? "\xe2\x82\xac" : "x";
  src += "\",\r\n\"b\":[";
  for (int i = 0; i < 500; ++i) src += std::string(i ? "," : "") + (i % 50 == 0 ? "\n" : "") + "\"\xf0\x9f\x98\x80\"";
  src += "]}";
  Doc d;
  JsonError e;
  ASSERT_TRUE(parse_json_document(src, d, e)) << e.message;
  for (uint32_t pos = 0; pos <= src.size(); pos += 3) {
    uint32_t line = 1, col = 1;
    for (uint32_t i = 0; i < pos; ++i) {
      if (src[i] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(src[i]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    Location loc = d.locate(pos);  // from the index after the first Doc::kDirectLocates calls
    ASSERT_EQ(loc.line, line) << pos;
    ASSERT_EQ(loc.col, col) << pos;
    Doc fresh;
    fresh.set_src(src);
    Location direct = fresh.locate(pos);  // counted from the start, without the index
    ASSERT_EQ(direct.line, line) << pos;
    ASSERT_EQ(direct.col, col) << pos;
  }
}
