#include "util/goquote.hh"

#include "json/doc.hh"
#include "json/utf8.hh"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace isc::detail {

bool go_is_print(uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD) return false;
  if (cp < 0x0600) return true;
  struct R {
    uint32_t lo, hi;
  };
  static constexpr R kNotPrint[] = {
      {0x0600, 0x0605}, {0x061C, 0x061C}, {0x06DD, 0x06DD}, {0x070F, 0x070F}, {0x0890, 0x0891},
      {0x08E2, 0x08E2}, {0x1680, 0x1680}, {0x180E, 0x180E}, {0x2000, 0x200F}, {0x2028, 0x202F},
      {0x205F, 0x2064}, {0x2066, 0x206F}, {0x3000, 0x3000}, {0xD800, 0xF8FF}, {0xFEFF, 0xFEFF},
      {0xFFF0, 0xFFFB}, {0xFFFE, 0xFFFF}, {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
      {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}, {0xF0000, 0x10FFFF},
  };
  for (const auto &r : kNotPrint) {
    if (cp < r.lo) return true;
    if (cp <= r.hi) return false;
  }
  return true;
}

namespace {

bool plain_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

// The end of the run of plain_ascii bytes that starts at i: 16 bytes at a
// time on x86-64 (a signed compare with 0x20 also catches bytes >= 0x80).
size_t plain_ascii_run(const unsigned char *p, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < n && plain_ascii(p[i])) ++i;
  return i;
}

}  // namespace

void append_go_quote(std::string &out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  size_t n = s.size();
  size_t i = 0;
  out.reserve(out.size() + n + 2);
  while (i < n) {
    unsigned char c = p[i];
    if (c >= 0x20 && c < 0x7F) {
      // A run of printable ASCII other than '"' and '\\' is copied as is.
      size_t j = plain_ascii_run(p, i, n);
      if (j > i) {
        out.append(s.data() + i, j - i);
        i = j;
        continue;
      }
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    uint32_t cp;
    size_t w = utf8_decode(p + i, n - i, &cp);
    if (cp == 0xFFFD && w == 1) {
      // An invalid byte: Go writes \x followed by the byte.
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
      continue;
    }
    if (go_is_print(cp)) {
      out.append(s.data() + i, w);
      i += w;
      continue;
    }
    switch (cp) {
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (cp < ' ' || cp == 0x7F) {
          out += "\\x";
          out.push_back(kHex[(cp >> 4) & 15]);
          out.push_back(kHex[cp & 15]);
        } else if (cp < 0x10000) {
          out += "\\u";
          for (int sh = 12; sh >= 0; sh -= 4) out.push_back(kHex[(cp >> sh) & 15]);
        } else {
          out += "\\U";
          for (int sh = 28; sh >= 0; sh -= 4) out.push_back(kHex[(cp >> sh) & 15]);
        }
    }
    i += w;
  }
  out.push_back('"');
}

std::string go_json_quote(std::string_view s) {
  std::string out;
  append_json_string(out, s, true);
  return out;
}

}  // namespace isc::detail
