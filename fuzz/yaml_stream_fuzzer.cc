// YAML streams through the C API: isc_validate_file() with ISC_FORMAT_YAML
// and ISC_FORMAT_AUTO (documents split on `---`, Lists and Templates
// unpacked), and isc_validate() on the same bytes as one document.
//
// Input: STREAM + options byte (fuzz_helpers.hh). Updates use the input
// itself as the stored object. Oracles: the report invariants of
// check_report() for every entry, and an entry's document index stays below
// the number of documents.
#include <cstdint>  // uint8_t

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
  const char *old = update ? doc : nullptr;
  const size_t old_len = update ? size : 0;

  for (isc_format format : {ISC_FORMAT_YAML, ISC_FORMAT_AUTO}) {
    FUZZ_ASSERT(isc_validate_file(v, o.op, doc, size, format, old, old_len, file) == ISC_OK);
    const isc_fuzz::FileSnapshot fs = isc_fuzz::file_snapshot(file);
    for (const isc_fuzz::Snapshot &e : fs.entries) {
      FUZZ_ASSERT_MSG(e.document < fs.documents || fs.documents == 0,
                      "an entry of document %zu in an input of %zu documents", e.document, fs.documents);
    }
  }
  FUZZ_ASSERT(isc_validate(v, o.op, doc, size, old, old_len, report) == ISC_OK);
  isc_fuzz::check_report(isc_fuzz::snapshot(report));
  return 0;
}
