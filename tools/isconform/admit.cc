// `isconform admit`: answer one AdmissionReview as the webhook would.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli.hh"
#include "webhook.hh"

namespace cli {

namespace {

const char kAdmitHelp[] =
    "usage: isconform admit [options] [FILE|-]\n"
    "\n"
    "Answers one AdmissionReview (admission.k8s.io/v1, or v1beta1) for ImageStreams\n"
    "exactly as `isconform serve` would, and prints the answer (JSON) on stdout.\n"
    "Reads stdin when FILE is - or absent.\n"
    "\n"
    "options:\n"
    "  --environment FILE   server environment (JSON or YAML): allowedRegistriesForImport,\n"
    "                       internalRegistryHostname, externalRegistryHostname, defaultImportMode\n"
    "  --config FILE        rule severities and policy rules; default: the nearest\n"
    "                       .isconform.yaml in the current directory or a parent\n"
    "  --no-config          do not look for .isconform.yaml\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit status: 0 allowed, 1 denied (422, or 400 for an unreadable object or review),\n"
    "2 usage or I/O error.\n";

int admit_usage(const std::string &msg) {
  std::fprintf(stderr, "isconform admit: %s\nTry 'isconform admit --help'.\n", msg.c_str());
  return kExitUsage;
}

}  // namespace

int cmd_admit(int argc, char **argv) {
  std::string env_file, config_file, input;
  bool no_config = false, have_input = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kAdmitHelp, stdout);
      return kExitValid;
    } else if (is_option(a, "--environment")) {
      if (!option_value(argc, argv, i, "--environment", env_file)) return admit_usage("--environment needs a file");
    } else if (is_option(a, "--config")) {
      if (!option_value(argc, argv, i, "--config", config_file)) return admit_usage("--config needs a file");
    } else if (a == "--no-config") {
      no_config = true;
    } else if (a == "-" || a.empty() || a[0] != '-') {
      if (have_input) return admit_usage("one review at a time: give one FILE or -");
      input = a;
      have_input = true;
    } else {
      return admit_usage("unknown option " + a);
    }
  }
  if (!have_input) input = "-";
  if (config_file.empty() && !no_config) config_file = find_config_file();
  std::string err, review;
  isc_validator *v = make_webhook_validator(env_file, config_file, err);
  if (!v) {
    std::fprintf(stderr, "isconform admit: %s\n", err.c_str());
    return kExitUsage;
  }
  if (!read_file(input, review, err)) {
    isc_validator_free(v);
    std::fprintf(stderr, "isconform admit: %s\n", err.c_str());
    return kExitUsage;
  }
  char *response = nullptr;
  size_t len = 0;
  isc_status st = isc_admission_review(v, review.data(), review.size(), &response, &len);
  isc_validator_free(v);
  if (st != ISC_OK) {
    std::fprintf(stderr, "isconform admit: %s\n", isc_status_str(st));
    return kExitUsage;
  }
  std::fwrite(response, 1, len, stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
  bool allowed = std::strcmp(admission_outcome(response, len), "allowed") == 0;
  isc_string_free(response);
  return allowed ? kExitValid : kExitInvalid;
}

}  // namespace cli
