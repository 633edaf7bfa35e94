// Options, the server environment and the compiled validator.
#ifndef ISC_CORE_VALIDATOR_HH
#define ISC_CORE_VALIDATOR_HH

#include <cstdint>  // uint32_t
#include <memory>   // shared_ptr, unique_ptr
#include <string>   // string
#include <utility>  // pair
#include <vector>   // vector

#include "grammar/whitelist.hh"
#include "ir/imagestream.hh"
#include "isconform/isconform.h"
#include "json/doc.hh"
#include "schema/model.hh"

namespace isc::detail {

// Bounds on hostile input (docs/limits.md).
struct Limits {
  uint64_t max_document_bytes = 3 * 1024 * 1024;  // the API server's request body limit
  uint32_t max_depth = 10000;                     // encoding/json and go-yaml both stop at 10000
  uint64_t max_string_bytes = 1024 * 1024;
  uint32_t max_tags = 1000000;          // spec.tags entries and status.tags lists
  uint32_t max_status_items = 1000000;  // status items across all tags
  uint64_t max_yaml_nodes = 4000000;    // nodes after alias expansion
  uint32_t max_findings = 1000;         // findings per document (then one "N more" finding)
};

// One existing image stream of the environment (closed world).
struct EnvStream {
  std::string src;
  Doc doc;
  ImageStream is;
};

struct Environment {
  std::vector<AllowedRegistry> allowed_registries;
  std::string internal_registry;
  std::string external_registry;
  std::string default_import_mode = "Legacy";
  std::vector<std::unique_ptr<EnvStream>> streams;

  // Stream by namespace and name, or nullptr.
  [[nodiscard]] const ImageStream *find(std::string_view ns, std::string_view name) const;
};

// Parses an environment document (JSON; YAML when the YAML loader is built in).
// On failure returns false and sets `err`.
bool parse_environment(std::string_view text, Environment &env, std::string &err);

class ReferenceEngine;  // valijson over the embedded schemas (reference/engine.hh)
struct PolicyConfig;     // severity overrides and policy rules (policy/policy.hh)

}  // namespace isc::detail

struct isc_options {
  isc_field_validation field_validation = ISC_FIELD_VALIDATION_STRICT;
  isc_engine engine = ISC_ENGINE_FAST;
  isc_world world = ISC_WORLD_CLOSED;
  std::string default_namespace;  // used for objects without metadata.namespace ("" = none)
  bool request_checks = true;     // store-level checks of PUT (resourceVersion)
  std::shared_ptr<const isc::detail::Environment> env = std::make_shared<isc::detail::Environment>();
  std::vector<std::pair<std::string, std::string>> known_streams;  // namespace, name
  isc::detail::Limits limits;
  std::shared_ptr<const isc::detail::PolicyConfig> policy;  // nullptr: no configuration
};

struct isc_validator {
  isc_options opts;
  std::shared_ptr<const isc::detail::Model> model;
  isc::detail::Whitelister whitelister;
  std::shared_ptr<const isc::detail::ReferenceEngine> reference;  // set when engine == REFERENCE

  [[nodiscard]] bool known_stream(std::string_view ns, std::string_view name) const;
};

#endif  // ISC_CORE_VALIDATOR_HH
