// The registry allow-list for imports (imagePolicyConfig.allowedRegistriesForImport),
// as openshift-apiserver's validation/whitelist/whitelister.go applies it (spec §5.4 E1).
#ifndef ISC_GRAMMAR_WHITELIST_HH
#define ISC_GRAMMAR_WHITELIST_HH

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "grammar/reference.hh"

namespace isc::detail {

struct AllowedRegistry {
  std::string domain_name;  // host[:port], wildcards * and ?
  bool insecure = false;
};

enum class Transport { Secure, Insecure, Any };

// canonicalRepository: the reference with docker client defaults applied and
// tag and ID dropped, e.g. "busybox:1" -> "docker.io/library/busybox". This is
// the key allow_repository stores and admit looks up.
std::string canonical_repository(const ImageRef &ref);

class Whitelister {
 public:
  Whitelister() = default;
  // An empty list allows everything (the server then uses WhitelistAllRegistries).
  Whitelister(std::vector<AllowedRegistry> allowed, std::string internal_registry);

  [[nodiscard]] bool allows_all() const { return allow_all_; }

  // Returns "" when the reference is allowed, else the upstream message
  // ("registry \"<host[:port]>\" not allowed by whitelist: \"h1:p1\", ...").
  [[nodiscard]] std::string admit(const ImageRef &ref, Transport t) const;

  // WhitelistRepository: allow exactly this pull spec's repository from now on
  // (used on update for every reference the stored object already holds).
  // Unparsable pull specs are ignored, as upstream.
  void allow_repository(std::string_view pull_spec);

 private:
  bool allow_all_ = true;
  std::vector<AllowedRegistry> allowed_;
  std::string internal_registry_;
  std::vector<std::string> repositories_;  // allowed by allow_repository
};

}  // namespace isc::detail

#endif  // ISC_GRAMMAR_WHITELIST_HH
