// Go's time.Parse(time.RFC3339, s), as metav1.Time.UnmarshalJSON calls it:
// "does it parse, and if not, what does the error say", plus the instant it
// yields and metav1.Time.MarshalJSON of an instant.
#include "decode/gotime.hh"

#include <string>
#include <string_view>

#include "decode/structural.hh"

namespace isc::detail {

namespace {

constexpr std::string_view kLayout = "2006-01-02T15:04:05Z07:00";

// The time package's own quoting: non-ASCII and control bytes as \x.
std::string time_quote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x80 || c < ' ') {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

std::string cannot_parse(std::string_view value, std::string_view rest, std::string_view elem) {
  return "parsing time " + time_quote(value) + " as " + time_quote(kLayout) + ": cannot parse " + time_quote(rest) +
         " as " + time_quote(elem);
}
std::string message(std::string_view value, std::string_view msg) {
  return "parsing time " + time_quote(value) + std::string(msg);
}

bool is_digit(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// getnum: one or two digits (exactly two when fixed).
bool getnum(std::string_view &s, bool fixed, int &out) {
  if (!is_digit(s, 0)) return false;
  if (!is_digit(s, 1)) {
    if (fixed) return false;
    out = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  out = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

bool skip(std::string_view &s, char c) {
  if (s.empty() || s[0] != c) return false;
  s.remove_prefix(1);
  return true;
}

int days_in(int month, long year) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0) && (year % 100 != 0 || year % 400 == 0);
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t &y, int64_t &m, int64_t &d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
}

// Go's appendInt(b, x, width): zero-padded, a minus sign before the padding.
void append_padded(std::string &out, int64_t v, int width) {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  for (int i = n; i < width; ++i) out += '0';
  while (n) out += buf[--n];
}

}  // namespace

std::string go_rfc3339_error(std::string_view value) { return go_rfc3339_parse(value, nullptr); }

GoTime go_time_of(std::string_view text) {
  GoTime t;
  if (!text.empty() && !go_rfc3339_parse(text, &t).empty()) t = GoTime{};
  return t;
}

std::string go_metav1_time_json(const GoTime &t) {
  if (t.is_zero()) return "null";
  int64_t days = t.unix >= 0 ? t.unix / 86400 : -((-t.unix + 86399) / 86400);
  int64_t rem = t.unix - days * 86400;
  int64_t y, mo, d;
  civil_from_days(days, y, mo, d);
  std::string out = "\"";
  append_padded(out, y, 4);
  out += '-';
  append_padded(out, mo, 2);
  out += '-';
  append_padded(out, d, 2);
  out += 'T';
  append_padded(out, rem / 3600, 2);
  out += ':';
  append_padded(out, rem / 60 % 60, 2);
  out += ':';
  append_padded(out, rem % 60, 2);
  out += "Z\"";
  return out;
}

std::string go_rfc3339_parse(std::string_view value, GoTime *out) {
  std::string_view v = value;
  // 2006
  std::string_view hold = v;
  if (v.size() < 4 || !is_digit(v, 0)) return cannot_parse(value, hold, "2006");
  long year = 0;
  for (int i = 0; i < 4; ++i) {
    if (!is_digit(v, static_cast<size_t>(i))) return cannot_parse(value, hold, "2006");
    year = year * 10 + (v[static_cast<size_t>(i)] - '0');
  }
  v.remove_prefix(4);
  // -01
  if (!skip(v, '-')) return cannot_parse(value, v, "-");
  hold = v;
  int month = 0;
  if (!getnum(v, true, month)) return cannot_parse(value, hold, "01");
  if (month <= 0 || month > 12) return "parsing time " + time_quote(value) + ": month out of range";
  // -02
  if (!skip(v, '-')) return cannot_parse(value, v, "-");
  hold = v;
  int day = 0;
  if (!getnum(v, true, day)) return cannot_parse(value, hold, "02");
  // T15
  if (!skip(v, 'T')) return cannot_parse(value, v, "T");
  hold = v;
  int hour = 0;
  if (!getnum(v, false, hour)) return cannot_parse(value, hold, "15");
  if (hour >= 24) return message(value, ": hour out of range");
  // :04
  if (!skip(v, ':')) return cannot_parse(value, v, ":");
  hold = v;
  int minute = 0;
  if (!getnum(v, true, minute)) return cannot_parse(value, hold, "04");
  if (minute >= 60) return message(value, ": minute out of range");
  // :05 (plus an optional fraction the layout does not name)
  if (!skip(v, ':')) return cannot_parse(value, v, ":");
  hold = v;
  int second = 0;
  if (!getnum(v, true, second)) return cannot_parse(value, hold, "05");
  if (second >= 60) return message(value, ": second out of range");
  // parseNanoseconds: the digits after the separator, truncated to nine.
  int32_t nsec = 0;
  if (v.size() >= 2 && (v[0] == '.' || v[0] == ',') && is_digit(v, 1)) {
    size_t n = 2;
    while (n < v.size() && is_digit(v, n)) ++n;
    for (size_t i = 1; i < 10; ++i) nsec = nsec * 10 + (i < n ? v[i] - '0' : 0);
    v.remove_prefix(n);
  }
  // Z07:00 (time/format.go parse, case stdISO8601ColonTZ): the two-digit
  // hour and minute are read (the minute only if the hour was digits), the
  // range checks (> 24, > 60; the minute's overwrites the hour's) run
  // whatever happened, then a sign other than + or - is a bad value. After
  // the element the range error is reported before the bad value.
  int64_t offset = 0;
  hold = v;
  if (!v.empty() && v[0] == 'Z') {
    v.remove_prefix(1);
  } else {
    if (v.size() < 6 || v[3] != ':') return cannot_parse(value, hold, "Z07:00");
    char sign = v[0];
    std::string_view hh = v.substr(1, 2), mm = v.substr(4, 2);
    v.remove_prefix(6);
    int h = 0, m = 0;
    bool bad = !getnum(hh, true, h) || !getnum(mm, true, m);
    const char *range = nullptr;
    if (h > 24) range = ": time zone offset hour out of range";
    if (m > 60) range = ": time zone offset minute out of range";
    if (sign != '+' && sign != '-') bad = true;
    if (range) return message(value, range);
    if (bad) return cannot_parse(value, hold, "Z07:00");
    offset = (static_cast<int64_t>(h) * 60 + m) * 60;
    if (sign == '-') offset = -offset;
  }
  if (!v.empty()) return "parsing time " + time_quote(value) + ": extra text: " + time_quote(v);
  if (day < 1 || day > days_in(month, year)) return message(value, ": day out of range");
  if (out) {
    out->unix = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
    out->nsec = nsec;
  }
  return {};
}

}  // namespace isc::detail
