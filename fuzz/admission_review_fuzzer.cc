// The admission webhook entry point, isc_admission_review, and the
// configuration parser it depends on, isc_options_set_config_ex.
//
// Input: [CONFIG "\n%%\n"] REVIEW + options byte (fuzz_helpers.hh; the
// operation bits are unused: the review names its operation). Without a
// configuration the validator for the options is cached; with one, the
// configuration (JSON or YAML: severity overrides and policy rules P1-P6) is
// parsed and, when accepted, compiled into a validator for this input.
// Oracles:
// - ISC_OK with a NUL-terminated answer of the reported length, and the same
//   bytes when the review is answered again;
// - the answer is an AdmissionReview object: apiVersion admission.k8s.io/v1
//   or v1beta1, kind AdmissionReview, response.allowed a boolean,
//   response.uid a string equal to request.uid when not empty; a refusal has
//   status.code 400 or 422;
// - response.warnings: at most 21 strings (20, then "N more warnings"),
//   each at most 119 code points (the documented bounds);
// - the configuration parser answers ISC_OK or ISC_EPARSE with a message.
#include <cstdint>      // uint8_t
#include <cstring>      // strlen, memchr
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include "fuzz_helpers.hh"

namespace {

constexpr std::string_view kSeparator = "\n%%\n";

size_t code_points(const std::string &s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

void check_answer(std::string_view review, const std::string &answer) {
  const nlohmann::json a = nlohmann::json::parse(answer, nullptr, false);
  FUZZ_ASSERT_MSG(a.is_object(), "the answer is not a JSON object: %s", answer.c_str());
  FUZZ_ASSERT_MSG(a.contains("apiVersion") &&
                      (a.at("apiVersion") == "admission.k8s.io/v1" || a.at("apiVersion") == "admission.k8s.io/v1beta1") &&
                      a.contains("kind") && a.at("kind") == "AdmissionReview",
                  "the answer is no AdmissionReview: %s", answer.c_str());
  FUZZ_ASSERT_MSG(a.contains("response") && a.at("response").is_object(), "no response: %s", answer.c_str());
  const nlohmann::json &r = a.at("response");
  FUZZ_ASSERT_MSG(r.contains("allowed") && r.at("allowed").is_boolean(), "no allowed: %s", answer.c_str());
  FUZZ_ASSERT_MSG(r.contains("uid") && r.at("uid").is_string(), "no uid: %s", answer.c_str());
  if (!r.at("allowed").get<bool>()) {
    FUZZ_ASSERT_MSG(r.contains("status") && r.at("status").is_object() && r.at("status").contains("code") &&
                        (r.at("status").at("code") == 400 || r.at("status").at("code") == 422),
                    "a refusal without status code 400 or 422: %s", answer.c_str());
  }
  if (r.contains("warnings")) {
    const nlohmann::json &w = r.at("warnings");
    FUZZ_ASSERT_MSG(w.is_array() && w.size() <= 21, "more than 21 warnings: %s", answer.c_str());
    for (const nlohmann::json &x : w) {
      FUZZ_ASSERT_MSG(x.is_string() && code_points(x.get<std::string>()) <= 119,
                      "a warning longer than 119 code points: %s", answer.c_str());
    }
  }
  const std::string uid = r.at("uid").get<std::string>();
  if (uid.empty()) return;
  const nlohmann::json q = nlohmann::json::parse(review.begin(), review.end(), nullptr, false);
  if (q.is_discarded()) return;  // e.g. invalid UTF-8, which nlohmann refuses
  FUZZ_ASSERT_MSG(q.is_object() && q.contains("request") && q.at("request").is_object() &&
                      q.at("request").contains("uid") && q.at("request").at("uid") == uid,
                  "response.uid \"%s\" is not request.uid", isc_fuzz::printable(uid).c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static isc_fuzz::ValidatorCache validators;

  const isc_fuzz::Options o = isc_fuzz::take_options(data, size);
  const std::string_view in(size ? reinterpret_cast<const char *>(data) : "", size);
  std::string_view review = in;
  isc_validator *own = nullptr;
  const isc_validator *v = nullptr;
  const size_t cut = in.find(kSeparator);
  if (cut != std::string_view::npos) {
    const std::string_view config = in.substr(0, cut);
    review = in.substr(cut + kSeparator.size());
    isc_options *opts = isc_fuzz::make_options(o);
    FUZZ_ASSERT(opts != nullptr);
    char err[512];
    const isc_status st = isc_options_set_config_ex(opts, config.data(), config.size(), err, sizeof err);
    FUZZ_ASSERT_MSG(st == ISC_OK || st == ISC_EPARSE, "isc_options_set_config_ex returned %s", isc_status_str(st));
    if (st == ISC_EPARSE) {
      FUZZ_ASSERT_MSG(std::memchr(err, '\0', sizeof err) != nullptr && err[0] != '\0',
                      "ISC_EPARSE without a NUL-terminated message");
      isc_fuzz::count("config refused");
    } else {
      isc_fuzz::count("config accepted");
    }
    const isc_status vs = isc_validator_new(&own, opts);
    FUZZ_ASSERT_MSG(vs == ISC_OK, "isc_validator_new failed after a configuration: %s", isc_status_str(vs));
    isc_options_free(opts);
    v = own;
  } else {
    v = validators.get(o);
  }
  FUZZ_ASSERT(v != nullptr);

  char *answer = nullptr;
  size_t len = 0;
  const isc_status st = isc_admission_review(v, review.data(), review.size(), &answer, &len);
  FUZZ_ASSERT_MSG(st == ISC_OK && answer != nullptr, "isc_admission_review returned %s", isc_status_str(st));
  FUZZ_ASSERT_MSG(std::strlen(answer) == len, "answer length %zu, strlen %zu", len, std::strlen(answer));
  const std::string first(answer, len);
  isc_string_free(answer);
  check_answer(review, first);

  answer = nullptr;
  FUZZ_ASSERT(isc_admission_review(v, review.data(), review.size(), &answer, &len) == ISC_OK && answer);
  FUZZ_ASSERT_MSG(first == std::string(answer, len), "two answers to one review differ:\n%s\n%s", first.c_str(),
                  answer);
  isc_string_free(answer);
  isc_fuzz::count(first.find("\"allowed\":true") != std::string::npos ? "allowed" : "refused");
  isc_validator_free(own);
  return 0;
}
