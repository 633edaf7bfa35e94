// The request layer (lib/src/request: JSON Patch, merge and strategic merge
// patch, request routing and query options, response bodies) through the C
// API: isc_validate_patch, isc_validate_request, isc_validate_response,
// isc_report_http_status and isc_report_http_body.
//
// Input: SELECTOR REST + options byte (fuzz_helpers.hh; the operation bits
// are unused). The low two bits of SELECTOR choose the entry point:
//   0 patch     bits 2-3 patch type (0 JSON Patch, 1 merge, 2 strategic,
//               3 JSON Patch), bit 4 status update (else update);
//               REST = OLD "\n%%\n" PATCH, or PATCH alone against the
//               built-in stored object kStored;
//   1, 3        request: bits 2-4 the method (kMethods), bit 5 the built-in
//               stored object when REST names none;
//               REST = PATH["?"QUERY] "\n" CONTENT-TYPE "\n" [OLD "\n%%\n"] BODY
//               (an empty content-type line is NULL; without a newline REST
//               is the path alone);
//   2 response  bits 2-4 the kind (kKinds, NULL detects it); REST = the body.
// Oracles:
// - ISC_OK; isc_validate_patch refuses ISC_OP_CREATE with ISC_EINVAL;
// - check_report() on every report;
// - the HTTP status is 0 or one the documentation lists (200, 201, 400, 404,
//   405, 409, 413, 415, 422, 500); the body is NULL exactly for status 0, is
//   NUL-terminated at its length, and every line of it is a JSON object
//   (one line, or one watch event a line); a 2xx answer has no error
//   finding, any other answer has one;
// - an error answer is a metav1.Status (kind Status, apiVersion v1, status
//   Failure, code = the HTTP status) that the library's own response check
//   (isc_validate_response, kind "Status") accepts without an error;
// - a normalized object is a JSON object and comes with a 200 or 201 whose
//   body is that object;
// - determinism: the same call on a report reused across inputs and on a
//   fresh one gives identical reports, status and body; a request with the
//   query in the path and with the query passed separately (the path cut at
//   its first '?') gives identical answers; isc_validate_response twice gives
//   identical file reports.
// ISC_FUZZ_SHOW=1 prints every answer (status, body, findings).
#include <cstdint>      // uint8_t
#include <cstdio>       // fprintf
#include <cstdlib>      // getenv
#include <cstring>      // strlen
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include "fuzz_helpers.hh"

namespace {

constexpr std::string_view kSeparator = "\n%%\n";

// The stored object when the input names none: a stream with spec and status
// tags, finalizers and labels, so that JSON Patch paths, merge keys and
// directives have something to work on.
constexpr char kStored[] = R"({"apiVersion":"image.openshift.io/v1","kind":"ImageStream",
"metadata":{"name":"ruby","namespace":"demo","uid":"u-1","resourceVersion":"42","generation":2,
"creationTimestamp":"2024-01-01T00:00:00Z","labels":{"app":"ruby"},"finalizers":["example.com/a"],
"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"o-1"}]},
"spec":{"lookupPolicy":{"local":false},"tags":[
{"name":"latest","from":{"kind":"DockerImage","name":"quay.io/x/ruby:3.2"},"generation":2},
{"name":"3.1","from":{"kind":"ImageStreamTag","name":"latest"},"annotations":{"a":"b"},"generation":1}]},
"status":{"dockerImageRepository":"","tags":[{"tag":"latest","items":[{"created":"2024-01-02T03:04:05Z",
"dockerImageReference":"quay.io/x/ruby@sha256:0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
"image":"sha256:0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d","generation":2}]}]}})";

constexpr const char *kMethods[8] = {"GET", "POST", "PUT", "PATCH", "DELETE", "PATCH", "PUT", "HEAD"};
constexpr const char *kKinds[8] = {nullptr, "ImageStreamList", "Status", "ImageStream",
                                   "WatchEvent", nullptr, "Frobnicator", nullptr};

struct Answer {
  isc_fuzz::Snapshot report;
  int status = 0;
  bool has_body = false;
  std::string body;

  [[nodiscard]] std::string show() const {
    return "  status " + std::to_string(status) + " body " +
           (has_body ? isc_fuzz::printable(body, 2000) : std::string("(NULL)")) + "\n" + report.show();
  }
};

Answer take(const isc_report *r) {
  Answer a;
  a.report = isc_fuzz::snapshot(r);
  isc_fuzz::check_report(a.report);
  a.status = isc_report_http_status(r);
  size_t len = 12345;
  const char *b = isc_report_http_body(r, &len);
  if (b) {
    a.has_body = true;
    a.body.assign(b, len);
    FUZZ_ASSERT_MSG(std::strlen(b) == len, "body length %zu, strlen %zu", len, std::strlen(b));
  } else {
    FUZZ_ASSERT_MSG(len == 0, "a NULL body with length %zu", len);
  }
  return a;
}

void assert_same(const Answer &a, const Answer &b, const char *what) {
  isc_fuzz::assert_same(a.report, b.report, what);
  FUZZ_ASSERT_MSG(a.status == b.status && a.has_body == b.has_body && a.body == b.body,
                  "%s: the answers differ\nfirst:\n%ssecond:\n%s", what, a.show().c_str(), b.show().c_str());
}

// The statuses docs/requests.md and isconform.h document; the name is the
// counter printed under ISC_FUZZ_VERBOSE.
const char *documented_status(int s) {
  switch (s) {
    case 0: return "status 0";
    case 200: return "status 200";
    case 201: return "status 201";
    case 400: return "status 400";
    case 404: return "status 404";
    case 405: return "status 405";
    case 409: return "status 409";
    case 413: return "status 413";
    case 415: return "status 415";
    case 422: return "status 422";
    case 500: return "status 500";
    default: return nullptr;
  }
}

void check_answer(const isc_validator *v, const Answer &a) {
  static const bool show = std::getenv("ISC_FUZZ_SHOW") != nullptr;  // print every answer
  if (show) std::fprintf(stderr, "%s", a.show().c_str());
  const char *status_name = documented_status(a.status);
  FUZZ_ASSERT_MSG(status_name != nullptr, "an undocumented HTTP status:\n%s", a.show().c_str());
  isc_fuzz::count(status_name);
  FUZZ_ASSERT_MSG(a.has_body == (a.status != 0), "the body is NULL exactly when the status is 0:\n%s",
                  a.show().c_str());
  if (a.status == 0) {
    FUZZ_ASSERT_MSG(a.report.valid == 0, "no answer, and no error finding saying why:\n%s", a.show().c_str());
    return;
  }
  const bool ok = a.status < 300;
  FUZZ_ASSERT_MSG(a.report.valid == (ok ? 1 : 0), "the status disagrees with the findings:\n%s", a.show().c_str());
  // Every line a JSON object: one document, or one watch event a line.
  size_t lines = 0;
  for (size_t at = 0; at < a.body.size();) {
    size_t nl = a.body.find('\n', at);
    if (nl == std::string::npos) nl = a.body.size();
    const std::string_view line(a.body.data() + at, nl - at);
    at = nl + 1;
    if (line.empty()) continue;
    const nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    FUZZ_ASSERT_MSG(j.is_object(), "a body line is not a JSON object:\n%s", a.show().c_str());
    ++lines;
    if (ok) continue;
    FUZZ_ASSERT_MSG(j.value("kind", "") == "Status" && j.value("apiVersion", "") == "v1" &&
                        j.value("status", "") == "Failure" && j.contains("code") && j.at("code").is_number_integer() &&
                        j.at("code").get<int>() == a.status,
                    "an error answer that is not a Failure Status with the HTTP status as code:\n%s",
                    a.show().c_str());
  }
  if (!ok) {
    FUZZ_ASSERT_MSG(lines == 1, "an error answer of %zu lines:\n%s", lines, a.show().c_str());
    // The library's own Status check accepts the library's own Status.
    isc_file_report *fr = nullptr;
    FUZZ_ASSERT(isc_file_report_new(&fr) == ISC_OK);
    FUZZ_ASSERT(isc_validate_response(v, "Status", a.body.data(), a.body.size(), fr) == ISC_OK);
    const isc_fuzz::FileSnapshot s = isc_fuzz::file_snapshot(fr);
    isc_file_report_free(fr);
    for (const isc_fuzz::Snapshot &e : s.entries) {
      FUZZ_ASSERT_MSG(e.valid == 1, "isc_validate_response refuses the library's own Status:\n%s\nits check:\n%s",
                      a.show().c_str(), e.show().c_str());
    }
    isc_fuzz::count("error answer");
  } else {
    isc_fuzz::count("success answer");
  }
  if (a.report.has_normalized) {
    const nlohmann::json n = nlohmann::json::parse(a.report.normalized, nullptr, false);
    FUZZ_ASSERT_MSG(n.is_object(), "the normalized object is not a JSON object:\n%s", a.show().c_str());
    FUZZ_ASSERT_MSG((a.status == 200 || a.status == 201) && a.body == a.report.normalized,
                    "a normalized object that is not the 2xx body:\n%s", a.show().c_str());
  }
}

// Splits REST at the first separator into OLD and the rest; false when there
// is none.
bool split_old(std::string_view rest, std::string_view &old, std::string_view &tail) {
  const size_t cut = rest.find(kSeparator);
  if (cut == std::string_view::npos) return false;
  old = rest.substr(0, cut);
  tail = rest.substr(cut + kSeparator.size());
  return true;
}

isc_report *new_report() {
  isc_report *r = nullptr;
  FUZZ_ASSERT(isc_report_new(&r) == ISC_OK);
  return r;
}

void fuzz_patch(const isc_validator *v, unsigned sel, std::string_view rest, isc_report *reused) {
  const unsigned t = (sel >> 2) & 3u;
  const isc_patch_type type = t == 1 ? ISC_PATCH_MERGE : t == 2 ? ISC_PATCH_STRATEGIC : ISC_PATCH_JSON;
  const isc_operation op = (sel & 0x10u) ? ISC_OP_STATUS_UPDATE : ISC_OP_UPDATE;
  std::string_view old(kStored, sizeof kStored - 1), patch = rest;
  split_old(rest, old, patch);
  // Copies of exactly their size, so that ASan sees reads past either end.
  const std::string o(old), p(patch);
  FUZZ_ASSERT(isc_validate_patch(v, ISC_OP_CREATE, o.data(), o.size(), p.data(), p.size(), type, reused) ==
              ISC_EINVAL);
  FUZZ_ASSERT(isc_validate_patch(v, op, o.data(), o.size(), p.data(), p.size(), type, reused) == ISC_OK);
  const Answer first = take(reused);
  check_answer(v, first);
  isc_report *fresh = new_report();
  FUZZ_ASSERT(isc_validate_patch(v, op, o.data(), o.size(), p.data(), p.size(), type, fresh) == ISC_OK);
  const Answer second = take(fresh);
  isc_report_free(fresh);
  assert_same(first, second, "isc_validate_patch on a reused and on a fresh report");
  isc_fuzz::count(type == ISC_PATCH_JSON ? "patch json" : type == ISC_PATCH_MERGE ? "patch merge" : "patch strategic");
}

void fuzz_request(const isc_validator *v, unsigned sel, std::string_view rest, isc_report *reused) {
  const char *method = kMethods[(sel >> 2) & 7u];
  std::string path(rest), content_type, old, body;
  bool has_ct = false, has_old = false;
  const size_t nl = rest.find('\n');
  if (nl != std::string_view::npos) {
    path.assign(rest.substr(0, nl));
    std::string_view after = rest.substr(nl + 1);
    const size_t nl2 = after.find('\n');
    const std::string_view ct = after.substr(0, nl2);
    has_ct = !ct.empty();
    content_type.assign(ct);
    after = nl2 == std::string_view::npos ? std::string_view() : after.substr(nl2 + 1);
    std::string_view o, b = after;
    if (split_old(after, o, b)) {
      has_old = true;
      old.assign(o);
    }
    body.assign(b);
  }
  if (!has_old && (sel & 0x20u)) {
    has_old = true;
    old.assign(kStored, sizeof kStored - 1);
  }
  // The C API takes NUL-terminated strings: cut them at the first NUL.
  path.resize(std::strlen(path.c_str()));
  content_type.resize(std::strlen(content_type.c_str()));
  const char *ct = has_ct ? content_type.c_str() : nullptr;
  const char *b = body.empty() ? nullptr : body.data();
  const char *od = has_old ? old.data() : nullptr;

  FUZZ_ASSERT(isc_validate_request(v, method, path.c_str(), nullptr, ct, b, body.size(), od, old.size(), reused) ==
              ISC_OK);
  const Answer first = take(reused);
  check_answer(v, first);
  isc_report *fresh = new_report();
  FUZZ_ASSERT(isc_validate_request(v, method, path.c_str(), nullptr, ct, b, body.size(), od, old.size(), fresh) ==
              ISC_OK);
  assert_same(first, take(fresh), "isc_validate_request on a reused and on a fresh report");
  const size_t q = path.find('?');
  if (q != std::string::npos && q + 1 < path.size()) {
    // The same request with the query passed on its own.
    const std::string p = path.substr(0, q), query = path.substr(q + 1);
    FUZZ_ASSERT(isc_validate_request(v, method, p.c_str(), query.c_str(), ct, b, body.size(), od, old.size(),
                                     fresh) == ISC_OK);
    assert_same(first, take(fresh), "the query in the path and the query given separately");
    isc_fuzz::count("request with a query");
  }
  isc_report_free(fresh);
  isc_fuzz::count(method);
}

void fuzz_response(const isc_validator *v, unsigned sel, std::string_view rest) {
  const char *kind = kKinds[(sel >> 2) & 7u];
  const std::string buf(rest);
  isc_file_report *a = nullptr, *b = nullptr;
  FUZZ_ASSERT(isc_file_report_new(&a) == ISC_OK && isc_file_report_new(&b) == ISC_OK);
  FUZZ_ASSERT(isc_validate_response(v, kind, buf.data(), buf.size(), a) == ISC_OK);
  FUZZ_ASSERT(isc_validate_response(v, kind, buf.data(), buf.size(), b) == ISC_OK);
  const isc_fuzz::FileSnapshot x = isc_fuzz::file_snapshot(a), y = isc_fuzz::file_snapshot(b);
  isc_fuzz::assert_same(x, y, "isc_validate_response twice");
  isc_file_report_free(a);
  isc_file_report_free(b);
  isc_fuzz::count(kind ? kind : "response (detected kind)");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static isc_fuzz::ValidatorCache validators;
  static isc_report *reused = new_report();

  const isc_fuzz::Options o = isc_fuzz::take_options(data, size);
  if (size == 0) return 0;
  const unsigned sel = data[0];
  const std::string_view rest(reinterpret_cast<const char *>(data) + 1, size - 1);
  const isc_validator *v = validators.get(o);
  FUZZ_ASSERT(v != nullptr);
  switch (sel & 3u) {
    case 0: fuzz_patch(v, sel, rest, reused); break;
    case 2: fuzz_response(v, sel, rest); break;
    default: fuzz_request(v, sel, rest, reused); break;
  }
  return 0;
}
