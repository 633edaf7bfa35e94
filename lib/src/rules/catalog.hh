// Rule ids: stable public names of every check (never renamed or reused).
#ifndef ISC_RULES_CATALOG_HH
#define ISC_RULES_CATALOG_HH

#include <cstddef>      // size_t
#include <string_view>  // string_view

#include "isconform/isconform.h"

namespace isc::detail {

struct RuleInfo {
  const char *id;
  const char *title;
  const char *description;
  isc_severity severity;
};

const RuleInfo *rule_catalog(size_t *count);
const RuleInfo *find_rule(std::string_view id);

}  // namespace isc::detail

#endif  // ISC_RULES_CATALOG_HH
