// Policy beyond the API server (a validating webhook runs after the server's
// own validation, so its value is policy and warnings): severity overrides
// by rule id, and the policy rules P1-P6, each off unless configured.
//
// Configuration document (JSON or YAML, isc_options_set_config):
//
//   rules:                       # severity by rule id: error, warning or off
//     W2: off
//     S4: warning
//   policy:
//     allowedRegistries: [quay.io, "*.example.com", registry.example.com/team]   # P1
//     requireLocalReferencePolicy: true                                          # P2
//     forbidInsecureImport: true                                                 # P3
//     requireDigest: true                                                        # P4
//     maxTags: 50                                                                # P5
//     requiredTagAnnotations: [description]                                      # P6
#ifndef ISC_POLICY_POLICY_HH
#define ISC_POLICY_POLICY_HH

#include <cstdint>      // uint32_t, uint8_t
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

#include "core/report.hh"
#include "ir/imagestream.hh"
#include "isconform/isconform.h"

namespace isc::detail {

enum class Level : uint8_t { Default, Error, Warning, Off };

struct RegistryPattern {
  std::string host;  // "quay.io", "registry:5000", "*.example.com" (any subdomain)
  std::string path;  // "" or a repository prefix ("team", "team/app")
};

struct PolicyConfig {
  std::vector<std::pair<std::string, Level>> overrides;  // rule id -> level, as configured

  bool allowed_registries_set = false;  // P1
  std::vector<RegistryPattern> allowed_registries;
  bool require_local = false;     // P2
  bool forbid_insecure = false;   // P3
  bool require_digest = false;    // P4
  uint32_t max_tags = 0;          // P5 (0 = off)
  std::vector<std::string> required_tag_annotations;  // P6

  // The configured level of a rule (Default when not configured).
  [[nodiscard]] Level level(std::string_view rule) const;
  // Whether a policy rule runs (its parameters are set and it is not off).
  [[nodiscard]] bool enabled(std::string_view rule) const;
};

// Parses a configuration document. Unknown keys, unknown rule ids and bad
// values are errors (a typo must not silently turn a policy off). On failure
// returns false and sets `err` ("config: ...").
bool parse_policy_config(std::string_view text, PolicyConfig &out, std::string &err);

// Runs the enabled policy rules on the object being persisted (internal
// form: tags keyed by name). On update only what the update adds or changes
// is checked (ratcheting: existing streams are not locked by a new policy);
// status updates are not checked (the server itself ignores spec there).
// `internal_registry` (the environment's) is always an allowed registry.
void check_policy(const PolicyConfig &p, isc_operation op, const ImageStream &is, const ImageStream *old,
                  std::string_view internal_registry, Errors &e);

// Applies the severity overrides to the findings of `r` (a rule set to off
// disappears, warning downgrades an error, error raises a warning) and
// recomputes validity. Order is kept.
void apply_severity_overrides(const PolicyConfig &p, isc_report &r);

}  // namespace isc::detail

#endif  // ISC_POLICY_POLICY_HH
