// Differential oracle (a): validation is deterministic. The same input gives
// identical reports (every finding's severity, field, type, message, rule,
// line and column, the normalized text, the generations, the identity)
// - from a report reused after validating another document,
// - from a second report,
// - from a second validator compiled from the same options,
// and isc_validate_file gives identical file reports twice.
//
// Input: DOCUMENT + options byte (fuzz_helpers.hh); updates use the
// document itself as the stored object.
#include <cstdint>  // uint8_t

#include "fuzz_helpers.hh"

namespace {

// A valid object with every part filled, validated in between to leave
// state behind in reused buffers.
constexpr char kOther[] = R"({"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",
 "metadata": {"name": "other", "namespace": "demo", "resourceVersion": "9", "labels": {"app": "x"},
  "annotations": {"openshift.io/display-name": "Other"}},
 "spec": {"lookupPolicy": {"local": true}, "tags": [
  {"name": "1.0", "from": {"kind": "DockerImage", "name": "quay.io/demo/other:1.0"}, "importPolicy": {"scheduled": true},
   "referencePolicy": {"type": "Local"}, "annotations": {"tags": "builder"}},
  {"name": "latest", "from": {"kind": "ImageStreamTag", "name": "1.0"}}]},
 "status": {"dockerImageRepository": "x", "tags": [{"tag": "1.0", "items": [{"created": "2024-05-06T07:08:09Z",
  "dockerImageReference": "quay.io/demo/other@sha256:0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
  "image": "sha256:0f3b3c1e7f2d4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d", "generation": 1}]}]}})";

isc_report *new_report() {
  isc_report *r = nullptr;
  FUZZ_ASSERT(isc_report_new(&r) == ISC_OK);
  return r;
}

isc_file_report *new_file_report() {
  isc_file_report *f = nullptr;
  FUZZ_ASSERT(isc_file_report_new(&f) == ISC_OK);
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static isc_fuzz::ValidatorCache validators, twins;
  static isc_report *a = new_report();
  static isc_report *b = new_report();
  static isc_file_report *fa = new_file_report();
  static isc_file_report *fb = new_file_report();

  const isc_fuzz::Options o = isc_fuzz::take_options(data, size);
  const char *doc = size ? reinterpret_cast<const char *>(data) : "";
  const bool update = o.op != ISC_OP_CREATE;
  const char *old = update ? doc : nullptr;
  const size_t old_len = update ? size : 0;
  const isc_validator *v = validators.get(o);
  const isc_validator *twin = twins.get(o);
  FUZZ_ASSERT(v != nullptr && twin != nullptr);

  FUZZ_ASSERT(isc_validate(v, o.op, doc, size, old, old_len, a) == ISC_OK);
  const isc_fuzz::Snapshot first = isc_fuzz::snapshot(a);
  isc_fuzz::check_report(first);
  // Asking twice for the lazily rendered parts changes nothing.
  isc_fuzz::assert_same(first, isc_fuzz::snapshot(a), "the same report read twice");

  FUZZ_ASSERT(isc_validate(v, o.op, kOther, sizeof kOther - 1, update ? kOther : nullptr,
                           update ? sizeof kOther - 1 : 0, a) == ISC_OK);
  (void)isc_fuzz::snapshot(a);
  FUZZ_ASSERT(isc_validate(v, o.op, doc, size, old, old_len, a) == ISC_OK);
  isc_fuzz::assert_same(first, isc_fuzz::snapshot(a), "a report reused after another document");

  FUZZ_ASSERT(isc_validate(v, o.op, doc, size, old, old_len, b) == ISC_OK);
  isc_fuzz::assert_same(first, isc_fuzz::snapshot(b), "a second report");

  FUZZ_ASSERT(isc_validate(twin, o.op, doc, size, old, old_len, b) == ISC_OK);
  isc_fuzz::assert_same(first, isc_fuzz::snapshot(b), "a second validator");
  isc_fuzz::count(first.valid ? "compared (valid)" : "compared (invalid)");

  FUZZ_ASSERT(isc_validate_file(v, o.op, doc, size, ISC_FORMAT_AUTO, old, old_len, fa) == ISC_OK);
  const isc_fuzz::FileSnapshot ffirst = isc_fuzz::file_snapshot(fa);
  FUZZ_ASSERT(isc_validate_file(v, o.op, kOther, sizeof kOther - 1, ISC_FORMAT_AUTO, nullptr, 0, fa) == ISC_OK);
  FUZZ_ASSERT(isc_validate_file(v, o.op, doc, size, ISC_FORMAT_AUTO, old, old_len, fa) == ISC_OK);
  isc_fuzz::assert_same(ffirst, isc_fuzz::file_snapshot(fa), "a file report reused after another input");
  FUZZ_ASSERT(isc_validate_file(twin, o.op, doc, size, ISC_FORMAT_AUTO, old, old_len, fb) == ISC_OK);
  isc_fuzz::assert_same(ffirst, isc_fuzz::file_snapshot(fb), "a second file report and validator");
  return 0;
}
