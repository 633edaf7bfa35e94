// isconform: does the OpenShift API server accept these ImageStreams?
#include <cstdio>
#include <cstring>
#include <string>

#include "cli.hh"
#include "webhook.hh"

namespace {

const char kHelp[] =
    "usage: isconform COMMAND [options]\n"
    "\n"
    "Tells whether the OpenShift API server would accept an ImageStream\n"
    "(image.openshift.io/v1), and why not, with the server's field paths and messages.\n"
    "\n"
    "commands:\n"
    "  check PATH...|-     check manifests (JSON, YAML; directories recursively)\n"
    "  diff-generations OLD NEW\n"
    "                      how an update changes tag generations (and triggers imports)\n"
    "  rules [ID]          list the rule ids, their severities and titles\n"
    "  schema [NAME]       print, list or export the embedded JSON Schemas\n"
    "  request METHOD PATH what the API server answers to a request (status and body)\n"
    "  admit [FILE|-]      answer one AdmissionReview as the webhook would\n"
    "  serve               run the validating admission webhook (HTTPS)\n"
    "  version             print the version\n"
    "  help                show this help\n"
    "\n"
    "Run 'isconform COMMAND --help' for the options of a command.\n";

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return cli::kExitUsage;
  }
  std::string cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    std::fputs(kHelp, stdout);
    return cli::kExitValid;
  }
  if (cmd == "--version" || cmd == "version") {
    std::printf("isconform %s\n", isc_version());
    return cli::kExitValid;
  }
  if (cmd == "check") return cli::cmd_check(argc - 2, argv + 2);
  if (cmd == "rules") return cli::cmd_rules(argc - 2, argv + 2);
  if (cmd == "schema") return cli::cmd_schema(argc - 2, argv + 2);
  if (cmd == "diff-generations") return cli::cmd_diff_generations(argc - 2, argv + 2);
  if (cmd == "admit") return cli::cmd_admit(argc - 2, argv + 2);
  if (cmd == "request") return cli::cmd_request(argc - 2, argv + 2);
  if (cmd == "serve") return cli::cmd_serve(argc - 2, argv + 2);
  std::fprintf(stderr, "isconform: unknown command \"%s\"\n\n%s", cmd.c_str(), kHelp);
  return cli::kExitUsage;
}
