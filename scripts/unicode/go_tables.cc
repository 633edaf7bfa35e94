// Prints the Unicode tables of lib/src/util/goquote.cc from ICU's character
// database, so that they can be checked or regenerated when the Go version
// the API server is built with moves to a new Unicode version.
//
//   g++ scripts/unicode/go_tables.cc -licuuc -o /tmp/go_tables
//   /tmp/go_tables print   # ranges of Go's unicode.IsPrint (L, M, N, P, S, U+0020)
//   /tmp/go_tables lower   # runes whose simple lower case has another UTF-8 length
//
// Needs libicu-dev (not a build dependency). ICU 72 (Debian 12) has Unicode
// 15.0.0, the version of Go 1.21 to 1.24.
#include <unicode/uchar.h>

#include <cstdio>
#include <cstring>

namespace {

int utf8_len(UChar32 c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

bool go_print(UChar32 c) {
  const uint32_t m = U_MASK(u_charType(c));
  return c == 0x20 || (m & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK | U_GC_P_MASK | U_GC_S_MASK)) != 0;
}

}  // namespace

int main(int argc, char **argv) {
  UVersionInfo v;
  u_getUnicodeVersion(v);
  printf("// Unicode %d.%d.%d\n", v[0], v[1], v[2]);
  if (argc > 1 && std::strcmp(argv[1], "lower") == 0) {
    for (UChar32 c = 0; c <= 0x10FFFF; ++c) {
      const UChar32 l = u_tolower(c);
      if (l != c && utf8_len(l) != utf8_len(c)) printf("{0x%04X, 0x%04X},\n", c, l);
    }
    return 0;
  }
  bool in = false;
  UChar32 lo = 0;
  int n = 0;
  for (UChar32 c = 0; c <= 0x110000; ++c) {
    const bool p = c <= 0x10FFFF && go_print(c);
    if (p && !in) {
      lo = c;
      in = true;
    } else if (!p && in) {
      printf("{0x%X, 0x%X},%s", lo, c - 1, ++n % 6 ? " " : "\n");
      in = false;
    }
  }
  printf("\n// %d ranges\n", n);
  return 0;
}
