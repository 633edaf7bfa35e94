// Go time values as the API server sees them: time.Parse(time.RFC3339, s)
// (what metav1.Time.UnmarshalJSON calls), the instant it yields, and
// metav1.Time.MarshalJSON of that instant.
#ifndef ISC_DECODE_GOTIME_HH
#define ISC_DECODE_GOTIME_HH

#include <cstdint>
#include <string>
#include <string_view>

namespace isc::detail {

// An instant: seconds since 1970-01-01T00:00:00Z plus nanoseconds [0, 1e9).
// The location is not kept: equality.Semantic compares metav1.Time by
// a.UTC() == b.UTC(), i.e. by instant and nanosecond only.
struct GoTime {
  // time.Time{}: 0001-01-01T00:00:00Z.
  static constexpr int64_t kZeroUnix = -62135596800;
  int64_t unix = kZeroUnix;
  int32_t nsec = 0;
  [[nodiscard]] bool is_zero() const { return unix == kZeroUnix && nsec == 0; }  // time.Time.IsZero
  bool operator==(const GoTime &o) const { return unix == o.unix && nsec == o.nsec; }
  bool operator!=(const GoTime &o) const { return !(*this == o); }
};

// time.Parse(time.RFC3339, s): "" when it parses (and *out, if given, is the
// instant), else the Go error text. No allocation when it parses.
std::string go_rfc3339_parse(std::string_view s, GoTime *out);

// The instant of a timestamp the decoder accepted. Empty text (null or
// absent) is the zero time; text that does not parse also yields the zero
// time (it cannot reach validation: decoding fails first).
GoTime go_time_of(std::string_view text);

// metav1.Time.MarshalJSON: null for the zero time, else the instant in UTC
// at whole seconds, t.UTC().Format(time.RFC3339), as a JSON string.
std::string go_metav1_time_json(const GoTime &t);

}  // namespace isc::detail

#endif  // ISC_DECODE_GOTIME_HH
