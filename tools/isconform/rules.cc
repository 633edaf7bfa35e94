// isconform rules: the rule catalogue (ids, default severities, titles).
#include <cstdio>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.hh"

namespace cli {

namespace {

const char kRulesHelp[] =
    "usage: isconform rules [--format text|json] [ID]\n"
    "\n"
    "Lists every rule id isconform reports, with its default severity and title\n"
    "(docs/rules.md has the upstream source and an example message of each).\n"
    "With ID, prints that rule's description. Severities can be changed per rule\n"
    "in .isconform.yaml (rules: {ID: error|warning|off}).\n"
    "\n"
    "options:\n"
    "  --format FORMAT   text (default) or json (id, severity, title, description)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0, 1 when ID is not a rule, 2 usage error.\n";

const char *severity_name(isc_severity s) { return s == ISC_SEVERITY_ERROR ? "error" : "warning"; }

}  // namespace

int cmd_rules(int argc, char **argv) {
  bool json = false;
  std::string only;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kRulesHelp, stdout);
      return kExitValid;
    }
    if (is_option(a, "--format")) {
      std::string f;
      if (!option_value(argc, argv, i, "--format", f) || (f != "text" && f != "json")) {
        std::fprintf(stderr, "isconform rules: unknown format \"%s\" (text or json)\n", f.c_str());
        return kExitUsage;
      }
      json = f == "json";
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "isconform rules: unknown option \"%s\"\n\n%s", a.c_str(), kRulesHelp);
      return kExitUsage;
    } else if (only.empty()) {
      only = a;
    } else {
      std::fprintf(stderr, "isconform rules: one rule id at most\n\n%s", kRulesHelp);
      return kExitUsage;
    }
  }
  nlohmann::json out = nlohmann::json::array();
  bool found = false;
  for (size_t i = 0; i < isc_rule_count(); ++i) {
    const char *id = isc_rule_id(i);
    if (!only.empty() && only != id) continue;
    found = true;
    if (json) {
      out.push_back({{"id", id},
                     {"severity", severity_name(isc_rule_severity(i))},
                     {"title", isc_rule_title(i)},
                     {"description", isc_rule_description(i)}});
    } else if (!only.empty()) {
      std::printf("%s (%s): %s\n%s\n", id, severity_name(isc_rule_severity(i)), isc_rule_title(i),
                  isc_rule_description(i));
    } else {
      std::printf("%-4s %-8s %s\n", id, severity_name(isc_rule_severity(i)), isc_rule_title(i));
    }
  }
  if (!only.empty() && !found) {
    std::fprintf(stderr, "isconform rules: no rule \"%s\"\n", only.c_str());
    return kExitInvalid;
  }
  if (json) std::printf("%s\n", out.dump(1).c_str());
  return kExitValid;
}

}  // namespace cli
