// Go's time.Parse(time.RFC3339, s), as metav1.Time.UnmarshalJSON calls it,
// reduced to "does it parse, and if not, what does the error say".
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

}  // namespace

std::string go_rfc3339_error(std::string_view value) {
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
  if (v.size() >= 2 && (v[0] == '.' || v[0] == ',') && is_digit(v, 1)) {
    size_t n = 2;
    while (n < v.size() && is_digit(v, n)) ++n;
    v.remove_prefix(n);
  }
  // Z07:00
  hold = v;
  if (!v.empty() && v[0] == 'Z') {
    v.remove_prefix(1);
  } else {
    if (v.size() < 6 || v[3] != ':') return cannot_parse(value, hold, "Z07:00");
    if (v[0] != '+' && v[0] != '-') return cannot_parse(value, hold, "Z07:00");
    std::string_view hh = v.substr(1, 2), mm = v.substr(4, 2);
    int h = 0, m = 0;
    if (!getnum(hh, true, h) || !getnum(mm, true, m)) return cannot_parse(value, hold, "Z07:00");
    if (h > 24) return message(value, ": time zone offset hour out of range");
    if (m > 60) return message(value, ": time zone offset minute out of range");
    v.remove_prefix(6);
  }
  if (!v.empty()) return "parsing time " + time_quote(value) + ": extra text: " + time_quote(v);
  if (day < 1 || day > days_in(month, year)) return message(value, ": day out of range");
  return {};
}

}  // namespace isc::detail
