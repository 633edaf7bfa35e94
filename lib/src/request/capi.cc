// C API of the request module: PATCH, whole requests, response bodies.
#include <algorithm>  // stable_partition
#include <cstring>    // strlen
#include <new>        // bad_alloc

#include "core/report.hh"
#include "core/validator.hh"
#include "isconform/isconform.h"
#include "policy/policy.hh"
#include "request/request.hh"

using namespace isc::detail;

namespace {

template <typename F>
isc_status guarded(F &&f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc &) {
    return ISC_ENOMEM;
  } catch (...) {
    return ISC_EINTERNAL;
  }
}

// As isc_validate finishes a report: severity overrides, errors first, the
// findings cap, line and column.
void finish(isc_report &r, const isc_options &opts) {
  if (opts.policy) apply_severity_overrides(*opts.policy, r);
  std::stable_partition(r.findings.begin(), r.findings.begin() + static_cast<std::ptrdiff_t>(r.count),
                        [](const isc_finding &f) { return f.severity == ISC_SEVERITY_ERROR; });
  const uint32_t max = opts.limits.max_findings;
  if (max > 1 && r.count > max) {
    size_t more = r.count - (max - 1);
    r.count = max - 1;
    r.add(ISC_SEVERITY_WARNING, "", "Warning",
          std::to_string(more) + " more findings not shown (limit " + std::to_string(max) + " per document)", "L1",
          kNoPos, nullptr);
  }
  r.locate();
}

std::string_view view(const char *s) { return s ? std::string_view(s) : std::string_view(); }

}  // namespace

extern "C" {

isc_status isc_validate_patch(const isc_validator *v, isc_operation op, const char *old_doc, size_t old_len,
                              const char *patch, size_t patch_len, isc_patch_type type, isc_report *report) {
  if (!v || !report || !old_doc || (!patch && patch_len)) return ISC_EINVAL;
  if (op != ISC_OP_UPDATE && op != ISC_OP_STATUS_UPDATE) return ISC_EINVAL;
  PatchKind kind;
  switch (type) {
    case ISC_PATCH_JSON: kind = PatchKind::Json; break;
    case ISC_PATCH_MERGE: kind = PatchKind::Merge; break;
    case ISC_PATCH_STRATEGIC: kind = PatchKind::Strategic; break;
    default: return ISC_EINVAL;
  }
  isc_status st = guarded([&] {
    report->reset();
    validate_patch(*v, op, std::string_view(old_doc, old_len), std::string_view(patch ? patch : "", patch_len), kind,
                   v->opts.field_validation, nullptr, *report);
    finish(*report, v->opts);
    return ISC_OK;
  });
  if (st != ISC_OK) report->reset();
  return st;
}

isc_status isc_validate_request(const isc_validator *v, const char *method, const char *path, const char *query,
                                const char *content_type, const char *body, size_t body_len, const char *old_doc,
                                size_t old_len, isc_report *report) {
  if (!v || !report || !method || !path || (!body && body_len) || (!old_doc && old_len)) return ISC_EINVAL;
  isc_status st = guarded([&] {
    report->reset();
    validate_request(*v, method, path, view(query), view(content_type), std::string_view(body ? body : "", body_len),
                     old_doc != nullptr, std::string_view(old_doc ? old_doc : "", old_len), *report);
    finish(*report, v->opts);
    return ISC_OK;
  });
  if (st != ISC_OK) report->reset();
  return st;
}

int isc_report_http_status(const isc_report *r) { return r ? r->http_status : 0; }

const char *isc_report_http_body(const isc_report *r, size_t *len) {
  if (len) *len = 0;
  if (!r || r->http_status == 0) return nullptr;
  if (len) *len = r->http_body.size();
  return r->http_body.c_str();
}

isc_status isc_validate_response(const isc_validator *v, const char *kind, const char *buf, size_t len,
                                 isc_file_report *out) {
  if (!v || !out || (!buf && len)) return ISC_EINVAL;
  isc_status st = guarded([&] {
    out->reset();
    validate_response(*v, view(kind), std::string_view(buf ? buf : "", len), *out);
    for (size_t i = 0; i < out->count; ++i) finish(*out->entries[i], v->opts);
    return ISC_OK;
  });
  if (st != ISC_OK) out->reset();
  return st;
}

}  // extern "C"
