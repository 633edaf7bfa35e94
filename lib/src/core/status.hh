// The API server's failure Status for a report (spec §2.3 and
// decoding-rules §1.3): 422 Invalid with field causes, or 400 BadRequest
// for a body the decoder refuses. Shared by the admission webhook answer and
// the request-level rendering.
#ifndef ISC_CORE_STATUS_HH
#define ISC_CORE_STATUS_HH

#include <string>       // string
#include <string_view>  // string_view

#include "core/report.hh"

namespace isc::detail {

struct StatusOptions {
  // Write "kind":"Status","apiVersion":"v1" first, as in an HTTP response
  // body. An AdmissionResponse embeds the Status without them.
  bool type_meta = true;
};

// Whether a finding type is a decoding failure (the server answers 400
// before any validation): SyntaxError, TypeError, UnknownField,
// DuplicateField, BadRequest.
bool is_decoding_type(std::string_view type);

// metav1.CauseType of a field error type: "Required" -> "FieldValueRequired",
// "InternalError" -> "InternalError", ... Types without a field.ErrorType
// (isconform's own "Warning" raised to an error) map to "FieldValueInvalid".
const char *cause_type(std::string_view type);

// field.Error.ErrorBody(): the message without its "<field>: " prefix.
std::string_view error_body(const isc_finding &f);

// Renders the Status the API server answers for the error findings of `r`
// and returns its HTTP code: 400 for decoding failures, 422 for field
// errors, 0 when the report holds no error (nothing is written). `body` is
// the request body as sent (used for the summary of a JSON syntax error;
// may be empty). The Status is appended to `out` as compact JSON with Go's
// encoding/json escaping, members in the order of metav1.Status.
int render_status(const isc_report &r, std::string_view body, std::string &out, const StatusOptions &o = {});

// A 400 BadRequest Status with the given message (no details).
void render_bad_request(std::string_view message, std::string &out, const StatusOptions &o = {});

}  // namespace isc::detail

#endif  // ISC_CORE_STATUS_HH
