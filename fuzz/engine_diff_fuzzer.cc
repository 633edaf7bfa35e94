// Differential oracle (c): the fast engine and the reference engine
// (isc_options_set_engine ISC_ENGINE_REFERENCE, valijson over the embedded
// schemas) give identical reports: findings with positions, normalized
// object, generations, identity; for isc_validate and isc_validate_file.
//
// Input: DOCUMENT + options byte (fuzz_helpers.hh); updates use the document
// itself as the stored object. While isc_validator_new refuses the
// reference engine the harness skips every input (returns 0).
#include <cstdint>  // uint8_t

#include "fuzz_helpers.hh"

namespace {

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
  static isc_fuzz::ValidatorCache validators;
  static isc_report *fast_report = new_report();
  static isc_report *ref_report = new_report();
  static isc_file_report *fast_file = new_file_report();
  static isc_file_report *ref_file = new_file_report();

  const isc_fuzz::Options o = isc_fuzz::take_options(data, size);
  const isc_validator *ref = validators.get(o, ISC_ENGINE_REFERENCE);
  if (!ref) {
    isc_fuzz::count("skipped: no reference engine");
    return 0;
  }
  const isc_validator *fast = validators.get(o, ISC_ENGINE_FAST);
  FUZZ_ASSERT(fast != nullptr);
  const char *doc = size ? reinterpret_cast<const char *>(data) : "";
  const bool update = o.op != ISC_OP_CREATE;
  const char *old = update ? doc : nullptr;
  const size_t old_len = update ? size : 0;

  FUZZ_ASSERT(isc_validate(fast, o.op, doc, size, old, old_len, fast_report) == ISC_OK);
  const isc_status st = isc_validate(ref, o.op, doc, size, old, old_len, ref_report);
  FUZZ_ASSERT_MSG(st == ISC_OK, "the reference engine fails with %s", isc_status_str(st));
  const isc_fuzz::Snapshot f = isc_fuzz::snapshot(fast_report);
  isc_fuzz::check_report(f);
  isc_fuzz::assert_same(f, isc_fuzz::snapshot(ref_report), "fast engine (first) vs reference engine (second)");
  isc_fuzz::count(f.valid ? "compared (valid)" : "compared (invalid)");

  FUZZ_ASSERT(isc_validate_file(fast, o.op, doc, size, ISC_FORMAT_AUTO, old, old_len, fast_file) == ISC_OK);
  FUZZ_ASSERT(isc_validate_file(ref, o.op, doc, size, ISC_FORMAT_AUTO, old, old_len, ref_file) == ISC_OK);
  isc_fuzz::assert_same(isc_fuzz::file_snapshot(fast_file), isc_fuzz::file_snapshot(ref_file),
                        "file: fast engine (first) vs reference engine (second)");
  return 0;
}
