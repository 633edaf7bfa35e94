// Differential oracle (b): normalizing a normalized object changes nothing.
// For a valid create, N1 = isc_report_normalized; S = N1 with
// metadata.resourceVersion set. S validated as an UPDATE whose stored object
// is S itself must be valid, its normalized object must equal S (as JSON
// values), the generations must say generationBumped false with every tag
// unchanged, and validating that normalized text once more gives the same
// text (a fixed point).
//
// Input: DOCUMENT + options byte (fuzz_helpers.hh); the operation bits are
// ignored (always a create first).
#include <cstdint>  // uint8_t
#include <string>   // string

#include <nlohmann/json.hpp>

#include "fuzz_helpers.hh"

namespace {

isc_report *new_report() {
  isc_report *r = nullptr;
  FUZZ_ASSERT(isc_report_new(&r) == ISC_OK);
  return r;
}

nlohmann::json parse(const std::string &text, const isc_fuzz::Snapshot &from) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  FUZZ_ASSERT_MSG(!j.is_discarded() && j.is_object(), "the normalized object is not a JSON object:\n%s",
                  from.show().c_str());
  return j;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static isc_fuzz::ValidatorCache validators;
  static isc_report *r = new_report();

  isc_fuzz::Options o = isc_fuzz::take_options(data, size);
  o.op = ISC_OP_CREATE;
  o.no_request_checks = false;  // the resourceVersion is there: keep the server's checks
  const char *doc = size ? reinterpret_cast<const char *>(data) : "";
  const isc_validator *v = validators.get(o);
  FUZZ_ASSERT(v != nullptr);

  FUZZ_ASSERT(isc_validate(v, ISC_OP_CREATE, doc, size, nullptr, 0, r) == ISC_OK);
  const isc_fuzz::Snapshot created = isc_fuzz::snapshot(r);
  isc_fuzz::check_report(created);
  if (!created.valid) {
    isc_fuzz::count("skipped: the create is refused");
    return 0;
  }
  FUZZ_ASSERT_MSG(created.has_normalized, "a valid create without a normalized object:\n%s", created.show().c_str());

  nlohmann::json stored = parse(created.normalized, created);
  FUZZ_ASSERT_MSG(stored.contains("metadata") && stored["metadata"].is_object(),
                  "the normalized object has no metadata:\n%s", created.show().c_str());
  stored["metadata"]["resourceVersion"] = "1";
  const std::string s = stored.dump();

  FUZZ_ASSERT(isc_validate(v, ISC_OP_UPDATE, s.data(), s.size(), s.data(), s.size(), r) == ISC_OK);
  const isc_fuzz::Snapshot updated = isc_fuzz::snapshot(r);
  isc_fuzz::check_report(updated);
  FUZZ_ASSERT_MSG(updated.valid && updated.has_normalized,
                  "a no-op update of a created object is refused\ncreate:\n%supdate of %s:\n%s",
                  created.show().c_str(), s.c_str(), updated.show().c_str());
  const nlohmann::json after = parse(updated.normalized, updated);
  FUZZ_ASSERT_MSG(after == stored, "a no-op update changes the object\nstored: %s\nafter:  %s\ncreate:\n%s", s.c_str(),
                  updated.normalized.c_str(), created.show().c_str());

  FUZZ_ASSERT_MSG(updated.has_generations, "an update without generations:\n%s", updated.show().c_str());
  const nlohmann::json g = nlohmann::json::parse(updated.generations, nullptr, false);
  FUZZ_ASSERT_MSG(g.is_object() && g.contains("generationBumped") && g.at("generationBumped") == false,
                  "a no-op update bumps the generation:\n%s", updated.show().c_str());
  if (g.contains("tags") && g.at("tags").is_array()) {
    for (const nlohmann::json &t : g.at("tags")) {
      FUZZ_ASSERT_MSG(t.is_object() && t.contains("change") && t.at("change") == "unchanged",
                      "a no-op update changes a tag:\n%s", updated.show().c_str());
    }
  }

  // The rendering is a fixed point: the normalized text validated again as
  // the same update renders to the same text.
  isc_fuzz::count("compared: no-op update");
  const std::string n2 = updated.normalized;
  FUZZ_ASSERT(isc_validate(v, ISC_OP_UPDATE, n2.data(), n2.size(), s.data(), s.size(), r) == ISC_OK);
  const isc_fuzz::Snapshot again = isc_fuzz::snapshot(r);
  FUZZ_ASSERT_MSG(again.valid && again.normalized == n2, "the normalized text is no fixed point\nfirst:  %s\nsecond:\n%s",
                  n2.c_str(), again.show().c_str());
  return 0;
}
