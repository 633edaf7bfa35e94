// `isconform diff-generations OLD NEW`: for each tag, does the server treat
// the update as a change, and which generations result (and will the image
// importer act on it)?
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.hh"

namespace cli {

namespace {

const char kHelp[] =
    "usage: isconform diff-generations [options] OLD NEW\n"
    "\n"
    "Shows how updating the stored ImageStream OLD to NEW changes generations:\n"
    "for each tag whether the API server treats it as changed (and why), the\n"
    "generation the client sent, the stored and the resulting generation, and\n"
    "whether the image importer will import it (its generation is newer than the\n"
    "one recorded in status). Validation errors of the update are listed too.\n"
    "\n"
    "options:\n"
    "  --status               treat NEW as a write to the status subresource\n"
    "  --environment FILE     server environment (see isconform check --help)\n"
    "  --namespace NS         namespace for objects without one (default: \"default\")\n"
    "  --format text|json     output format (default text)\n"
    "  -h, --help             show this help\n"
    "\n"
    "metadata.resourceVersion is not required here (it is for a real PUT).\n"
    "exit status: 0 the update is accepted, 1 it is rejected, 2 usage or I/O error.\n";

std::string gen(const nlohmann::json &v) { return v.is_null() ? "-" : std::to_string(v.get<long long>()); }

std::string join(const nlohmann::json &a) {
  std::string s;
  for (const auto &x : a) {
    if (!s.empty()) s += ", ";
    s += x.get<std::string>();
  }
  return s;
}

}  // namespace

int cmd_diff_generations(int argc, char **argv) {
  std::vector<std::string> paths;
  std::string env_file, ns = "default", format = "text";
  bool status = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return kExitValid;
    } else if (a == "--status") {
      status = true;
    } else if ((a == "--environment" || a == "--namespace" || a == "--format") && i + 1 < argc) {
      (a == "--environment" ? env_file : a == "--namespace" ? ns : format) = argv[++i];
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      std::fprintf(stderr, "isconform diff-generations: unknown option %s\nTry 'isconform diff-generations --help'.\n",
                   a.c_str());
      return kExitUsage;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.size() != 2 || (format != "text" && format != "json")) {
    std::fprintf(stderr, "isconform diff-generations: give OLD and NEW%s\nTry 'isconform diff-generations --help'.\n",
                 format != "text" && format != "json" ? " and --format text or json" : "");
    return kExitUsage;
  }
  std::string old_doc, new_doc, env_doc, err;
  if (!read_file(paths[0], old_doc, err) || !read_file(paths[1], new_doc, err) ||
      (!env_file.empty() && !read_file(env_file, env_doc, err))) {
    std::fprintf(stderr, "isconform diff-generations: %s\n", err.c_str());
    return kExitUsage;
  }
  isc_options *opts = nullptr;
  if (isc_options_new(&opts) != ISC_OK) return kExitUsage;
  std::unique_ptr<isc_options, void (*)(isc_options *)> og(opts, isc_options_free);
  isc_options_set_request_checks(opts, 0);
  isc_options_set_world(opts, ISC_WORLD_OPEN);
  isc_options_set_default_namespace(opts, ns.c_str());
  if (!env_doc.empty()) {
    char buf[512];
    if (isc_options_set_environment_ex(opts, env_doc.data(), env_doc.size(), buf, sizeof buf) != ISC_OK) {
      std::fprintf(stderr, "isconform diff-generations: %s: %s\n", env_file.c_str(), buf);
      return kExitUsage;
    }
  }
  isc_validator *v = nullptr;
  isc_report *r = nullptr;
  if (isc_validator_new(&v, opts) != ISC_OK || isc_report_new(&r) != ISC_OK) return kExitUsage;
  std::unique_ptr<isc_validator, void (*)(isc_validator *)> vg(v, isc_validator_free);
  std::unique_ptr<isc_report, void (*)(isc_report *)> rg(r, isc_report_free);
  isc_operation op = status ? ISC_OP_STATUS_UPDATE : ISC_OP_UPDATE;
  if (isc_validate(v, op, new_doc.data(), new_doc.size(), old_doc.data(), old_doc.size(), r) != ISC_OK) {
    std::fprintf(stderr, "isconform diff-generations: internal error\n");
    return kExitUsage;
  }
  const char *g = isc_report_generations(r, nullptr);
  nlohmann::json j = g ? nlohmann::json::parse(g) : nlohmann::json::object();
  nlohmann::json findings = nlohmann::json::array();
  for (size_t i = 0; i < isc_report_count(r); ++i) {
    const isc_finding *f = isc_report_at(r, i);
    findings.push_back({{"severity", isc_finding_severity(f) == ISC_SEVERITY_ERROR ? "error" : "warning"},
                        {"field", isc_finding_field(f)},
                        {"message", isc_finding_message(f)},
                        {"rule", isc_finding_rule(f)}});
  }
  bool valid = isc_report_valid(r) != 0;
  if (format == "json") {
    j["valid"] = valid;
    j["findings"] = findings;
    std::printf("%s\n", j.dump(2).c_str());
    return valid ? kExitValid : kExitInvalid;
  }
  if (g) {
    std::printf("stream generation: %s -> %s%s\n", gen(j["oldGeneration"]).c_str(), gen(j["generation"]).c_str(),
                j["generationBumped"].get<bool>() ? " (spec changed)" : " (spec unchanged)");
    std::vector<std::vector<std::string>> rows = {{"TAG", "CHANGE", "WHY", "SENT", "OLD", "NEW", "OBSERVED", "IMPORT"}};
    for (const auto &t : j["tags"]) {
      std::string why = join(t["reasons"]);
      std::string other = join(t["otherChanges"]);
      if (!other.empty()) why += (why.empty() ? "" : "; ") + std::string("also: ") + other + " (not a tag change)";
      rows.push_back({t["tag"].get<std::string>(), t["change"].get<std::string>(), why.empty() ? "-" : why,
                      gen(t["sentGeneration"]), gen(t["oldGeneration"]), gen(t["generation"]),
                      gen(t["observedGeneration"]), t["import"].get<std::string>()});
    }
    std::vector<size_t> w(rows[0].size(), 0);
    for (const auto &row : rows)
      for (size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], row[c].size());
    for (const auto &row : rows) {
      std::string line;
      for (size_t c = 0; c < row.size(); ++c) {
        line += row[c];
        if (c + 1 < row.size()) line += std::string(w[c] - row[c].size() + 2, ' ');
      }
      std::printf("%s\n", line.c_str());
    }
  }
  for (const auto &f : findings) {
    std::printf("%s: %s [%s]\n", f["severity"].get<std::string>().c_str(), f["message"].get<std::string>().c_str(),
                f["rule"].get<std::string>().c_str());
  }
  if (!valid) std::printf("the server would reject this update\n");
  return valid ? kExitValid : kExitInvalid;
}

}  // namespace cli
