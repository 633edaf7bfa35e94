// UTF-8 helpers shared by the parsers and the message renderers.
#ifndef ISC_JSON_UTF8_HH
#define ISC_JSON_UTF8_HH

#include <cstddef>  // size_t
#include <cstdint>  // uint32_t

namespace isc::detail {

// Length (2-4) of the valid UTF-8 sequence starting at p (p[0] >= 0x80), or 0
// when it is invalid: overlong forms, surrogates and code points above
// U+10FFFF are invalid, as for Go's utf8.DecodeRune.
inline size_t utf8_valid_seq(const unsigned char *p, size_t n) {
  unsigned char c = p[0];
  if (c < 0xC2) return 0;
  if (c < 0xE0) {
    if (n < 2 || (p[1] & 0xC0) != 0x80) return 0;
    return 2;
  }
  if (c < 0xF0) {
    if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

// Encodes cp (< 0x110000) as UTF-8 into out; returns the byte count.
inline size_t utf8_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Decodes one code point at p (n bytes available); returns the width and
// writes the code point, or returns 1 with cp = 0xFFFD for an invalid byte.
inline size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp) {
  unsigned char c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t w = utf8_valid_seq(p, n);
  if (w == 0) {
    *cp = 0xFFFD;
    return 1;
  }
  if (w == 2) *cp = (static_cast<uint32_t>(c & 0x1F) << 6) | (p[1] & 0x3F);
  else if (w == 3) *cp = (static_cast<uint32_t>(c & 0x0F) << 12) | (static_cast<uint32_t>(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  else *cp = (static_cast<uint32_t>(c & 0x07) << 18) | (static_cast<uint32_t>(p[1] & 0x3F) << 12) |
             (static_cast<uint32_t>(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
  return w;
}

}  // namespace isc::detail

#endif  // ISC_JSON_UTF8_HH
