// JSON documents under every operation and field-validation mode, through
// the C API: isc_validate() on the document, then isc_validate_file() on the
// same bytes as a whole JSON input (concatenated values, Lists, Templates).
//
// Input: DOCUMENT + options byte (fuzz_helpers.hh). Updates use the document
// itself as the stored object, which makes every no-op update reachable.
// Oracles: the report invariants of check_report(), and a valid report has a
// normalized object (NUL-free JSON object text).
#include <cstdint>  // uint8_t
#include <cstring>  // memchr

#include "fuzz_helpers.hh"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static isc_fuzz::ValidatorCache validators;
  static isc_report *report = [] {
    isc_report *r = nullptr;
    FUZZ_ASSERT(isc_report_new(&r) == ISC_OK);
    return r;
  }();
  static isc_file_report *file = [] {
    isc_file_report *f = nullptr;
    FUZZ_ASSERT(isc_file_report_new(&f) == ISC_OK);
    return f;
  }();

  const isc_fuzz::Options o = isc_fuzz::take_options(data, size);
  const char *doc = size ? reinterpret_cast<const char *>(data) : "";
  const isc_validator *v = validators.get(o);
  FUZZ_ASSERT(v != nullptr);

  const bool update = o.op != ISC_OP_CREATE;
  FUZZ_ASSERT(isc_validate(v, o.op, doc, size, update ? doc : nullptr, update ? size : 0, report) == ISC_OK);
  const isc_fuzz::Snapshot s = isc_fuzz::snapshot(report);
  isc_fuzz::check_report(s);
  if (s.valid) {
    FUZZ_ASSERT_MSG(s.has_normalized, "a valid report without a normalized object:\n%s", s.show().c_str());
    FUZZ_ASSERT_MSG(!s.normalized.empty() && s.normalized.front() == '{' && s.normalized.back() == '}' &&
                        std::memchr(s.normalized.data(), '\0', s.normalized.size()) == nullptr,
                    "the normalized object is no JSON object text:\n%s", s.show().c_str());
  }
  FUZZ_ASSERT_MSG(!s.has_generations || o.op == ISC_OP_UPDATE, "generations for an operation other than update:\n%s",
                  s.show().c_str());

  FUZZ_ASSERT(isc_validate_file(v, o.op, doc, size, ISC_FORMAT_JSON, update ? doc : nullptr, update ? size : 0,
                                file) == ISC_OK);
  (void)isc_fuzz::file_snapshot(file);
  return 0;
}
