// Request-level conformance: what the API server answers to a whole request
// on the ImageStream endpoints of the API reference (docs/requests.md).
#ifndef ISC_REQUEST_REQUEST_HH
#define ISC_REQUEST_REQUEST_HH

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "core/report.hh"
#include "core/validator.hh"
#include "request/patch.hh"

namespace isc::detail {

// One metav1.StatusCause.
struct StatusCause {
  std::string reason, message, field;
};

// A metav1.Status body.
struct StatusBody {
  bool success = false;
  int code = 0;  // 0: no "code" member
  std::string reason, message;
  bool details = false;  // write "details" (even when empty)
  std::string name, group, kind, uid;
  std::vector<StatusCause> causes;
};
void render_status_body(const StatusBody &s, std::string &out);

// The URL of a patch (PATCH requests): the object's namespace and name must
// stay those of the URL.
struct PatchUrl {
  std::string_view ns, name;
};

// isc_validate_patch: applies the patch to the stored object and validates
// the result as `op`; fills findings, the normalized object and the HTTP
// answer. `mode` is the field validation of the request.
void validate_patch(const isc_validator &v, isc_operation op, std::string_view old_src, std::string_view patch,
                    PatchKind kind, isc_field_validation mode, const PatchUrl *url, isc_report &r);

// isc_validate_request. `has_old`: whether a stored object is given.
void validate_request(const isc_validator &v, std::string_view method, std::string_view path, std::string_view query,
                      std::string_view content_type, std::string_view body, bool has_old, std::string_view old_src,
                      isc_report &r);

// Response bodies (ImageStreamList, Status, WatchEvent streams): findings
// for every malformed part, one report per checked object.
void validate_response(const isc_validator &v, std::string_view kind, std::string_view buf, isc_file_report &out);

}  // namespace isc::detail

#endif  // ISC_REQUEST_REQUEST_HH
