// Configuration files of the CLI (.isconform.yaml).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "cli.hh"
#include "webhook.hh"

namespace cli {

std::string find_config_file() {
  char buf[PATH_MAX];
  if (!getcwd(buf, sizeof buf)) return {};
  std::string dir = buf;
  for (;;) {
    std::string candidate = (dir == "/" ? std::string() : dir) + "/" + kConfigFileName;
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return candidate;
    if (dir == "/" || dir.empty()) return {};
    size_t slash = dir.rfind('/');
    dir = slash == 0 ? "/" : dir.substr(0, slash);
  }
}

bool load_config_file(isc_options *opts, const std::string &path, std::string &err) {
  std::string doc;
  if (!read_file(path, doc, err)) return false;
  char buf[1024];
  isc_status st = isc_options_set_config_ex(opts, doc.data(), doc.size(), buf, sizeof buf);
  if (st != ISC_OK) {
    err = path + ": " + (st == ISC_EPARSE ? std::string(buf) : std::string(isc_status_str(st)));
    return false;
  }
  return true;
}

}  // namespace cli

namespace cli {

isc_validator *make_webhook_validator(const std::string &environment_file, const std::string &config_file,
                                      std::string &err) {
  isc_options *opts = nullptr;
  if (isc_options_new(&opts) != ISC_OK) {
    err = "out of memory";
    return nullptr;
  }
  std::unique_ptr<isc_options, void (*)(isc_options *)> guard(opts, isc_options_free);
  isc_options_set_world(opts, ISC_WORLD_OPEN);
  if (!environment_file.empty()) {
    std::string doc;
    if (!read_file(environment_file, doc, err)) return nullptr;
    char buf[1024];
    isc_status st = isc_options_set_environment_ex(opts, doc.data(), doc.size(), buf, sizeof buf);
    if (st != ISC_OK) {
      err = environment_file + ": " + (st == ISC_EPARSE ? std::string(buf) : std::string(isc_status_str(st)));
      return nullptr;
    }
  }
  if (!config_file.empty() && !load_config_file(opts, config_file, err)) return nullptr;
  isc_validator *v = nullptr;
  isc_status st = isc_validator_new(&v, opts);
  if (st != ISC_OK) {
    err = std::string("cannot create the validator: ") + isc_status_str(st);
    return nullptr;
  }
  return v;
}

const char *admission_outcome(const char *response, size_t len) {
  std::string_view r(response ? response : "", response ? len : 0);
  // A JSON string never holds an unescaped quote, so these keys cannot be
  // matched inside a value.
  if (r.find("\"allowed\":true") != std::string_view::npos) return "allowed";
  if (r.find("\"code\":422") != std::string_view::npos) return "denied";
  return "rejected";
}

}  // namespace cli
