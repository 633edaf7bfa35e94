// Updates: the input is split into the stored object and the new object, and
// both are validated as an update (or a status update) through the C API,
// with isc_validate() and with isc_validate_file().
//
// Input: OLD "\n%%\n" NEW + options byte (fuzz_helpers.hh); without the
// separator both objects are the whole input. The options' create value
// means update here. Oracles: check_report(), and the generations report of
// an update is a JSON object whose generationBumped agrees with its two
// generations and whose tags are sorted and unique.
#include <cstdint>      // uint8_t
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include "fuzz_helpers.hh"

namespace {

constexpr std::string_view kSeparator = "\n%%\n";

void check_generations(const isc_fuzz::Snapshot &s) {
  if (!s.has_generations) return;
  const nlohmann::json g = nlohmann::json::parse(s.generations, nullptr, false);
  FUZZ_ASSERT_MSG(g.is_object(), "generations are not a JSON object:\n%s", s.show().c_str());
  FUZZ_ASSERT_MSG(g.contains("generationBumped") && g.at("generationBumped").is_boolean() && g.contains("tags") &&
                      g.at("tags").is_array(),
                  "generations without generationBumped or tags:\n%s", s.show().c_str());
  const nlohmann::json og = g.contains("oldGeneration") ? g.at("oldGeneration") : nlohmann::json();
  const nlohmann::json ng = g.contains("generation") ? g.at("generation") : nlohmann::json();
  if (og.is_number_integer() && ng.is_number_integer()) {
    FUZZ_ASSERT_MSG(g.at("generationBumped").get<bool>() == (og.get<int64_t>() != ng.get<int64_t>()),
                    "generationBumped disagrees with the generations:\n%s", s.show().c_str());
  }
  std::string prev;
  bool first = true;
  for (const nlohmann::json &t : g.at("tags")) {
    FUZZ_ASSERT_MSG(t.is_object() && t.contains("tag") && t.at("tag").is_string() && t.contains("change") &&
                        t.at("change").is_string() && t.contains("reasons") && t.at("reasons").is_array(),
                    "malformed tag entry:\n%s", s.show().c_str());
    const std::string name = t.at("tag").get<std::string>();
    FUZZ_ASSERT_MSG(first || prev < name, "tags not sorted or not unique:\n%s", s.show().c_str());
    const std::string change = t.at("change").get<std::string>();
    FUZZ_ASSERT_MSG(change == "added" || change == "changed" || change == "unchanged" || change == "removed",
                    "unknown change \"%s\":\n%s", change.c_str(), s.show().c_str());
    FUZZ_ASSERT_MSG((change == "changed") == !t.at("reasons").empty(), "reasons disagree with the change:\n%s",
                    s.show().c_str());
    prev = name;
    first = false;
  }
}

}  // namespace

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

  isc_fuzz::Options o = isc_fuzz::take_options(data, size);
  if (o.op == ISC_OP_CREATE) o.op = ISC_OP_UPDATE;
  const std::string_view in(size ? reinterpret_cast<const char *>(data) : "", size);
  std::string_view old_doc = in, new_doc = in;
  const size_t cut = in.find(kSeparator);
  if (cut != std::string_view::npos) {
    old_doc = in.substr(0, cut);
    new_doc = in.substr(cut + kSeparator.size());
  }
  const isc_validator *v = validators.get(o);
  FUZZ_ASSERT(v != nullptr);

  FUZZ_ASSERT(isc_validate(v, o.op, new_doc.data(), new_doc.size(), old_doc.data(), old_doc.size(), report) ==
              ISC_OK);
  const isc_fuzz::Snapshot s = isc_fuzz::snapshot(report);
  isc_fuzz::check_report(s);
  check_generations(s);
  FUZZ_ASSERT_MSG(!s.has_generations || o.op == ISC_OP_UPDATE, "generations for a status update:\n%s",
                  s.show().c_str());

  FUZZ_ASSERT(isc_validate_file(v, o.op, new_doc.data(), new_doc.size(), ISC_FORMAT_AUTO, old_doc.data(),
                                old_doc.size(), file) == ISC_OK);
  const isc_fuzz::FileSnapshot fs = isc_fuzz::file_snapshot(file);
  for (const isc_fuzz::Snapshot &e : fs.entries) check_generations(e);
  return 0;
}
