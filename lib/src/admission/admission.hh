// The validating admission webhook: an AdmissionReview in, an AdmissionReview
// answer out (isc_admission_review).
#ifndef ISC_ADMISSION_ADMISSION_HH
#define ISC_ADMISSION_ADMISSION_HH

#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view

#include "core/report.hh"
#include "core/validator.hh"

namespace isc::detail {

// What an answer says.
struct AdmissionResult {
  bool allowed = true;
  int code = 0;            // 0 when allowed, else the Status code (400, 422)
  bool malformed = false;  // the review itself could not be read
  bool validated = false;  // an ImageStream write was checked (not skipped)
  size_t warnings = 0;     // entries of response.warnings
};

// Bounds on response.warnings (Kubernetes keeps 4096 runes in total before
// truncating each warning to 256 runes; its guidance is under 120 each).
inline constexpr size_t kMaxWarnings = 20;
inline constexpr size_t kMaxWarningRunes = 119;

// Answers one review into `out` (appended). Never throws except std::bad_alloc.
AdmissionResult admission_review(const isc_validator &v, std::string_view review, std::string &out);

// One response.warnings entry for a finding: its message with control
// characters replaced, " [<rule>]" at the end, at most kMaxWarningRunes code
// points ("..." marks a cut).
std::string warning_text(const isc_finding &f);

}  // namespace isc::detail

#endif  // ISC_ADMISSION_ADMISSION_HH
