// The three PATCH bodies the API server accepts for ImageStreams, applied to
// the stored object as the server's machinery does (docs/requests.md):
// JSON Patch (RFC 6902, with the server's json-patch v4 quirks), JSON merge
// patch (RFC 7386) and strategic merge patch with the ImageStream's patch
// strategies and merge keys.
#ifndef ISC_REQUEST_PATCH_HH
#define ISC_REQUEST_PATCH_HH

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "isconform/isconform.h"
#include "request/value.hh"

namespace isc::detail {

enum class PatchKind { Json, Merge, Strategic };

// A patch the server refuses before decoding the result: its answer.
struct PatchFailure {
  int code = 0;              // 400, 413, 422 or 500
  std::string reason;        // Status.reason ("BadRequest", "Invalid", "RequestEntityTooLarge", "" for 500)
  std::string message;       // Status.message
  std::string detail;        // what went wrong, for the finding (equals message unless the server hides it)
  bool empty_details = false;  // the Status carries "details":{} (the generic 422)
};

struct PatchResult {
  bool ok = false;
  PatchFailure failure;
  JValue result;                            // the patched object
  std::vector<std::string> strict_errors;   // duplicate fields in the patch, unknown JSON Patch members
  std::string patch_repr;                   // strategic: fmt %+v of the patch map (422 messages)
};

// Applies `patch` (bytes as sent) to `original`. `mode` is the request's
// fieldValidation (Warn and Strict decode the patch strictly). `max_depth`
// bounds nesting of the patch. Never throws except std::bad_alloc.
PatchResult apply_patch(PatchKind kind, const JValue &original, std::string_view patch, isc_field_validation mode,
                        uint32_t max_depth);

// The Status message of the server's generic 422 (a JSON Patch operation
// that cannot be applied: the server does not say which).
inline constexpr const char kGeneric422[] = "the server rejected our request due to an error in our request";

}  // namespace isc::detail

#endif  // ISC_REQUEST_PATCH_HH
