// JSON parser: see parser.hh. Error words follow Go's encoding/json scanner.
#include "json/parser.hh"

#include <cstring>  // memcpy
#if defined(__SSE2__)
#include <emmintrin.h>  // SSE2 (baseline on x86-64)
#endif

#include "json/utf8.hh"

namespace isc::detail {

namespace {

inline bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline int hex_val(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// SWAR helpers over 8 bytes.
// Bytes in memory order from the least significant end (the scans below find
// the first flagged byte with a count of trailing zeros).
inline uint64_t load8(const char *p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;
inline uint64_t has_zero(uint64_t v) { return (v - kOnes) & ~v & kHighs; }
inline uint64_t has_byte(uint64_t v, unsigned char b) { return has_zero(v ^ (kOnes * b)); }
// Any byte < 0x20 (for bytes < 0x80; high bytes are caught separately).
inline uint64_t has_less_0x20(uint64_t v) { return (v - kOnes * 0x20) & ~v & kHighs; }

#if defined(__SSE2__)
// Bit i set when s[i] of sixteen bytes is '"', '\\' or (signed) below 0x20,
// which also catches every byte >= 0x80: the bytes a string scan stops at.
inline unsigned string_stops16(const char *s) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s));
  const __m128i x = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                 _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
  return static_cast<unsigned>(_mm_movemask_epi8(x));
}
#endif

class Parser {
 public:
  Parser(std::string_view src, Doc &doc, JsonError &err, const JsonLimits &lim)
      : s_(src.data()), n_(src.size()), doc_(doc), err_(err), lim_(lim) {}

  bool parse(size_t *off);

 private:
  bool fail(size_t pos, unsigned char c, const char *context) {
    err_.message = "invalid character " + go_quote_char(c) + " " + context;
    err_.pos = static_cast<uint32_t>(pos);
    return false;
  }
  bool fail_eof() {
    err_.message = "unexpected end of JSON input";
    err_.pos = static_cast<uint32_t>(n_);
    return false;
  }
  size_t skip_ws(size_t i) const {
    if (i < n_ && static_cast<unsigned char>(s_[i]) > ' ') return i;  // the usual case: a token follows at once
    // The next usual one: a single space (after ':' in indented JSON).
    if (i + 1 < n_ && s_[i] == ' ' && static_cast<unsigned char>(s_[i + 1]) > ' ') return i + 1;
#if defined(__SSE2__)
    // A line break and the next line's indentation in one step: the first
    // byte of sixteen that is not ' ', '\n', '\r' or '\t'.
    const __m128i sp = _mm_set1_epi8(' '), nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                  tab = _mm_set1_epi8('\t');
    while (i + 16 <= n_) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s_ + i));
      __m128i w = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, nl)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, tab)));
      unsigned m = ~static_cast<unsigned>(_mm_movemask_epi8(w)) & 0xFFFFu;
      if (m) return i + static_cast<size_t>(__builtin_ctz(m));
      i += 16;
    }
#endif
    while (i < n_) {
      unsigned char c = static_cast<unsigned char>(s_[i]);
      if (c == ' ') {
        // Indentation: runs of spaces, eight at a time.
        while (i + 8 <= n_ && load8(s_ + i) == kOnes * ' ') i += 8;
        while (i < n_ && s_[i] == ' ') ++i;
        continue;
      }
      if (c != '\n' && c != '\r' && c != '\t') break;
      ++i;
    }
    return i;
  }
  uint32_t push_node(NodeType t, size_t pos) {
    doc_.nodes.emplace_back();
    Node &nd = doc_.nodes.back();
    nd.type = t;
    nd.pos = static_cast<uint32_t>(pos);
    return static_cast<uint32_t>(doc_.nodes.size() - 1);
  }
  // s_[i] == '"'. The usual string (ASCII, no escapes, closed at least
  // sixteen bytes before the end of the input) is read here;
  // parse_string_rest does the others.
  bool parse_string(size_t &i, uint32_t node) {
    size_t start = ++i;
#if defined(__SSE2__)
    while (i + 16 <= n_) {
      if (unsigned m = string_stops16(s_ + i)) {
        size_t q = i + static_cast<size_t>(__builtin_ctz(m));
        if (s_[q] == '"') {
          set_text(node, s_ + start, q - start, 0);
          i = q + 1;
          return true;
        }
        i = q;
        break;
      }
      i += 16;
    }
#endif
    return parse_string_rest(start, i, node);
  }
  bool parse_string_rest(size_t start, size_t &i, uint32_t node);
  size_t plain_end(size_t i, size_t end) const;
  bool parse_number(size_t &i, uint32_t node);
  bool parse_literal(size_t &i, const char *word, NodeType t);
  // Fills the text of a String or Number node and keeps Doc::max_scalar_len
  // (a length never exceeds the uint32_t of Node::len: documents are limited
  // far below 4 GiB before they are parsed).
  void set_text(uint32_t node, const char *str, size_t len, uint8_t flags) {
    Node &nd = doc_.nodes[node];
    nd.str = str;
    nd.len = static_cast<uint32_t>(len);
    nd.flags = flags;
    nd.next = node + 1;
    if (len > doc_.max_scalar_len) doc_.max_scalar_len = static_cast<uint32_t>(len);
  }

  const char *s_;
  size_t n_;
  Doc &doc_;
  JsonError &err_;
  const JsonLimits &lim_;
};

bool Parser::parse_literal(size_t &i, const char *word, NodeType t) {
  // word is "true", "false" or "null"; s_[i] == word[0].
  size_t start = i;
  static constexpr const char *kCtx[3][5] = {
      {"", "in literal true (expecting 'r')", "in literal true (expecting 'u')", "in literal true (expecting 'e')", ""},
      {"", "in literal false (expecting 'a')", "in literal false (expecting 'l')", "in literal false (expecting 's')",
       "in literal false (expecting 'e')"},
      {"", "in literal null (expecting 'u')", "in literal null (expecting 'l')", "in literal null (expecting 'l')", ""}};
  int w = word[0] == 't' ? 0 : word[0] == 'f' ? 1 : 2;
  size_t len = std::strlen(word);
  for (size_t k = 1; k < len; ++k) {
    if (start + k >= n_) return fail_eof();
    unsigned char c = static_cast<unsigned char>(s_[start + k]);
    if (c != static_cast<unsigned char>(word[k])) return fail(start + k, c, kCtx[w][k]);
  }
  uint32_t nd = push_node(t, start);
  doc_.nodes[nd].next = nd + 1;
  i = start + len;
  return true;
}

bool Parser::parse_number(size_t &i, uint32_t node) {
  size_t start = i;
  uint8_t flags = 0;
  if (s_[i] == '-') {
    flags |= kNumNeg;
    ++i;
    if (i >= n_) return fail_eof();
    if (!is_digit(static_cast<unsigned char>(s_[i]))) return fail(i, static_cast<unsigned char>(s_[i]), "in numeric literal");
  }
  if (s_[i] == '0') {
    ++i;
  } else {
    while (i < n_ && is_digit(static_cast<unsigned char>(s_[i]))) ++i;
  }
  if (i < n_ && s_[i] == '.') {
    flags |= kNumFrac;
    ++i;
    if (i >= n_) return fail_eof();
    if (!is_digit(static_cast<unsigned char>(s_[i])))
      return fail(i, static_cast<unsigned char>(s_[i]), "after decimal point in numeric literal");
    while (i < n_ && is_digit(static_cast<unsigned char>(s_[i]))) ++i;
  }
  if (i < n_ && (s_[i] == 'e' || s_[i] == 'E')) {
    flags |= kNumFrac;
    ++i;
    if (i < n_ && (s_[i] == '+' || s_[i] == '-')) ++i;
    if (i >= n_) return fail_eof();
    if (!is_digit(static_cast<unsigned char>(s_[i])))
      return fail(i, static_cast<unsigned char>(s_[i]), "in exponent of numeric literal");
    while (i < n_ && is_digit(static_cast<unsigned char>(s_[i]))) ++i;
  }
  set_text(node, s_ + start, i - start, flags);
  return true;
}

size_t Parser::plain_end(size_t i, size_t end) const {
  // Sixteen bytes at a time (SSE2), then eight: the lowest flagged byte of a
  // word is exact (the borrow of the zero-byte test only spills upwards), so
  // the scan jumps straight to it.
#if defined(__SSE2__)
  for (; i + 16 <= end; i += 16) {
    if (unsigned m = string_stops16(s_ + i)) return i + static_cast<size_t>(__builtin_ctz(m));
  }
#endif
  while (i + 8 <= end) {
    uint64_t v = load8(s_ + i);
    uint64_t m = has_byte(v, '"') | has_byte(v, '\\') | has_less_0x20(v) | (v & kHighs);
    if (m) return i + (static_cast<size_t>(__builtin_ctzll(m)) >> 3);
    i += 8;
  }
  for (; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(s_[i]);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return i;
  }
  return end;
}

bool Parser::parse_string_rest(size_t start, size_t &i, uint32_t node) {
  // s_[start - 1] is the opening quote; s_[start, i) holds no '"', '\\',
  // control or non-ASCII byte. The common case: no escapes, ASCII only.
  i = plain_end(i, n_);
  if (i >= n_) return fail_eof();
  const unsigned char first = static_cast<unsigned char>(s_[i]);
  if (first == '"') {
    set_text(node, s_ + start, i - start, 0);
    ++i;
    return true;
  }
  if (first < 0x20) return fail(i, first, "in string literal");
  // Slow path: escapes or non-ASCII. Validate the syntax first (so that the
  // first error is reported at the right byte), then decode into the arena.
  size_t j = i;
  bool need_decode = false;
  for (;;) {
    j = plain_end(j, n_);
    if (j >= n_) return fail_eof();
    unsigned char c = static_cast<unsigned char>(s_[j]);
    if (c == '"') break;
    if (c < 0x20) return fail(j, c, "in string literal");
    if (c == '\\') {
      need_decode = true;
      ++j;
      if (j >= n_) return fail_eof();
      unsigned char e = static_cast<unsigned char>(s_[j]);
      switch (e) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          ++j;
          break;
        case 'u':
          ++j;
          for (int k = 0; k < 4; ++k, ++j) {
            if (j >= n_) return fail_eof();
            if (hex_val(static_cast<unsigned char>(s_[j])) < 0)
              return fail(j, static_cast<unsigned char>(s_[j]), "in \\u hexadecimal character escape");
          }
          break;
        default:
          return fail(j, e, "in string escape code");
      }
      continue;
    }
    if (c >= 0x80) {
      size_t w = utf8_valid_seq(reinterpret_cast<const unsigned char *>(s_ + j), n_ - j);
      if (w == 0) {
        need_decode = true;  // replaced by U+FFFD
        ++j;
      } else {
        j += w;
      }
      continue;
    }
    ++j;
  }
  size_t end = j;  // the closing quote
  if (!need_decode) {
    set_text(node, s_ + start, end - start, 0);
    i = end + 1;
    return true;
  }
  // Decode: at most 3 output bytes per input byte (U+FFFD for one bad byte).
  char *out = doc_.arena.alloc((end - start) * 3 + 1);
  char *o = out;
  uint8_t flags = kStrDecoded;
  std::memcpy(o, s_ + start, i - start);
  o += i - start;
  size_t k = i;
  while (k < end) {
    // Runs of plain bytes in one copy (s_[i, end) holds no unescaped quote
    // and no control byte).
    size_t p = plain_end(k, end);
    std::memcpy(o, s_ + k, p - k);
    o += p - k;
    k = p;
    if (k >= end) break;
    unsigned char c = static_cast<unsigned char>(s_[k]);
    if (c == '\\') {
      unsigned char e = static_cast<unsigned char>(s_[k + 1]);
      k += 2;
      switch (e) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        default: {  // 'u'
          uint32_t cp = 0;
          for (int q = 0; q < 4; ++q) cp = cp * 16 + static_cast<uint32_t>(hex_val(static_cast<unsigned char>(s_[k + q])));
          k += 4;
          if (cp >= 0xD800 && cp < 0xDC00) {
            // High surrogate: combine with a following \uDC00-\uDFFF escape.
            uint32_t lo = 0;
            bool ok = k + 6 <= end && s_[k] == '\\' && s_[k + 1] == 'u';
            if (ok) {
              for (int q = 0; q < 4; ++q) lo = lo * 16 + static_cast<uint32_t>(hex_val(static_cast<unsigned char>(s_[k + 2 + q])));
              ok = lo >= 0xDC00 && lo < 0xE000;
            }
            if (ok) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              k += 6;
            } else {
              cp = 0xFFFD;
              flags |= kStrSurrogate;
            }
          } else if (cp >= 0xDC00 && cp < 0xE000) {
            cp = 0xFFFD;
            flags |= kStrSurrogate;
          }
          o += utf8_encode(cp, o);
        }
      }
      continue;
    }
    if (c >= 0x80) {
      size_t w = utf8_valid_seq(reinterpret_cast<const unsigned char *>(s_ + k), end - k);
      if (w == 0) {
        o += utf8_encode(0xFFFD, o);
        flags |= kStrBadUtf8;
        ++k;
      } else {
        std::memcpy(o, s_ + k, w);
        o += w;
        k += w;
      }
      continue;
    }
    *o++ = static_cast<char>(c);
    ++k;
  }
  *o = '\0';
  set_text(node, out, static_cast<size_t>(o - out), flags);
  i = end + 1;
  return true;
}

bool Parser::parse(size_t *off) {
  // Explicit stack of open containers (node indexes). Reuses the Doc's
  // storage through a local vector; depth is bounded by lim_.max_depth.
  std::vector<uint32_t> &stack = doc_.scratch;
  stack.clear();
  size_t i = skip_ws(*off);
  enum State { kValue, kAfterValue } state = kValue;
  for (;;) {
    if (state == kValue) {
      if (i >= n_) return fail_eof();
      unsigned char c = static_cast<unsigned char>(s_[i]);
      switch (c) {
        case '{': {
          uint32_t nd = push_node(NodeType::Object, i);
          if (stack.size() + 1 > lim_.max_depth) return fail(i, c, "exceeded max depth");
          stack.push_back(nd);
          i = skip_ws(i + 1);
          if (i >= n_) return fail_eof();
          if (s_[i] == '}') {
            ++i;
            stack.pop_back();
            doc_.nodes[nd].next = static_cast<uint32_t>(doc_.nodes.size());
            state = kAfterValue;
            continue;
          }
          if (s_[i] != '"') return fail(i, static_cast<unsigned char>(s_[i]), "looking for beginning of object key string");
          uint32_t key = push_node(NodeType::String, i);
          if (!parse_string(i, key)) return false;
          i = skip_ws(i);
          if (i >= n_) return fail_eof();
          if (s_[i] != ':') return fail(i, static_cast<unsigned char>(s_[i]), "after object key");
          i = skip_ws(i + 1);
          continue;  // value
        }
        case '[': {
          uint32_t nd = push_node(NodeType::Array, i);
          if (stack.size() + 1 > lim_.max_depth) return fail(i, c, "exceeded max depth");
          stack.push_back(nd);
          i = skip_ws(i + 1);
          if (i >= n_) return fail_eof();
          if (s_[i] == ']') {
            ++i;
            stack.pop_back();
            doc_.nodes[nd].next = static_cast<uint32_t>(doc_.nodes.size());
            state = kAfterValue;
            continue;
          }
          continue;  // value
        }
        case '"': {
          uint32_t nd = push_node(NodeType::String, i);
          if (!parse_string(i, nd)) return false;
          state = kAfterValue;
          continue;
        }
        case 't':
          if (!parse_literal(i, "true", NodeType::True)) return false;
          state = kAfterValue;
          continue;
        case 'f':
          if (!parse_literal(i, "false", NodeType::False)) return false;
          state = kAfterValue;
          continue;
        case 'n':
          if (!parse_literal(i, "null", NodeType::Null)) return false;
          state = kAfterValue;
          continue;
        default:
          if (c == '-' || is_digit(c)) {
            uint32_t nd = push_node(NodeType::Number, i);
            if (!parse_number(i, nd)) return false;
            state = kAfterValue;
            continue;
          }
          return fail(i, c, "looking for beginning of value");
      }
    }
    // kAfterValue
    if (stack.empty()) {
      *off = i;
      return true;
    }
    i = skip_ws(i);
    if (i >= n_) return fail_eof();
    uint32_t top = stack.back();
    Node &cont = doc_.nodes[top];
    unsigned char c = static_cast<unsigned char>(s_[i]);
    ++cont.len;
    if (cont.type == NodeType::Object) {
      if (c == ',') {
        i = skip_ws(i + 1);
        if (i >= n_) return fail_eof();
        if (s_[i] != '"') return fail(i, static_cast<unsigned char>(s_[i]), "looking for beginning of object key string");
        uint32_t key = push_node(NodeType::String, i);
        if (!parse_string(i, key)) return false;
        i = skip_ws(i);
        if (i >= n_) return fail_eof();
        if (s_[i] != ':') return fail(i, static_cast<unsigned char>(s_[i]), "after object key");
        i = skip_ws(i + 1);
        state = kValue;
        continue;
      }
      if (c == '}') {
        ++i;
        doc_.nodes[top].next = static_cast<uint32_t>(doc_.nodes.size());
        stack.pop_back();
        continue;
      }
      return fail(i, c, "after object key:value pair");
    }
    if (c == ',') {
      i = skip_ws(i + 1);
      state = kValue;
      continue;
    }
    if (c == ']') {
      ++i;
      doc_.nodes[top].next = static_cast<uint32_t>(doc_.nodes.size());
      stack.pop_back();
      continue;
    }
    return fail(i, c, "after array element");
  }
}

}  // namespace

size_t skip_json_space(std::string_view src, size_t off) {
  while (off < src.size() && is_space(static_cast<unsigned char>(src[off]))) ++off;
  return off;
}

std::string go_quote_char(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  // strconv.Quote(string(rune(c))) without the double quotes.
  std::string out = "'";
  switch (c) {
    case '\a': out += "\\a"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\v': out += "\\v"; break;
    case '\\': out += "\\\\"; break;
    default: {
      static const char kHex[] = "0123456789abcdef";
      if (c < 0x20 || c == 0x7f) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else if (c < 0x80) {
        out += static_cast<char>(c);
      } else if (c < 0xA1 || c == 0xAD) {
        // C1 controls, NBSP and soft hyphen are not printable for Go.
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        char buf[4];
        size_t w = utf8_encode(c, buf);
        out.append(buf, w);
      }
    }
  }
  out += "'";
  return out;
}

bool parse_json_value(std::string_view src, size_t *off, Doc &doc, JsonError &err, const JsonLimits &limits) {
  doc.set_src(src);
  doc.root = static_cast<uint32_t>(doc.nodes.size());
  Parser p(src, doc, err, limits);
  return p.parse(off);
}

bool parse_json_document(std::string_view src, Doc &doc, JsonError &err, const JsonLimits &limits) {
  size_t off = 0;
  if (!parse_json_value(src, &off, doc, err, limits)) return false;
  off = skip_json_space(src, off);
  if (off < src.size()) {
    err.message = "invalid character " + go_quote_char(static_cast<unsigned char>(src[off])) + " after top-level value";
    err.pos = static_cast<uint32_t>(off);
    return false;
  }
  return true;
}

}  // namespace isc::detail
