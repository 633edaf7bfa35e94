// The webhook side of the isconform CLI: configuration discovery,
// `isconform admit` and `isconform serve`.
#ifndef ISC_TOOLS_WEBHOOK_HH
#define ISC_TOOLS_WEBHOOK_HH

#include <string>

#include "isconform/isconform.h"

namespace cli {

// The configuration file name searched from the current directory upwards.
inline constexpr const char kConfigFileName[] = ".isconform.yaml";

// The nearest .isconform.yaml in the current directory or a parent, or "".
std::string find_config_file();

// Reads `path` and loads it into `opts` (isc_options_set_config_ex).
// Returns false with `err` set ("<path>: <message>").
bool load_config_file(isc_options *opts, const std::string &path, std::string &err);

// The validator of the webhook: open world (the server resolved references
// already), the environment and configuration files when not "". Returns
// nullptr with `err` set.
isc_validator *make_webhook_validator(const std::string &environment_file, const std::string &config_file,
                                      std::string &err);

// Classifies an answer of isc_admission_review by its status: "allowed",
// "denied" (422), "rejected" (400: the object or the review could not be
// read). Our own answers have a fixed layout, so a scan suffices.
const char *admission_outcome(const char *response, size_t len);

// `isconform admit [FILE|-]`: answers one AdmissionReview on stdout.
int cmd_admit(int argc, char **argv);

// `isconform serve`: the HTTPS admission webhook (when built with the server).
int cmd_serve(int argc, char **argv);

}  // namespace cli

#endif  // ISC_TOOLS_WEBHOOK_HH
