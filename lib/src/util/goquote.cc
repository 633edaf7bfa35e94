#include "util/goquote.hh"

#include "json/doc.hh"
#include "json/utf8.hh"

#include <algorithm>  // find_if
#include <iterator>   // begin, end

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

namespace {

// Runes whose lower case (Go's unicode.ToLower, Unicode tables of Go 1.19)
// has another UTF-8 length than the rune itself; the first and the sixth
// lower-case into ASCII.
struct LowerRune {
  uint32_t upper, lower;
};
constexpr LowerRune kLengthChanging[] = {
    {0x0130, 0x0069}, {0x023A, 0x2C65}, {0x023E, 0x2C66}, {0x1E9E, 0x00DF}, {0x2126, 0x03C9},
    {0x212A, 0x006B}, {0x212B, 0x00E5}, {0x2C62, 0x026B}, {0x2C64, 0x027D}, {0x2C6D, 0x0251},
    {0x2C6E, 0x0271}, {0x2C6F, 0x0250}, {0x2C70, 0x0252}, {0x2C7E, 0x023F}, {0x2C7F, 0x0240},
    {0xA78D, 0x0265}, {0xA7AA, 0x0266}, {0xA7AB, 0x025C}, {0xA7AC, 0x0261}, {0xA7AD, 0x026C},
    {0xA7AE, 0x026A}, {0xA7B0, 0x029E}, {0xA7B1, 0x0287}, {0xA7B2, 0x029D}, {0xA7C5, 0x0282},
};

}  // namespace

std::string_view go_to_lower(std::string_view s, std::string &buf) {
  size_t i = 0;
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80 && !(s[i] >= 'A' && s[i] <= 'Z')) ++i;
  if (i == s.size()) return s;
  buf.assign(s.data(), i);
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  while (i < s.size()) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      buf.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t w = utf8_decode(p + i, s.size() - i, &cp);
    char enc[4];
    if (w == 1) {  // invalid byte
      buf.append(enc, utf8_encode(0xFFFD, enc));
    } else {
      const auto *hit = std::find_if(std::begin(kLengthChanging), std::end(kLengthChanging),
                                     [cp](const LowerRune &r) { return r.upper == cp; });
      if (hit != std::end(kLengthChanging)) buf.append(enc, utf8_encode(hit->lower, enc));
      else buf.append(s.data() + i, w);
    }
    i += w;
  }
  return buf;
}

}  // namespace isc::detail
