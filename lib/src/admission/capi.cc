// C entry points of the admission webhook and the policy configuration.
#include <algorithm>  // min
#include <cstdlib>  // malloc, free
#include <cstring>  // memcpy
#include <memory>   // make_shared
#include <new>      // bad_alloc

#include "admission/admission.hh"
#include "core/validator.hh"
#include "isconform/isconform.h"
#include "policy/policy.hh"

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

}  // namespace

extern "C" {

isc_status isc_options_set_config_ex(isc_options *opts, const char *doc, size_t len, char *errbuf, size_t errbuf_len) {
  if (!opts || (!doc && len)) return ISC_EINVAL;
  return guarded([&] {
    auto cfg = std::make_shared<PolicyConfig>();
    std::string err;
    if (!parse_policy_config(std::string_view(doc ? doc : "", len), *cfg, err)) {
      if (errbuf && errbuf_len) {
        size_t n = std::min(err.size(), errbuf_len - 1);
        std::memcpy(errbuf, err.data(), n);
        errbuf[n] = '\0';
      }
      return ISC_EPARSE;
    }
    opts->policy = std::move(cfg);
    return ISC_OK;
  });
}

isc_status isc_options_set_config(isc_options *opts, const char *doc, size_t len) {
  return isc_options_set_config_ex(opts, doc, len, nullptr, 0);
}

isc_status isc_admission_review(const isc_validator *v, const char *review, size_t len, char **response,
                                size_t *response_len) {
  if (response) *response = nullptr;
  if (response_len) *response_len = 0;
  if (!v || !response || (!review && len)) return ISC_EINVAL;
  return guarded([&] {
    std::string out;
    admission_review(*v, std::string_view(review ? review : "", len), out);
    char *p = static_cast<char *>(std::malloc(out.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, out.data(), out.size());
    p[out.size()] = '\0';
    *response = p;
    if (response_len) *response_len = out.size();
    return ISC_OK;
  });
}

void isc_string_free(char *s) { std::free(s); }

}  // extern "C"
