// YAML loader: see loader.hh.
//
// Each document goes through two passes, like go-yaml v2 (the library under
// sigs.k8s.io/yaml that oc and the API server use):
//
//  1. Compose: libyaml's events become a flat tree of PNodes (pre-order, with
//     subtree ends), anchors are bound and aliases point at their targets.
//     Parse errors are found here, before any decoding error, as in go-yaml
//     where the whole node tree is built before decoding starts.
//  2. Decode: the tree is walked the way go-yaml's decoder unmarshals into an
//     interface{} (scalar resolution, alias expansion with its counters,
//     merge keys, duplicate handling), writing the Doc tape directly. The
//     walk is iterative; its frames are bounded by the tape depth and by the
//     number of alias nodes (an alias cannot be re-entered while active).
//
// Then the checks of sigs.k8s.io/yaml's conversion (map keys) and of
// encoding/json (non-finite floats) run, in that order.
#include "yaml/loader.hh"

#include <yaml.h>

#include <algorithm>     // fill, max, min, sort
#include <charconv>      // to_chars, from_chars
#include <cmath>         // fabs, isinf, isnan, signbit
#include <cstring>       // memcmp, memcpy, strcmp, strlen
#include <limits>        // numeric_limits
#include <new>           // bad_alloc
#include <string>        // string, to_string
#include <string_view>   // string_view
#include <unordered_map> // unordered_map
#include <vector>        // vector

#include "json/utf8.hh"
#include "util/goquote.hh"

namespace isc::detail {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;

// ---------------------------------------------------------------------------
// Go number formatting (strconv.FormatFloat and encoding/json).

// Shortest decimal digits of a float: value = 0.d[0..nd) * 10^dp.
struct Digits {
  char d[40];
  int nd = 0;
  int dp = 0;
  bool neg = false;
};

template <typename F>
void shortest_digits(F v, Digits &dg) {
  dg.neg = std::signbit(v);
  dg.nd = 0;
  dg.dp = 0;
  if (v == 0) return;
  char buf[64];
  F a = v < 0 ? -v : v;
  auto r = std::to_chars(buf, buf + sizeof buf, a, std::chars_format::scientific);
  const char *p = buf;
  const char *end = r.ptr;
  dg.d[dg.nd++] = *p++;
  if (p < end && *p == '.') {
    ++p;
    while (p < end && *p != 'e') dg.d[dg.nd++] = *p++;
  }
  int e = 0;
  int sign = 1;
  if (p < end && *p == 'e') {
    ++p;
    if (p < end && (*p == '-' || *p == '+')) sign = *p++ == '-' ? -1 : 1;
    while (p < end) e = e * 10 + (*p++ - '0');
  }
  while (dg.nd > 1 && dg.d[dg.nd - 1] == '0') --dg.nd;
  dg.dp = sign * e + 1;
}

// strconv's %e body with `prec` fraction digits.
void fmt_e(std::string &out, const Digits &dg, int prec) {
  if (dg.neg) out.push_back('-');
  out.push_back(dg.nd == 0 ? '0' : dg.d[0]);
  if (prec > 0) {
    out.push_back('.');
    int i = 1;
    int m = std::min(dg.nd, prec + 1);
    for (; i < m; ++i) out.push_back(dg.d[i]);
    for (; i <= prec; ++i) out.push_back('0');
  }
  out.push_back('e');
  int exp = dg.nd == 0 ? 0 : dg.dp - 1;
  if (exp < 0) {
    out.push_back('-');
    exp = -exp;
  } else {
    out.push_back('+');
  }
  if (exp < 10) {
    out.push_back('0');
    out.push_back(static_cast<char>('0' + exp));
  } else if (exp < 100) {
    out.push_back(static_cast<char>('0' + exp / 10));
    out.push_back(static_cast<char>('0' + exp % 10));
  } else {
    out.push_back(static_cast<char>('0' + exp / 100));
    out.push_back(static_cast<char>('0' + (exp / 10) % 10));
    out.push_back(static_cast<char>('0' + exp % 10));
  }
}

// strconv's %f body with `prec` fraction digits.
void fmt_f(std::string &out, const Digits &dg, int prec) {
  if (dg.neg) out.push_back('-');
  if (dg.dp > 0) {
    int m = std::min(dg.nd, dg.dp);
    out.append(dg.d, static_cast<size_t>(m));
    for (; m < dg.dp; ++m) out.push_back('0');
  } else {
    out.push_back('0');
  }
  if (prec > 0) {
    out.push_back('.');
    for (int i = 1; i <= prec; ++i) {
      int j = dg.dp + i - 1;
      out.push_back(j >= 0 && j < dg.nd ? dg.d[j] : '0');
    }
  }
}

// Go's float32(x) conversion (round to nearest even, overflow to infinity).
float go_float32(double v) {
  // Halfway between the largest float32 and 2^128: from there on it rounds up.
  constexpr double kLimit = static_cast<double>(std::numeric_limits<float>::max()) + 0x1p103;
  if (std::isnan(v)) return std::numeric_limits<float>::quiet_NaN();
  if (v >= kLimit) return std::numeric_limits<float>::infinity();
  if (v <= -kLimit) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(v);
}

// strconv.FormatFloat(v, 'g', -1, 64 or 32): also %v and %#v of a float.
void append_go_g(std::string &out, double v, bool bits32) {
  if (bits32) v = go_float32(v);
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  Digits dg;
  if (bits32) shortest_digits(static_cast<float>(v), dg);
  else shortest_digits(v, dg);
  int exp = dg.dp - 1;
  if (dg.nd != 0 && (exp < -4 || exp >= 6)) fmt_e(out, dg, dg.nd - 1);
  else fmt_f(out, dg, std::max(dg.nd - dg.dp, 0));
}

// encoding/json's rendering of a finite float64.
void append_json_float(std::string &out, double v) {
  Digits dg;
  shortest_digits(v, dg);
  double a = std::fabs(v);
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    fmt_e(out, dg, std::max(dg.nd - 1, 0));
    size_t n = out.size();
    // e-09 -> e-9, as encoding/json does.
    if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') {
      out[n - 2] = out[n - 1];
      out.pop_back();
    }
  } else {
    fmt_f(out, dg, std::max(dg.nd - dg.dp, 0));
  }
}

void append_u64(std::string &out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_i64(std::string &out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// %#v of a uint64: 0x followed by lower-case hex digits.
void append_go_hex(std::string &out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v, 16);
  out += "0x";
  out.append(buf, r.ptr);
}

// ---------------------------------------------------------------------------
// Go number parsing (strconv.ParseInt/ParseUint/ParseFloat), as far as
// go-yaml's resolver needs it. Only success matters there, not the error kind.

inline char lower(char c) { return static_cast<char>(c | 0x20); }
inline bool is_dig(char c) { return c >= '0' && c <= '9'; }

// strconv.ParseUint(s, base, 64) for strings without underscores; base 0
// picks the base from a 0b/0o/0x/0 prefix.
bool go_parse_uint(std::string_view s, int base, uint64_t &out) {
  if (s.empty()) return false;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      if (s.size() >= 3 && lower(s[1]) == 'b') {
        base = 2;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && lower(s[1]) == 'o') {
        base = 8;
        s.remove_prefix(2);
      } else if (s.size() >= 3 && lower(s[1]) == 'x') {
        base = 16;
        s.remove_prefix(2);
      } else {
        base = 8;
        s.remove_prefix(1);
      }
    }
  }
  const uint64_t maxv = std::numeric_limits<uint64_t>::max();
  const uint64_t cutoff = maxv / static_cast<uint64_t>(base) + 1;
  uint64_t n = 0;
  for (char c : s) {
    unsigned d;
    if (is_dig(c)) d = static_cast<unsigned>(c - '0');
    else if (lower(c) >= 'a' && lower(c) <= 'z') d = static_cast<unsigned>(lower(c) - 'a' + 10);
    else return false;
    if (d >= static_cast<unsigned>(base)) return false;
    if (n >= cutoff) return false;  // range
    n *= static_cast<uint64_t>(base);
    uint64_t n1 = n + d;
    if (n1 < n) return false;  // range
    n = n1;
  }
  out = n;
  return true;
}

// strconv.ParseInt(s, base, 64) for strings without underscores.
bool go_parse_int(std::string_view s, int base, int64_t &out) {
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '+') {
    s.remove_prefix(1);
  } else if (s[0] == '-') {
    neg = true;
    s.remove_prefix(1);
  }
  uint64_t un;
  if (!go_parse_uint(s, base, un)) return false;
  const uint64_t cutoff = uint64_t{1} << 63;
  if (!neg && un >= cutoff) return false;
  if (neg && un > cutoff) return false;
  out = neg ? static_cast<int64_t>(0 - un) : static_cast<int64_t>(un);
  return true;
}

// Converts decimal float text (digits, optional '.', optional exponent, no
// underscores, optional sign) to the nearest float64. False when the value
// overflows, as strconv.ParseFloat's ErrRange; underflow gives zero.
bool decimal_to_double(std::string_view s, double &out) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow or underflow: decide from the decimal magnitude.
    long mag = 0;
    size_t i = 0;
    bool seen = false;
    long int_digits = 0;
    long lead_zeros = 0;
    for (; i < s.size() && is_dig(s[i]); ++i) {
      if (s[i] != '0') seen = true;
      if (seen) ++int_digits;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      for (; i < s.size() && is_dig(s[i]); ++i) {
        if (!seen) {
          if (s[i] == '0') ++lead_zeros;
          else seen = true;
        }
      }
    }
    if (!seen) {
      out = neg ? -0.0 : 0.0;
      return true;
    }
    mag = int_digits > 0 ? int_digits : -lead_zeros;
    long e = 0;
    if (i < s.size() && lower(s[i]) == 'e') {
      ++i;
      bool eneg = false;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
      for (; i < s.size() && is_dig(s[i]); ++i) {
        if (e < 100000000) e = e * 10 + (s[i] - '0');
      }
      if (eneg) e = -e;
    }
    if (mag + e > 0) return false;  // overflow
    out = neg ? -0.0 : 0.0;
    return true;
  }
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;
  out = neg ? -v : v;
  return true;
}

// strconv's underscoreOK: '_' only between digits (or after a base prefix).
bool underscore_ok(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (is_dig(c) || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// strconv.ParseFloat(s, 64) for text that starts with '.': decimal syntax
// with Go's underscore rules. (Hexadecimal and inf/nan forms cannot start
// with '.'.)
bool go_parse_float_dot(std::string_view s, double &out) {
  size_t i = 0;
  bool underscores = false;
  bool sawdot = false;
  bool sawdigits = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (c == '.') {
      if (sawdot) break;
      sawdot = true;
      continue;
    }
    if (is_dig(c)) {
      sawdigits = true;
      continue;
    }
    break;
  }
  if (!sawdigits) return false;
  if (i < s.size() && lower(s[i]) == 'e') {
    ++i;
    if (i >= s.size()) return false;
    if (s[i] == '+' || s[i] == '-') ++i;
    if (i >= s.size() || !is_dig(s[i])) return false;
    for (; i < s.size() && (is_dig(s[i]) || s[i] == '_'); ++i) {
      if (s[i] == '_') underscores = true;
    }
  }
  if (i != s.size()) return false;
  if (underscores && !underscore_ok(s)) return false;
  std::string plain;
  plain.reserve(s.size());
  for (char c : s) {
    if (c != '_') plain.push_back(c);
  }
  return decimal_to_double(plain, out);
}

// go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool yaml_style_float(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t b = i;
    while (i < s.size() && is_dig(s[i])) ++i;
    if (i == b) return false;
  } else {
    size_t b = i;
    while (i < s.size() && is_dig(s[i])) ++i;
    if (i == b) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && is_dig(s[i])) ++i;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t b = i;
    while (i < s.size() && is_dig(s[i])) ++i;
    if (i == b) return false;
  }
  return i == s.size();
}

// ---------------------------------------------------------------------------
// go-yaml's timestamp recognition: time.Parse with the layouts
// "2006-1-2T15:4:5.999999999Z07:00", the same with 't',
// "2006-1-2 15:4:5.999999999" and "2006-1-2".

// time's getnum(s, false): one or two digits.
bool ts_getnum(std::string_view &s, int &v) {
  if (s.empty() || !is_dig(s[0])) return false;
  if (s.size() < 2 || !is_dig(s[1])) {
    v = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  v = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

bool ts_lit(std::string_view &s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

int days_in(int month, int year) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

// layout: 0 = 'T', 1 = 't', 2 = ' ' (no zone), 3 = date only.
bool ts_layout(std::string_view s, int layout) {
  if (s.size() < 4) return false;
  for (int i = 0; i < 4; ++i) {
    if (!is_dig(s[static_cast<size_t>(i)])) return false;
  }
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  s.remove_prefix(4);
  int month = 0;
  int day = 0;
  if (!ts_lit(s, '-') || !ts_getnum(s, month)) return false;
  if (month < 1 || month > 12) return false;
  if (!ts_lit(s, '-') || !ts_getnum(s, day)) return false;
  if (layout != 3) {
    if (layout == 2) {
      // A layout space matches one or more spaces (time's skip/cutspace).
      if (!s.empty() && s[0] != ' ') return false;
      while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
    } else if (!ts_lit(s, layout == 0 ? 'T' : 't')) {
      return false;
    }
    int hour = 0;
    int min = 0;
    int sec = 0;
    if (!ts_getnum(s, hour) || hour >= 24) return false;
    if (!ts_lit(s, ':') || !ts_getnum(s, min) || min >= 60) return false;
    if (!ts_lit(s, ':') || !ts_getnum(s, sec) || sec >= 60) return false;
    // Fractional seconds: '.' or ',' followed by any number of digits.
    if (s.size() >= 2 && (s[0] == '.' || s[0] == ',') && is_dig(s[1])) {
      s.remove_prefix(1);
      while (!s.empty() && is_dig(s[0])) s.remove_prefix(1);
    }
    if (layout != 2) {
      if (!s.empty() && s[0] == 'Z') {
        s.remove_prefix(1);
      } else {
        if (s.size() < 6 || s[3] != ':') return false;
        if (!is_dig(s[1]) || !is_dig(s[2]) || !is_dig(s[4]) || !is_dig(s[5])) return false;
        int hr = (s[1] - '0') * 10 + (s[2] - '0');
        int mm = (s[4] - '0') * 10 + (s[5] - '0');
        if (hr > 24 || mm > 60) return false;
        if (s[0] != '+' && s[0] != '-') return false;
        s.remove_prefix(6);
      }
    }
  }
  if (!s.empty()) return false;
  return day >= 1 && day <= days_in(month, year);
}

bool go_yaml_timestamp(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_dig(s[i])) ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;
  for (int layout = 0; layout < 4; ++layout) {
    if (ts_layout(s, layout)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// base64.StdEncoding.DecodeString: padding required, '\r' and '\n' ignored.

int b64_val(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool go_base64_decode(std::string_view src, std::string &out) {
  out.clear();
  size_t si = 0;
  const size_t n = src.size();
  for (;;) {
    int q[4];
    int j = 0;
    bool end = false;
    for (; j < 4;) {
      if (si == n) {
        if (j == 0) return true;
        return false;  // partial quantum without padding
      }
      unsigned char in = static_cast<unsigned char>(src[si++]);
      int v = b64_val(in);
      if (v >= 0) {
        q[j++] = v;
        continue;
      }
      if (in == '\n' || in == '\r') continue;
      if (in != '=') return false;
      if (j < 2) return false;
      if (j == 2) {
        while (si < n && (src[si] == '\n' || src[si] == '\r')) ++si;
        if (si == n || src[si] != '=') return false;
        ++si;
      }
      while (si < n && (src[si] == '\n' || src[si] == '\r')) ++si;
      if (si < n) return false;  // trailing garbage
      end = true;
      break;
    }
    uint32_t val = 0;
    for (int k = 0; k < j; ++k) val |= static_cast<uint32_t>(q[k]) << (18 - 6 * k);
    if (j >= 2) out.push_back(static_cast<char>((val >> 16) & 0xFF));
    if (j >= 3) out.push_back(static_cast<char>((val >> 8) & 0xFF));
    if (j == 4) out.push_back(static_cast<char>(val & 0xFF));
    if (end) return true;
  }
}

// ---------------------------------------------------------------------------
// Go's strings.TrimSpace (unicode.IsSpace).

bool go_is_space(uint32_t cp) {
  switch (cp) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

std::string_view go_trim_space(std::string_view s) {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  size_t b = s.size();
  size_t e = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t w = utf8_decode(p + i, s.size() - i, &cp);
    bool space = go_is_space(cp) && !(cp == 0xFFFD && w == 1);
    if (!space) {
      if (b == s.size()) b = i;
      e = i + w;
    }
    i += w;
  }
  if (b == s.size()) return {};
  return s.substr(b, e - b);
}

// ---------------------------------------------------------------------------
// Composed tree.

enum PKind : uint8_t { kPScalar, kPMap, kPSeq, kPAlias };

enum Tag : uint8_t {
  kTagNone,         // no tag
  kTagNonSpecific,  // "!"
  kTagStr,
  kTagBool,
  kTagInt,
  kTagFloat,
  kTagNull,
  kTagTimestamp,
  kTagBinary,
  kTagMerge,
  kTagOther,
};

const char *short_tag(Tag t) {
  switch (t) {
    case kTagStr: return "!!str";
    case kTagBool: return "!!bool";
    case kTagInt: return "!!int";
    case kTagFloat: return "!!float";
    case kTagNull: return "!!null";
    case kTagTimestamp: return "!!timestamp";
    case kTagBinary: return "!!binary";
    case kTagMerge: return "!!merge";
    default: return "";
  }
}

Tag tag_of(const unsigned char *tag) {
  if (!tag) return kTagNone;
  const char *t = reinterpret_cast<const char *>(tag);
  if (std::strcmp(t, "!") == 0) return kTagNonSpecific;
  static constexpr std::string_view kPrefix = "tag:yaml.org,2002:";
  std::string_view s(t);
  if (s.substr(0, kPrefix.size()) != kPrefix) return kTagOther;
  s.remove_prefix(kPrefix.size());
  if (s == "str") return kTagStr;
  if (s == "bool") return kTagBool;
  if (s == "int") return kTagInt;
  if (s == "float") return kTagFloat;
  if (s == "null") return kTagNull;
  if (s == "timestamp") return kTagTimestamp;
  if (s == "binary") return kTagBinary;
  if (s == "merge") return kTagMerge;
  return kTagOther;
}

enum ScalarStyle : uint8_t { kPlain, kSingle, kDouble, kLiteral, kFolded };

struct PNode {
  uint8_t kind = kPScalar;
  uint8_t style = kPlain;    // scalars
  uint8_t tag = kTagNone;    // scalars
  uint8_t implicit = 0;      // scalars: libyaml's plain_implicit (go-yaml's node.implicit)
  uint32_t next = 0;         // index just past the subtree
  uint32_t target = kNone;   // aliases: the anchored node
  uint32_t len = 0;          // scalar value or alias name length
  uint32_t line = 0;         // 0-based, in the document chunk
  uint32_t col = 0;          // 0-based, code points
  const char *str = nullptr;  // scalar value or alias name
};

// Go value kinds, for messages (%#v) and key identity.
enum GoKind : uint8_t { kGkNil, kGkBool, kGkInt, kGkUint, kGkFloat, kGkString, kGkSlice, kGkMap };
static_assert(kGkMap < 8, "KeyTable::Slot::kinds has a bit per GoKind");

// A resolved scalar, cached per composed node (aliases decode it again).
struct Resolved {
  NodeType type = NodeType::Null;
  uint8_t flags = 0;
  uint8_t gk = kGkNil;
  bool nonfinite = false;
  const char *str = nullptr;
  uint32_t len = 0;
  double f = 0;
};

// Frees a container's memory when its capacity exceeds `keep_bytes` (clear()
// and assign() keep the capacity).
template <typename C>
void release_if_over(C &c, size_t keep_bytes) {
  if (c.capacity() > keep_bytes / sizeof(typename C::value_type)) C().swap(c);
}

// What a loader keeps between streams, per scratch container and per spare
// document: enough for a manifest of a thousand tags, so steady state
// allocates nothing, while a larger file's memory goes back as soon as it is
// done. (256 KiB made a 1000-tag document 25-50% slower: it rebuilt its
// scratch every time.)
constexpr size_t kKeepBytes = size_t{1} << 20;

// Key table: one open-addressing hash over all maps of a document, for the
// last occurrence of each key string (supersession) and for go-yaml's typed
// key identity (strict duplicates). A string key's typed identity is its
// text, so it is kept in the text's slot (`kinds`) rather than a slot of its
// own; only other kinds (numbers, booleans, null) take a second slot.
class KeyTable {
 public:
  struct Slot {
    uint64_t hash;
    const char *s;
    uint32_t len;
    uint32_t map;
    uint32_t node;
    uint8_t kind;  // 0 = empty; 1 = string key; 2 + GoKind = typed identity
    uint8_t kinds;  // string key slot: bit k set when a key of GoKind k had this text
  };

  // Empties the table for a document of about `expected` lookups. The
  // table is kept across documents: zeroed when its size fits, replaced
  // (memory released) when it is too small or more than four times too
  // large, so steady state allocates nothing and zeroing stays proportional
  // to the document. The first size is capped at kMaxInitialSlots: a long
  // sequence of scalars has many nodes and no keys, and grow() covers
  // documents with more keys than that.
  void reset(size_t expected) {
    size_t want = 64;
    while (want < 2 * expected && want < kMaxInitialSlots) want *= 2;  // load factor at most 1/2
    if (slots_.size() < want || slots_.size() > 4 * want) {
      std::vector<Slot>(want, Slot{0, nullptr, 0, 0, 0, 0, 0}).swap(slots_);
    } else {
      std::fill(slots_.begin(), slots_.end(), Slot{0, nullptr, 0, 0, 0, 0, 0});
    }
    used_ = 0;
  }
  static constexpr size_t kMaxInitialSlots = size_t{1} << 13;  // 256 KiB
  // Releases the table when it holds more than `keep_bytes`.
  void trim(size_t keep_bytes) {
    release_if_over(slots_, keep_bytes);
    if (slots_.empty()) used_ = 0;
  }

  // Returns the slot for (map, kind, s); `found` tells whether it existed.
  Slot &lookup(uint32_t map, uint8_t kind, std::string_view s, bool &found) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    uint64_t h = hash(map, kind, s);
    size_t mask = slots_.size() - 1;
    size_t i = static_cast<size_t>(h) & mask;
    for (;;) {
      Slot &sl = slots_[i];
      if (sl.kind == 0) {
        sl = Slot{h, s.data(), static_cast<uint32_t>(s.size()), map, 0, kind, 0};
        ++used_;
        found = false;
        return sl;
      }
      if (sl.hash == h && sl.map == map && sl.kind == kind && sl.len == s.size() &&
          (s.empty() || std::memcmp(sl.s, s.data(), s.size()) == 0)) {
        found = true;
        return sl;
      }
      i = (i + 1) & mask;
    }
  }

 private:
  static uint64_t hash(uint32_t map, uint8_t kind, std::string_view s) {
    uint64_t h = 1469598103934665603ULL ^ (static_cast<uint64_t>(map) * 0x9E3779B97F4A7C15ULL) ^ kind;
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h;
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Slot{0, nullptr, 0, 0, 0, 0, 0});
    size_t mask = slots_.size() - 1;
    for (const Slot &sl : old) {
      if (sl.kind == 0) continue;
      size_t i = static_cast<size_t>(sl.hash) & mask;
      while (slots_[i].kind != 0) i = (i + 1) & mask;
      slots_[i] = sl;
    }
  }

  std::vector<Slot> slots_;
  size_t used_ = 0;
};

// Per-load scratch, reused across documents.
struct Scratch {
  std::vector<PNode> pn;
  std::vector<Resolved> res;
  std::vector<uint8_t> res_done;
  std::vector<uint8_t> active;  // alias nodes being expanded
  std::vector<uint8_t> gk;      // Go kind per tape node
  std::string tmp;   // plain scalar text without underscores, base64 output
  std::string text;  // formatted numbers
  uint64_t scan_work = 0;  // see YamlLimits::max_scan_work
  KeyTable keys;           // the decoder's map keys (Decoder::member_done)

  // After a stream: releases what a large document left behind (see
  // kKeepBytes; the key table sizes itself down at the next document too).
  void trim() {
    release_if_over(pn, kKeepBytes);
    release_if_over(res, kKeepBytes);
    release_if_over(res_done, kKeepBytes);
    release_if_over(active, kKeepBytes);
    release_if_over(gk, kKeepBytes);
    release_if_over(tmp, kKeepBytes);
    release_if_over(text, kKeepBytes);
    keys.trim(kKeepBytes);
  }
};

// ---------------------------------------------------------------------------
// Errors.

std::string go_parser_error(const yaml_parser_t &p) {
  size_t line = 0;
  if (p.problem_mark.line != 0) {
    line = p.problem_mark.line;
    if (p.error == YAML_SCANNER_ERROR) ++line;  // go-yaml: scanner errors are 0-based there
  } else if (p.context_mark.line != 0) {
    line = p.context_mark.line;
  }
  std::string msg = "yaml: ";
  if (line != 0) {
    msg += "line ";
    msg += std::to_string(line);
    msg += ": ";
  }
  if (p.problem && *p.problem) msg += p.problem;
  else msg += "unknown problem parsing YAML content";
  return msg;
}

// ---------------------------------------------------------------------------
// Pass 1: compose.

class Composer {
 public:
  // `chunk` is the document's own copy, which run() may patch in place.
  Composer(char *chunk, size_t len, Doc &doc, Scratch &s, const YamlLimits &lim, uint32_t start_line, YamlError &err)
      : buf_(chunk), src_(chunk, len), doc_(doc), pn_(s.pn), work_(s.scan_work), lim_(lim), start_line_(start_line),
        err_(err) {}

  // 1: a document was composed (root is pn_[0]); 0: the chunk holds no
  // document; -1: error.
  int run();

 private:
  struct Open {
    uint32_t node;
    uint8_t flow;   // counted one flow level
    uint8_t block;  // counted one block indentation level
  };

  static constexpr int kRetry = 2;
  int parse_once();
  int fail_parser(const yaml_parser_t &p, bool in_doc);
  bool incompatible_version();
  const char *quoted_value(const yaml_event_t &ev);
  int fail_at(std::string msg, size_t line0, size_t col0) {
    err_.message = std::move(msg);
    err_.line = start_line_ + static_cast<uint32_t>(line0);
    err_.column = static_cast<uint32_t>(col0) + 1;
    return -1;
  }
  size_t byte_of(size_t cidx);
  const char *keep(const unsigned char *v, size_t n, size_t cidx, bool quoted);
  uint32_t add(uint8_t kind, const yaml_event_t &ev);
  int depth_error(const yaml_event_t &ev) {
    // go-yaml's scanner limit (max_flow_level / max_indents), a scanner error.
    size_t line = ev.start_mark.line;
    std::string msg = "yaml: ";
    if (line != 0) msg += "line " + std::to_string(line + 1) + ": ";
    msg += "exceeded max depth of " + std::to_string(lim_.max_depth);
    return fail_at(std::move(msg), ev.start_mark.line, ev.start_mark.column);
  }

  char *buf_;
  std::string_view src_;
  Doc &doc_;
  std::vector<PNode> &pn_;
  uint64_t &work_;
  std::vector<size_t> patches_;  // byte offsets of \' escapes rewritten as \e
  const YamlLimits &lim_;
  uint32_t start_line_;
  YamlError &err_;
  std::vector<Open> open_;
  std::unordered_map<std::string_view, uint32_t> anchors_;
  size_t cur_c_ = 0;  // char index -> byte offset cursor
  size_t cur_b_ = 0;
  size_t bom_ = 0;
  bool ascii_ = false;
  std::string tmp_;
  uint32_t flow_ = 0;
  uint32_t block_ = 0;
};

size_t Composer::byte_of(size_t cidx) {
  if (ascii_) return std::min(src_.size(), bom_ + cidx);
  if (cidx < cur_c_) {
    cur_c_ = 0;
    cur_b_ = bom_;
  }
  const auto *p = reinterpret_cast<const unsigned char *>(src_.data());
  while (cur_c_ < cidx && cur_b_ < src_.size()) {
    unsigned char c = p[cur_b_];
    size_t w = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cur_b_ = std::min(src_.size(), cur_b_ + w);
    ++cur_c_;
  }
  return cur_b_;
}

// Scalar text: a view into the chunk when the bytes are there unchanged,
// otherwise a copy in the arena.
const char *Composer::keep(const unsigned char *v, size_t n, size_t cidx, bool quoted) {
  const char *val = reinterpret_cast<const char *>(v);
  size_t b = byte_of(cidx) + (quoted ? 1 : 0);
  if (b <= src_.size() && n <= src_.size() - b && std::memcmp(src_.data() + b, val, n) == 0) return src_.data() + b;
  return doc_.arena.copy(std::string_view(val, n));
}

uint32_t Composer::add(uint8_t kind, const yaml_event_t &ev) {
  uint32_t idx = static_cast<uint32_t>(pn_.size());
  pn_.emplace_back();
  PNode &n = pn_.back();
  n.kind = kind;
  n.line = static_cast<uint32_t>(ev.start_mark.line);
  n.col = static_cast<uint32_t>(ev.start_mark.column);
  n.next = idx + 1;
  return idx;
}

// go-yaml v2 accepts only %YAML 1.1, where libyaml 0.2.5 also takes 1.2.
// Called on a parser error before the document start: if go-yaml would have
// stopped at an earlier %YAML directive, report its error instead.
bool Composer::incompatible_version() {
  size_t i = bom_;
  size_t line = 0;
  bool seen = false;
  while (i < src_.size()) {
    size_t eol = src_.find('\n', i);
    if (eol == std::string_view::npos) eol = src_.size();
    std::string_view l = src_.substr(i, eol - i);
    size_t k = 0;
    while (k < l.size() && (l[k] == ' ' || l[k] == '\t')) ++k;
    if (k == l.size() || l[k] == '#') {
      // blank or comment line
    } else if (k == 0 && l.substr(0, 5) == "%YAML" && l.size() > 5 && (l[5] == ' ' || l[5] == '\t')) {
      size_t j = 5;
      while (j < l.size() && (l[j] == ' ' || l[j] == '\t')) ++j;
      size_t a = j;
      while (j < l.size() && is_dig(l[j])) ++j;
      std::string_view major = l.substr(a, j - a);
      if (j >= l.size() || l[j] != '.') return false;
      size_t b = ++j;
      while (j < l.size() && is_dig(l[j])) ++j;
      std::string_view minor = l.substr(b, j - b);
      if (seen) return false;  // a duplicate directive: the same error in both
      if (major.empty() || minor.empty()) return false;
      if (major.find_first_not_of('0') != major.size() - 1 || major.back() != '1' ||
          minor.find_first_not_of('0') != minor.size() - 1 || minor.back() != '1') {
        std::string msg = "yaml: ";
        if (line != 0) msg += "line " + std::to_string(line) + ": ";
        msg += "found incompatible YAML document";
        fail_at(std::move(msg), line, 0);
        return true;
      }
      seen = true;
    } else if (k == 0 && l[0] == '%') {
      // another directive
    } else {
      return false;
    }
    i = eol + 1;
    ++line;
  }
  return false;
}

int Composer::fail_parser(const yaml_parser_t &p, bool in_doc) {
  if (p.error == YAML_PARSER_ERROR && !in_doc && incompatible_version()) return -1;
  err_.message = go_parser_error(p);
  if (p.error == YAML_READER_ERROR) {
    // No mark: locate the byte offset.
    size_t off = std::min(src_.size(), static_cast<size_t>(p.problem_offset));
    size_t line = 0;
    size_t ls = 0;
    for (size_t i = 0; i < off; ++i) {
      if (src_[i] == '\n') {
        ++line;
        ls = i + 1;
      }
    }
    size_t col = 0;
    for (size_t i = ls; i < off; ++i) {
      if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) ++col;
    }
    err_.line = start_line_ + static_cast<uint32_t>(line);
    err_.column = static_cast<uint32_t>(col) + 1;
    return -1;
  }
  const yaml_mark_t &m = (p.problem_mark.line != 0 || p.problem_mark.column != 0 || p.problem_mark.index != 0)
                             ? p.problem_mark
                             : p.context_mark;
  err_.line = start_line_ + static_cast<uint32_t>(m.line);
  err_.column = static_cast<uint32_t>(m.column) + 1;
  return -1;
}

int Composer::run() {
  bom_ = src_.size() >= 3 && std::memcmp(src_.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  ascii_ = true;
  for (size_t i = bom_; i < src_.size(); ++i) {
    if (static_cast<unsigned char>(src_[i]) >= 0x80) {
      ascii_ = false;
      break;
    }
  }
  patches_.clear();
  for (;;) {
    int r = parse_once();
    if (r != kRetry) return r;
  }
}

// The value of a double-quoted scalar whose text holds patched \' escapes:
// libyaml decoded them as ESC, go-yaml decodes them as a quote. The ESC bytes
// of the value are matched, in order, with the escapes of the text that
// produce one (\e, \x1b, \u001b, \U0000001b, and the patched ones).
const char *Composer::quoted_value(const yaml_event_t &ev) {
  const char *val = reinterpret_cast<const char *>(ev.data.scalar.value);
  size_t n = ev.data.scalar.length;
  if (patches_.empty()) return nullptr;
  size_t b = byte_of(ev.start_mark.index);
  size_t e = byte_of(ev.end_mark.index);
  auto lo = std::lower_bound(patches_.begin(), patches_.end(), b);
  if (lo == patches_.end() || *lo >= e) return nullptr;
  std::vector<bool> quote;
  for (size_t i = b; i + 1 < e;) {
    if (src_[i] != '\\') {
      ++i;
      continue;
    }
    char c = src_[i + 1];
    size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (digits) {
      uint32_t v = 0;
      for (size_t k = 0; k < digits && i + 2 + k < e; ++k) {
        char h = src_[i + 2 + k];
        v = v * 16 + static_cast<uint32_t>(is_dig(h) ? h - '0' : lower(h) - 'a' + 10);
      }
      if (v == 0x1B) quote.push_back(false);
      i += 2 + digits;
      continue;
    }
    if (c == 'e') quote.push_back(std::binary_search(patches_.begin(), patches_.end(), i));
    i += 2;
  }
  std::string &fixed = tmp_;
  fixed.assign(val, n);
  size_t q = 0;
  for (char &ch : fixed) {
    if (ch != '\x1B') continue;
    if (q < quote.size() && quote[q]) ch = '\'';
    ++q;
  }
  return doc_.arena.copy(fixed);
}

int Composer::parse_once() {
  pn_.clear();
  open_.clear();
  anchors_.clear();
  flow_ = block_ = 0;
  cur_c_ = 0;
  cur_b_ = bom_;

  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) throw std::bad_alloc();
  struct ParserGuard {
    yaml_parser_t *p;
    ~ParserGuard() { yaml_parser_delete(p); }
  } pguard{&parser};
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(src_.data()), src_.size());

  yaml_event_t ev;
  bool in_doc = false;
  for (;;) {
    if (!yaml_parser_parse(&parser, &ev)) {
      if (parser.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
      if (parser.error == YAML_SCANNER_ERROR && parser.problem &&
          std::strcmp(parser.problem, "found unknown escape character") == 0 && patches_.size() < 4096) {
        // go-yaml knows the escape \' (a single quote); libyaml 0.2.5 does
        // not. Rewrite it as \e, of the same length, and parse again.
        size_t b = byte_of(parser.problem_mark.index);
        if (b + 1 < src_.size() && src_[b] == '\\' && src_[b + 1] == '\'') {
          buf_[b + 1] = 'e';
          patches_.insert(std::upper_bound(patches_.begin(), patches_.end(), b), b);
          return kRetry;
        }
      }
      return fail_parser(parser, in_doc);
    }
    struct EventGuard {
      yaml_event_t *e;
      ~EventGuard() { yaml_event_delete(e); }
    } eguard{&ev};
    work_ += flow_ + 1;
    if (work_ > lim_.max_scan_work) {
      return fail_at("yaml: flow collections nested too deeply to parse in bounded time", ev.start_mark.line,
                     ev.start_mark.column);
    }
    switch (ev.type) {
      case YAML_STREAM_START_EVENT:
        continue;
      case YAML_STREAM_END_EVENT:
        return in_doc ? 1 : 0;
      case YAML_DOCUMENT_START_EVENT:
        in_doc = true;
        continue;
      case YAML_DOCUMENT_END_EVENT:
        // go-yaml decodes the first document only and reads no further.
        return pn_.empty() ? 0 : 1;
      case YAML_NO_EVENT:
        continue;
      default:
        break;
    }
    const unsigned char *anchor = nullptr;
    uint32_t idx = kNone;
    if (ev.type == YAML_ALIAS_EVENT) {
      idx = add(kPAlias, ev);
      PNode &n = pn_[idx];
      const char *name = reinterpret_cast<const char *>(ev.data.alias.anchor);
      size_t nlen = std::strlen(name);
      auto it = anchors_.find(std::string_view(name, nlen));
      if (it == anchors_.end()) {
        return fail_at("yaml: unknown anchor '" + std::string(name, nlen) + "' referenced", ev.start_mark.line,
                       ev.start_mark.column);
      }
      n.target = it->second;
      n.str = doc_.arena.copy(std::string_view(name, nlen));
      n.len = static_cast<uint32_t>(nlen);
    } else if (ev.type == YAML_SCALAR_EVENT) {
      idx = add(kPScalar, ev);
      PNode &n = pn_[idx];
      switch (ev.data.scalar.style) {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: n.style = kSingle; break;
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n.style = kDouble; break;
        case YAML_LITERAL_SCALAR_STYLE: n.style = kLiteral; break;
        case YAML_FOLDED_SCALAR_STYLE: n.style = kFolded; break;
        default: n.style = kPlain; break;
      }
      n.tag = tag_of(ev.data.scalar.tag);
      n.implicit = ev.data.scalar.plain_implicit ? 1 : 0;
      size_t vlen = ev.data.scalar.length;
      if (vlen > 0xFFFFFFF0u) return fail_at("yaml: scalar too long", ev.start_mark.line, ev.start_mark.column);
      const char *fixed = n.style == kDouble ? quoted_value(ev) : nullptr;
      n.str = fixed ? fixed : keep(ev.data.scalar.value, vlen, ev.start_mark.index, n.style == kSingle || n.style == kDouble);
      n.len = static_cast<uint32_t>(vlen);
      anchor = ev.data.scalar.anchor;
    } else if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
      bool map = ev.type == YAML_MAPPING_START_EVENT;
      bool flow = map ? ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                      : ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
      Open o{0, 0, 0};
      if (flow) {
        // A flow collection opened by a bracket raises the scanner's flow
        // level; the single-pair mapping of `[a: b]` has no bracket (its
        // start and end marks coincide).
        if (ev.end_mark.index != ev.start_mark.index) {
          o.flow = 1;
          if (++flow_ > lim_.max_depth) return depth_error(ev);
        }
      } else {
        // Block collections raise the indentation level, except a sequence
        // written at its parent key's indentation (whose start token is the
        // '-' itself, so the byte at its end mark is not a '-').
        bool indentless = false;
        if (!map) {
          size_t b = byte_of(ev.end_mark.index);
          indentless = b >= src_.size() || src_[b] != '-';
        }
        if (!indentless) {
          o.block = 1;
          if (++block_ > lim_.max_depth) return depth_error(ev);
        }
      }
      idx = add(map ? kPMap : kPSeq, ev);
      o.node = idx;
      anchor = map ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor;
      if (anchor) {
        const char *name = reinterpret_cast<const char *>(anchor);
        size_t nlen = std::strlen(name);
        anchors_[std::string_view(doc_.arena.copy(std::string_view(name, nlen)), nlen)] = idx;
        anchor = nullptr;
      }
      open_.push_back(o);
      continue;
    } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
      if (open_.empty()) continue;  // cannot happen with libyaml
      Open o = open_.back();
      open_.pop_back();
      pn_[o.node].next = static_cast<uint32_t>(pn_.size());
      flow_ -= o.flow;
      block_ -= o.block;
      continue;
    } else {
      continue;
    }
    if (anchor) {
      const char *name = reinterpret_cast<const char *>(anchor);
      size_t nlen = std::strlen(name);
      anchors_[std::string_view(doc_.arena.copy(std::string_view(name, nlen)), nlen)] = idx;
    }
  }
}

// ---------------------------------------------------------------------------
// %#v rendering of decoded values, for go-yaml and sigs.k8s.io/yaml messages.

void render_go(const Doc &d, const std::vector<uint8_t> &gk, uint32_t i, std::string &out, int depth, bool top);

int gk_rank(uint8_t k) { return k; }

void render_key(const Doc &d, const std::vector<uint8_t> &gk, uint32_t k, std::string &out) {
  const Node &n = d.nodes[k];
  switch (gk[k]) {
    case kGkNil: out += "interface {}(nil)"; return;
    case kGkBool:
    case kGkInt:
    case kGkFloat: out.append(n.str, n.len); return;
    case kGkUint: {
      uint64_t u = 0;
      std::from_chars(n.str, n.str + n.len, u);
      append_go_hex(out, u);
      return;
    }
    default: append_go_quote(out, n.text()); return;
  }
}

void render_go(const Doc &d, const std::vector<uint8_t> &gk, uint32_t i, std::string &out, int depth, bool top) {
  const Node &n = d.nodes[i];
  if (depth > 64) {
    out += "...";
    return;
  }
  switch (n.type) {
    case NodeType::Null: out += top ? "<nil>" : "interface {}(nil)"; return;
    case NodeType::True: out += "true"; return;
    case NodeType::False: out += "false"; return;
    case NodeType::Number: {
      if (gk[i] == kGkUint) {
        uint64_t u = 0;
        std::from_chars(n.str, n.str + n.len, u);
        append_go_hex(out, u);
      } else if (gk[i] == kGkFloat && n.text() != "+Inf" && n.text() != "-Inf" && n.text() != "NaN") {
        double v = 0;
        decimal_to_double(n.text(), v);
        append_go_g(out, v, false);
      } else {
        out.append(n.str, n.len);
      }
      return;
    }
    case NodeType::String: append_go_quote(out, n.text()); return;
    case NodeType::Array: {
      out += "[]interface {}{";
      bool first = true;
      for (auto e = elements(d, i); !e.done(); e.advance()) {
        if (!first) out += ", ";
        first = false;
        render_go(d, gk, e.cur, out, depth + 1, false);
      }
      out += "}";
      return;
    }
    case NodeType::Object: {
      out += "map[interface {}]interface {}{";
      std::vector<uint32_t> keys;
      for (auto it = members(d, i); !it.done(); it.advance()) {
        if (!(d.nodes[it.key].flags & kKeySuperseded)) keys.push_back(it.key);
      }
      std::sort(keys.begin(), keys.end(), [&](uint32_t a, uint32_t b) {
        if (gk[a] != gk[b]) return gk_rank(gk[a]) < gk_rank(gk[b]);
        if (gk[a] == kGkInt || gk[a] == kGkFloat || gk[a] == kGkUint) {
          double x = 0;
          double y = 0;
          decimal_to_double(d.nodes[a].text(), x);
          decimal_to_double(d.nodes[b].text(), y);
          if (x != y) return x < y;
        }
        return d.nodes[a].text() < d.nodes[b].text();
      });
      bool first = true;
      for (uint32_t k : keys) {
        if (!first) out += ", ";
        first = false;
        render_key(d, gk, k, out);
        out.push_back(':');
        render_go(d, gk, k + 1, out, depth + 1, false);
      }
      out += "}";
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Pass 2: decode into the tape.

class Decoder {
 public:
  Decoder(YamlDocument &out, Scratch &s, const YamlLimits &lim, uint32_t start_line, YamlError &err)
      : doc_(out.doc), dups_(out.duplicates), s_(s), pn_(s.pn), keys_(s.keys), lim_(lim), start_line_(start_line),
        err_(err) {}

  bool run();

 private:
  enum FrameType : uint8_t { kFMap, kFSeq, kFAliasPop, kFMergeSeq };
  struct Frame {
    uint8_t type;
    uint8_t phase;     // maps: 0 next pair, 1 key decoded, 2 value decoded
    uint8_t own;       // maps: the Object node is this frame's
    uint8_t key_gk;    // maps: Go kind of the current key
    uint32_t pn;       // composed node
    uint32_t cur;      // next child (maps, sequences); merge sequences: children left
    uint32_t end;      // subtree end; merge sequences: base in merge_kids_
    uint32_t target;   // tape index of the Object/Array
    uint32_t key;      // maps: tape index of the current key
    uint32_t val;      // maps: composed node of the current value
    uint32_t kpn;      // maps: composed node of the current key
    double key_f;      // maps: float key value
  };

  bool fail(std::string msg, uint32_t pnode) {
    err_.message = std::move(msg);
    if (pnode < pn_.size()) {
      err_.line = start_line_ + pn_[pnode].line;
      err_.column = pn_[pnode].col + 1;
    }
    return false;
  }
  bool resolve(uint32_t i, const Resolved *&out);
  bool begin(uint32_t n, uint32_t into);
  bool emit(NodeType t, uint32_t pos, uint32_t &idx);
  bool key_done(Frame &f);
  void member_done(Frame &f);
  bool nonfinite_check();
  const char *store(const std::string &s) { return doc_.arena.copy(s); }

  Doc &doc_;
  std::vector<YamlDuplicate> &dups_;
  Scratch &s_;
  std::vector<PNode> &pn_;
  KeyTable &keys_;
  const YamlLimits &lim_;
  uint32_t start_line_;
  YamlError &err_;
  std::vector<Frame> frames_;
  std::vector<uint32_t> merge_kids_;
  uint64_t decode_count_ = 0;
  uint64_t alias_count_ = 0;
  uint32_t alias_depth_ = 0;
  uint32_t depth_ = 0;
  double last_f_ = 0;
  bool any_nonfinite_ = false;
  // First conversion error (sigs.k8s.io/yaml's unsupported map key).
  bool conv_set_ = false;
  uint32_t conv_map_ = 0;
  uint8_t conv_gk_ = 0;
  std::string conv_canon_;
  std::string conv_msg_;
  uint32_t conv_pn_ = 0;
};

double allowed_alias_ratio(uint64_t decode_count) {
  constexpr uint64_t kLow = 400000;
  constexpr uint64_t kHigh = 4000000;
  if (decode_count <= kLow) return 0.99;
  if (decode_count >= kHigh) return 0.10;
  return 0.99 - 0.89 * (static_cast<double>(decode_count - kLow) / static_cast<double>(kHigh - kLow));
}

bool is_template(std::string_view s) {
  if (s.size() < 6 || s.substr(0, 3) != "${{" || s.substr(s.size() - 2) != "}}") return false;
  std::string_view name = s.substr(3, s.size() - 5);
  if (name.empty()) return false;
  for (char c : name) {
    if (!(is_dig(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return false;
  }
  return true;
}

// go-yaml's resolve() plus decoder.scalar() for an interface{} target.
bool Decoder::resolve(uint32_t i, const Resolved *&out) {
  Resolved &r = s_.res[i];
  out = &r;
  if (s_.res_done[i]) return true;
  const PNode &n = pn_[i];
  std::string_view in(n.str, n.len);
  auto as_string = [&](const char *p, uint32_t len, uint8_t extra) {
    r.type = NodeType::String;
    r.gk = kGkString;
    r.str = p;
    r.len = len;
    r.flags = extra;
    if (n.style != kPlain) r.flags |= kYamlQuoted;  // quoted or block scalar
    if ((n.style == kPlain || n.style == kSingle || n.style == kDouble) && is_template(std::string_view(p, len)))
      r.flags |= kYamlTemplate;
  };
  auto as_number = [&](std::string &text, uint8_t gk) {
    r.type = NodeType::Number;
    r.gk = gk;
    if (text == in) {
      r.str = n.str;
    } else {
      r.str = store(text);
    }
    r.len = static_cast<uint32_t>(text.size());
    r.flags = 0;
    if (text.find_first_of(".eE") != std::string::npos) r.flags |= kNumFrac;
    if (!text.empty() && text[0] == '-') r.flags |= kNumNeg;
  };
  auto as_float = [&](double v) {
    r.f = v;
    std::string &t = s_.text;
    t.clear();
    if (std::isnan(v) || std::isinf(v)) {
      r.nonfinite = true;
      t = std::isnan(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    } else {
      append_json_float(t, v);
    }
    as_number(t, kGkFloat);
  };

  if (n.tag == kTagNone && !n.implicit) {
    // Quoted or block scalar without a tag: always a string.
    as_string(n.str, n.len, 0);
    s_.res_done[i] = 1;
    return true;
  }
  Tag tag = static_cast<Tag>(n.tag);
  if (tag == kTagNonSpecific || tag == kTagOther || tag == kTagMerge) {
    // Not resolvable: the text as a string.
    as_string(n.str, n.len, 0);
    s_.res_done[i] = 1;
    return true;
  }
  if (tag == kTagBinary) {
    std::string &t = s_.tmp;
    if (!go_base64_decode(in, t)) return fail("yaml: !!binary value contains invalid base64 data", i);
    // encoding/json replaces invalid UTF-8 with U+FFFD.
    std::string fixed;
    fixed.reserve(t.size());
    const auto *p = reinterpret_cast<const unsigned char *>(t.data());
    for (size_t k = 0; k < t.size();) {
      if (p[k] < 0x80) {
        fixed.push_back(static_cast<char>(p[k++]));
        continue;
      }
      size_t w = utf8_valid_seq(p + k, t.size() - k);
      if (w == 0) {
        fixed += "\xEF\xBF\xBD";
        ++k;
      } else {
        fixed.append(t, k, w);
        k += w;
      }
    }
    const char *stored = store(fixed);
    r.type = NodeType::String;
    r.gk = kGkString;
    r.str = stored;
    r.len = static_cast<uint32_t>(fixed.size());
    r.flags = kStrDecoded;
    s_.res_done[i] = 1;
    return true;
  }

  // resolve(tag, in): tag is "", str, bool, int, float, null or timestamp.
  enum RTag { kRStr, kRBool, kRNull, kRInt, kRUint, kRFloat, kRTimestamp } rtag = kRStr;
  bool bval = false;
  int64_t ival = 0;
  uint64_t uval = 0;
  double fval = 0;
  char hint = 'N';
  if (!in.empty()) {
    unsigned char c0 = static_cast<unsigned char>(in[0]);
    if (c0 == '+' || c0 == '-') hint = 'S';
    else if (is_dig(static_cast<char>(c0))) hint = 'D';
    else if (std::strchr("yYnNtTfFoO~", c0) && c0 != 0) hint = 'M';
    else if (c0 == '.') hint = '.';
    else hint = 0;
  }
  if (hint != 0 && tag != kTagStr) {
    bool mapped = true;
    if (in.empty() || in == "~" || in == "null" || in == "Null" || in == "NULL") {
      rtag = kRNull;
    } else if (in == "y" || in == "Y" || in == "yes" || in == "Yes" || in == "YES" || in == "true" || in == "True" ||
               in == "TRUE" || in == "on" || in == "On" || in == "ON") {
      rtag = kRBool;
      bval = true;
    } else if (in == "n" || in == "N" || in == "no" || in == "No" || in == "NO" || in == "false" || in == "False" ||
               in == "FALSE" || in == "off" || in == "Off" || in == "OFF") {
      rtag = kRBool;
      bval = false;
    } else if (in == ".nan" || in == ".NaN" || in == ".NAN") {
      rtag = kRFloat;
      fval = std::numeric_limits<double>::quiet_NaN();
    } else if (in == ".inf" || in == ".Inf" || in == ".INF" || in == "+.inf" || in == "+.Inf" || in == "+.INF") {
      rtag = kRFloat;
      fval = std::numeric_limits<double>::infinity();
    } else if (in == "-.inf" || in == "-.Inf" || in == "-.INF") {
      rtag = kRFloat;
      fval = -std::numeric_limits<double>::infinity();
    } else {
      mapped = false;
    }
    if (!mapped) {
      if (hint == '.') {
        if (go_parse_float_dot(in, fval)) rtag = kRFloat;
      } else if (hint == 'D' || hint == 'S') {
        bool done = false;
        if ((tag == kTagNone || tag == kTagTimestamp) && go_yaml_timestamp(in)) {
          rtag = kRTimestamp;
          done = true;
        }
        if (!done) {
          std::string &plain = s_.tmp;
          plain.clear();
          for (char c : in) {
            if (c != '_') plain.push_back(c);
          }
          if (go_parse_int(plain, 0, ival)) {
            rtag = kRInt;
          } else if (go_parse_uint(plain, 0, uval)) {
            rtag = kRUint;
          } else if (yaml_style_float(plain) && decimal_to_double(plain, fval)) {
            rtag = kRFloat;
          } else if (plain.size() >= 2 && plain.compare(0, 2, "0b") == 0) {
            if (go_parse_int(std::string_view(plain).substr(2), 2, ival)) rtag = kRInt;
            else if (go_parse_uint(std::string_view(plain).substr(2), 2, uval)) rtag = kRUint;
          } else if (plain.size() >= 3 && plain.compare(0, 3, "-0b") == 0) {
            std::string neg = "-" + plain.substr(3);
            if (go_parse_int(neg, 2, ival)) rtag = kRInt;
          }
        }
      }
    }
  }
  // The deferred check of resolve(): an explicit tag must match, except
  // that an int satisfies !!float.
  if (tag != kTagNone && tag != kTagStr) {
    Tag got = rtag == kRBool ? kTagBool
              : rtag == kRNull ? kTagNull
              : rtag == kRInt || rtag == kRUint ? kTagInt
              : rtag == kRFloat ? kTagFloat
              : rtag == kRTimestamp ? kTagTimestamp
              : kTagStr;
    if (got != tag) {
      if (tag == kTagFloat && rtag == kRInt) {
        rtag = kRFloat;
        fval = static_cast<double>(ival);
      } else {
        std::string msg = "yaml: cannot decode ";
        msg += short_tag(got);
        msg += " `";
        msg.append(in);
        msg += "` as a ";
        msg += short_tag(tag);
        return fail(std::move(msg), i);
      }
    }
  }
  switch (rtag) {
    case kRNull:
      r.type = NodeType::Null;
      r.gk = kGkNil;
      break;
    case kRBool:
      r.type = bval ? NodeType::True : NodeType::False;
      r.gk = kGkBool;
      r.str = bval ? "true" : "false";
      r.len = bval ? 4 : 5;
      break;
    case kRInt: {
      std::string &t = s_.text;
      t.clear();
      append_i64(t, ival);
      r.f = static_cast<double>(ival);
      as_number(t, kGkInt);
      break;
    }
    case kRUint: {
      std::string &t = s_.text;
      t.clear();
      append_u64(t, uval);
      r.f = static_cast<double>(uval);
      as_number(t, kGkUint);
      break;
    }
    case kRFloat:
      as_float(fval);
      break;
    case kRTimestamp:
      as_string(n.str, n.len, kYamlTimestamp);
      break;
    case kRStr:
      as_string(n.str, n.len, 0);
      break;
  }
  s_.res_done[i] = 1;
  return true;
}

bool Decoder::emit(NodeType t, uint32_t pos, uint32_t &idx) {
  if (doc_.nodes.size() >= lim_.max_nodes) {
    return fail("yaml: document expands to more than " + std::to_string(lim_.max_nodes) + " nodes", pos);
  }
  idx = static_cast<uint32_t>(doc_.nodes.size());
  doc_.nodes.emplace_back();
  Node &nd = doc_.nodes.back();
  nd.type = t;
  nd.pos = pos;
  nd.next = idx + 1;
  s_.gk.push_back(kGkNil);
  return true;
}

// go-yaml's decoder.unmarshal(n, out) entry: counts, the aliasing rule, and
// either a complete scalar or a pushed frame. `into` is the tape index of an
// Object to merge into, or kNone for a new value.
bool Decoder::begin(uint32_t n, uint32_t into) {
  uint32_t pos = kNone;  // mark of the alias that led here, if any
  for (;;) {
    ++decode_count_;
    if (alias_depth_ > 0) ++alias_count_;
    if (alias_count_ > 100 && decode_count_ > 1000 &&
        static_cast<double>(alias_count_) / static_cast<double>(decode_count_) > allowed_alias_ratio(decode_count_)) {
      return fail("yaml: document contains excessive aliasing", n);
    }
    const PNode &p = pn_[n];
    if (p.kind != kPAlias) break;
    if (s_.active[n]) {
      return fail("yaml: anchor '" + std::string(p.str, p.len) + "' value contains itself", n);
    }
    s_.active[n] = 1;
    ++alias_depth_;
    frames_.push_back(Frame{kFAliasPop, 0, 0, 0, n, 0, 0, 0, 0, 0, 0, 0});
    if (pos == kNone) pos = n;
    n = p.target;
  }
  if (pos == kNone) pos = n;
  const PNode &p = pn_[n];
  if (p.kind == kPScalar) {
    const Resolved *r;
    if (!resolve(n, r)) return false;
    uint32_t idx;
    if (!emit(r->type, pos, idx)) return false;
    Node &nd = doc_.nodes[idx];
    nd.flags = r->flags;
    nd.str = r->str;
    nd.len = r->len;
    s_.gk[idx] = r->gk;
    last_f_ = r->f;
    if (r->nonfinite) any_nonfinite_ = true;
    return true;
  }
  if (p.kind == kPSeq) {
    uint32_t idx;
    if (!emit(NodeType::Array, pos, idx)) return false;
    s_.gk[idx] = kGkSlice;
    if (++depth_ > lim_.max_depth) {
      return fail("yaml: document nesting exceeds max depth of " + std::to_string(lim_.max_depth) +
                      " after alias expansion",
                  n);
    }
    frames_.push_back(Frame{kFSeq, 0, 1, 0, n, n + 1, p.next, idx, 0, 0, 0, 0});
    return true;
  }
  // Mapping.
  uint32_t target = into;
  uint8_t own = 0;
  if (into == kNone) {
    if (!emit(NodeType::Object, pos, target)) return false;
    s_.gk[target] = kGkMap;
    own = 1;
    if (++depth_ > lim_.max_depth) {
      return fail("yaml: document nesting exceeds max depth of " + std::to_string(lim_.max_depth) +
                      " after alias expansion",
                  n);
    }
  }
  frames_.push_back(Frame{kFMap, 0, own, 0, n, n + 1, p.next, target, 0, 0, 0, 0});
  return true;
}

// The key of the current member has been decoded: check it and turn it into
// the JSON key string, as sigs.k8s.io/yaml's conversion does.
bool Decoder::key_done(Frame &f) {
  Node &k = doc_.nodes[f.key];
  if (k.type == NodeType::Object || k.type == NodeType::Array) {
    std::string msg = "yaml: invalid map key: ";
    render_go(doc_, s_.gk, f.key, msg, 0, true);
    return fail(std::move(msg), f.kpn);
  }
  uint8_t gk = s_.gk[f.key];
  f.key_gk = gk;
  f.key_f = last_f_;
  switch (k.type) {
    case NodeType::Null:
      k.str = "";
      k.len = 0;
      break;
    case NodeType::True:
      k.str = "true";
      k.len = 4;
      break;
    case NodeType::False:
      k.str = "false";
      k.len = 5;
      break;
    case NodeType::Number:
      if (gk == kGkFloat) {
        std::string &t = s_.text;
        t.clear();
        append_go_g(t, last_f_, true);
        if (t == "+Inf") t = ".inf";
        else if (t == "-Inf") t = "-.inf";
        else if (t == "NaN") t = ".nan";
        k.str = store(t);
        k.len = static_cast<uint32_t>(t.size());
      }
      break;
    default:
      break;
  }
  k.type = NodeType::String;
  k.flags = 0;
  ++doc_.nodes[f.target].len;
  return true;
}

// The value of the current member has been decoded: the Go map assignment.
void Decoder::member_done(Frame &f) {
  Node &k = doc_.nodes[f.key];
  std::string_view ks = k.text();
  bool found = false;
  // Non-strict decoding: the last assignment wins.
  KeyTable::Slot &sl = keys_.lookup(f.target, 1, ks, found);
  if (found) doc_.nodes[sl.node].flags |= kKeySuperseded;
  sl.node = f.key;

  // go-yaml's typed key identity, for strict decoding's duplicate errors.
  uint8_t gk = f.key_gk;
  const uint8_t kind_bit = static_cast<uint8_t>(1u << gk);
  const bool string_dup = found && (sl.kinds & kind_bit) != 0;
  sl.kinds |= kind_bit;  // `sl` is not used below: the next lookup may move it
  std::string canon_buf;
  std::string_view canon = ks;
  bool comparable = true;
  if (gk == kGkFloat) {
    if (std::isnan(f.key_f)) comparable = false;  // NaN != NaN in a Go map
    double v = f.key_f == 0 ? 0.0 : f.key_f;
    if (!std::isnan(v) && !std::isinf(v)) append_json_float(canon_buf, v);
    else canon_buf = std::isinf(v) ? (v > 0 ? "+Inf" : "-Inf") : "NaN";
    canon = canon_buf;
  }
  if (comparable) {
    bool dup = string_dup;
    if (gk != kGkString) {
      KeyTable::Slot &ts = keys_.lookup(f.target, static_cast<uint8_t>(2 + gk), canon, dup);
      if (!dup && gk == kGkFloat) {
        // The slot must not point at the local buffer.
        const char *kept = store(canon_buf);
        ts.s = kept;
      }
    }
    if (dup) {
      YamlDuplicate d;
      d.key_node = f.key;
      d.line = start_line_ + pn_[f.val].line;
      d.message = "line " + std::to_string(d.line) + ": key ";
      switch (gk) {
        case kGkNil: d.message += "<nil>"; break;
        case kGkBool:
        case kGkInt: d.message.append(ks); break;
        case kGkUint: {
          uint64_t u = 0;
          std::from_chars(ks.data(), ks.data() + ks.size(), u);
          append_go_hex(d.message, u);
          break;
        }
        case kGkFloat: append_go_g(d.message, f.key_f, false); break;
        default: append_go_quote(d.message, ks); break;
      }
      d.message += " already set in map";
      dups_.push_back(std::move(d));
    }
  }

  // sigs.k8s.io/yaml rejects null and uint64 keys after decoding.
  if (gk == kGkNil || gk == kGkUint) {
    bool same = conv_set_ && conv_map_ == f.target && conv_gk_ == gk && conv_canon_ == ks;
    if (!conv_set_ || same) {
      conv_set_ = true;
      conv_map_ = f.target;
      conv_gk_ = gk;
      conv_canon_.assign(ks.data(), ks.size());
      conv_pn_ = f.val;
      std::string &m = conv_msg_;
      m = "unsupported map key of type: ";
      if (gk == kGkNil) {
        m += "%!s(<nil>), key: <nil>";
      } else {
        m += "uint64, key: ";
        uint64_t u = 0;
        std::from_chars(ks.data(), ks.data() + ks.size(), u);
        append_go_hex(m, u);
      }
      m += ", value: ";
      render_go(doc_, s_.gk, f.key + 1, m, 0, true);
    }
  }
}

// encoding/json refuses NaN and infinities among the values that survive
// the map assignments.
bool Decoder::nonfinite_check() {
  struct It {
    uint32_t cur;
    uint32_t end;
    bool object;
  };
  std::vector<It> st;
  auto visit = [&](uint32_t i) -> bool {
    const Node &n = doc_.nodes[i];
    if (n.type == NodeType::Number && s_.gk[i] == kGkFloat) {
      std::string_view t = n.text();
      if (t == "+Inf" || t == "-Inf" || t == "NaN") {
        err_.message = "json: unsupported value: ";
        err_.message.append(t);
        uint32_t p = n.pos;
        if (p < pn_.size()) {
          err_.line = start_line_ + pn_[p].line;
          err_.column = pn_[p].col + 1;
        }
        return false;
      }
    }
    if (n.is_container()) st.push_back(It{i + 1, n.next, n.type == NodeType::Object});
    return true;
  };
  if (!visit(doc_.root)) return false;
  while (!st.empty()) {
    It &t = st.back();
    if (t.cur >= t.end) {
      st.pop_back();
      continue;
    }
    uint32_t i = t.cur;
    if (t.object) {
      uint32_t v = i + 1;
      t.cur = doc_.nodes[v].next;
      if (doc_.nodes[i].flags & kKeySuperseded) continue;
      if (!visit(v)) return false;
    } else {
      t.cur = doc_.nodes[i].next;
      if (!visit(i)) return false;
    }
  }
  return true;
}

bool Decoder::run() {
  frames_.clear();
  merge_kids_.clear();
  keys_.reset(pn_.size());  // two lookups per key; a key is one composed node of at least two
  s_.gk.clear();
  // Without aliases the tape has one node per composed node: sized once,
  // the tape neither grows by doubling (copies, up to twice the memory) nor
  // ends up larger than it needs.
  doc_.nodes.reserve(pn_.size());
  s_.gk.reserve(pn_.size());
  s_.res.assign(pn_.size(), Resolved{});
  s_.res_done.assign(pn_.size(), 0);
  s_.active.assign(pn_.size(), 0);
  decode_count_ = 1;  // the document node
  if (!begin(0, kNone)) return false;

  while (!frames_.empty()) {
    Frame &f = frames_.back();
    switch (f.type) {
      case kFAliasPop:
        s_.active[f.pn] = 0;
        --alias_depth_;
        frames_.pop_back();
        continue;
      case kFSeq: {
        if (f.cur >= f.end) {
          doc_.nodes[f.target].next = static_cast<uint32_t>(doc_.nodes.size());
          --depth_;
          frames_.pop_back();
          continue;
        }
        uint32_t c = f.cur;
        f.cur = pn_[c].next;
        ++doc_.nodes[f.target].len;
        if (!begin(c, kNone)) return false;
        continue;
      }
      case kFMergeSeq: {
        if (f.cur == 0) {
          merge_kids_.resize(f.end);
          frames_.pop_back();
          continue;
        }
        --f.cur;
        uint32_t c = merge_kids_[f.end + f.cur];
        uint32_t target = f.target;
        const PNode &cp = pn_[c];
        if ((cp.kind == kPAlias && pn_[cp.target].kind != kPMap) || (cp.kind != kPAlias && cp.kind != kPMap)) {
          return fail("yaml: map merge requires map or sequence of maps as the value", c);
        }
        if (!begin(c, target)) return false;
        continue;
      }
      case kFMap: {
        if (f.phase == 1) {
          f.phase = 2;
          if (!key_done(f)) return false;
          uint32_t v = f.val;
          if (!begin(v, kNone)) return false;
          continue;
        }
        if (f.phase == 2) {
          member_done(f);
          f.phase = 0;
          continue;
        }
        if (f.cur >= f.end) {
          if (f.own) {
            doc_.nodes[f.target].next = static_cast<uint32_t>(doc_.nodes.size());
            --depth_;
          }
          frames_.pop_back();
          continue;
        }
        uint32_t k = f.cur;
        uint32_t v = pn_[k].next;
        if (v >= f.end) {
          // A key without a value cannot come from libyaml.
          f.cur = f.end;
          continue;
        }
        f.cur = pn_[v].next;
        const PNode &kp = pn_[k];
        bool merge = kp.kind == kPScalar && std::string_view(kp.str, kp.len) == "<<" &&
                     (kp.implicit || kp.tag == kTagMerge);
        if (merge) {
          uint32_t target = f.target;
          const PNode &vp = pn_[v];
          if (vp.kind == kPMap) {
            if (!begin(v, target)) return false;
          } else if (vp.kind == kPAlias) {
            if (pn_[vp.target].kind != kPMap) {
              return fail("yaml: map merge requires map or sequence of maps as the value", v);
            }
            if (!begin(v, target)) return false;
          } else if (vp.kind == kPSeq) {
            uint32_t base = static_cast<uint32_t>(merge_kids_.size());
            for (uint32_t c = v + 1; c < vp.next; c = pn_[c].next) merge_kids_.push_back(c);
            uint32_t count = static_cast<uint32_t>(merge_kids_.size()) - base;
            frames_.push_back(Frame{kFMergeSeq, 0, 0, 0, v, count, base, target, 0, 0, 0, 0});
          } else {
            return fail("yaml: map merge requires map or sequence of maps as the value", v);
          }
          continue;
        }
        f.phase = 1;
        f.val = v;
        f.kpn = k;
        f.key = static_cast<uint32_t>(doc_.nodes.size());
        if (!begin(k, kNone)) return false;
        continue;
      }
    }
  }
  if (conv_set_) {
    err_.message = conv_msg_;
    err_.line = start_line_ + pn_[conv_pn_].line;
    err_.column = pn_[conv_pn_].col + 1;
    return false;
  }
  if (any_nonfinite_ && !nonfinite_check()) return false;
  return true;
}

// ---------------------------------------------------------------------------
// Stream splitting and per-document driver.

struct Chunk {
  size_t begin;  // raw byte range in the input
  size_t end;
  uint32_t first_line;
};

// Loads one chunk. Returns false on error; sets `keep` when the document
// produced a non-null value.
bool load_chunk(std::string_view src, const Chunk &c, YamlDocument &out, Scratch &s, const YamlLimits &lim,
                YamlError &err, bool &keep) {
  keep = false;
  out.doc.clear();
  out.duplicates.clear();
  out.start_line = c.first_line;
  // oc's line reader turns CRLF into LF and ends every line with LF.
  std::string_view raw = src.substr(c.begin, c.end - c.begin);
  size_t cap = raw.size() + 1;
  char *buf = out.doc.arena.alloc(cap + 1);
  size_t o = 0;
  for (size_t i = 0; i < raw.size();) {
    // Copy up to the next CR in one go; drop the CR of a CRLF.
    const void *cr = std::memchr(raw.data() + i, '\r', raw.size() - i);
    const size_t end = cr ? static_cast<size_t>(static_cast<const char *>(cr) - raw.data()) : raw.size();
    std::memcpy(buf + o, raw.data() + i, end - i);
    o += end - i;
    i = end;
    if (i == raw.size()) break;
    if (i + 1 == raw.size() || raw[i + 1] != '\n') buf[o++] = '\r';
    ++i;
  }
  if (o == 0 || buf[o - 1] != '\n') buf[o++] = '\n';
  buf[o] = '\0';
  std::string_view chunk(buf, o);
  out.doc.set_src(chunk);
  out.doc.yaml = true;
  out.doc.max_scalar_len = Doc::kUnknownLength;

  Composer comp(buf, o, out.doc, s, lim, c.first_line, err);
  int r = comp.run();
  if (r < 0) return false;
  if (r == 0 || s.pn.empty()) return true;  // no document: null, skipped

  Decoder dec(out, s, lim, c.first_line, err);
  if (!dec.run()) return false;
  out.doc.root = 0;
  out.doc.marks.resize(s.pn.size());
  for (size_t i = 0; i < s.pn.size(); ++i) {
    out.doc.marks[i] = Mark{c.first_line + s.pn[i].line, s.pn[i].col + 1};
  }
  keep = out.doc.nodes[0].type != NodeType::Null;
  return true;
}

}  // namespace

struct YamlLoader::State {
  Scratch scratch;
  std::vector<std::unique_ptr<YamlDocument>> spare;  // documents handed back by recycle()
  // Most inputs hold one document; a few kept documents cover them without
  // holding the memory of a long stream. A document that holds more than
  // kKeepBytes (tape, marks, text) is not kept either.
  static constexpr size_t kMaxSpare = 2;
};

YamlLoader::YamlLoader() : st_(std::make_unique<State>()) {
  st_->spare.reserve(State::kMaxSpare);  // recycle() then never allocates
}
YamlLoader::~YamlLoader() = default;

void YamlLoader::recycle(std::vector<std::unique_ptr<YamlDocument>> &docs) {
  for (auto &d : docs) {
    if (st_->spare.size() >= State::kMaxSpare) break;
    const Doc &doc = d->doc;
    size_t bytes = doc.nodes.capacity() * sizeof(Node) + doc.marks.capacity() * sizeof(Mark) + doc.arena.capacity();
    if (bytes <= kKeepBytes) st_->spare.push_back(std::move(d));
  }
  docs.clear();
}

bool load_yaml_stream(std::string_view src, std::vector<std::unique_ptr<YamlDocument>> &out, YamlError &err,
                      const YamlLimits &limits) {
  YamlLoader loader;
  return loader.load(src, out, err, limits);
}

bool YamlLoader::load(std::string_view src, std::vector<std::unique_ptr<YamlDocument>> &out, YamlError &err,
                      const YamlLimits &limits) {
  err = YamlError{};
  if (src.size() > limits.max_bytes) {
    err.message = "yaml: input is larger than " + std::to_string(limits.max_bytes) + " bytes";
    err.line = 1;
    err.column = 1;
    return false;
  }
  Scratch &scratch = st_->scratch;
  scratch.scan_work = 0;  // the limit is per stream
  struct TrimAfter {
    Scratch &s;
    ~TrimAfter() { s.trim(); }
  } trim_after{scratch};
  std::unique_ptr<YamlDocument> cur;

  auto flush = [&](const Chunk &c) -> bool {
    if (!cur) {
      if (!st_->spare.empty()) {
        cur = std::move(st_->spare.back());
        st_->spare.pop_back();
      } else {
        cur = std::make_unique<YamlDocument>();
      }
    }
    bool keep = false;
    if (!load_chunk(src, c, *cur, scratch, limits, err, keep)) return false;
    if (keep) out.push_back(std::move(cur));
    return true;
  };

  // oc's YAMLReader: a line starting with "---" ends the current document;
  // only spaces or a comment may follow it.
  size_t pos = 0;
  uint32_t line = 1;
  bool have = false;
  Chunk chunk{0, 0, 1};
  const size_t n = src.size();
  while (pos < n) {
    size_t eol = src.find('\n', pos);
    size_t line_end = eol == std::string_view::npos ? n : eol;
    size_t next = eol == std::string_view::npos ? n : eol + 1;
    size_t content_end = line_end;
    if (eol != std::string_view::npos && content_end > pos && src[content_end - 1] == '\r') --content_end;
    std::string_view content = src.substr(pos, content_end - pos);
    if (content.size() >= 3 && content.compare(0, 3, "---") == 0) {
      std::string_view rest = go_trim_space(content.substr(3));
      if (!rest.empty() && rest[0] != '#') {
        err.message = "invalid Yaml document separator: ";
        err.message.append(rest);
        err.line = line;
        err.column = static_cast<uint32_t>(4);
        return false;
      }
      if (have) {
        if (!flush(chunk)) return false;
        have = false;
      }
    } else {
      if (!have) {
        chunk = Chunk{pos, next, line};
        have = true;
      } else {
        chunk.end = next;
      }
    }
    pos = next;
    ++line;
  }
  if (have && !flush(chunk)) return false;
  return true;
}

}  // namespace isc::detail
