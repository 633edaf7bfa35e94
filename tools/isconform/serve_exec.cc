// `isconform serve` in the CLI: runs isconform-serve, the server executable,
// found next to this executable or in the installation's bindir. Keeping
// cpp-httplib and OpenSSL out of `isconform` keeps the startup of `check`
// short.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli.hh"
#include "webhook.hh"

namespace cli {

namespace {

constexpr char kServeExecutable[] = "isconform-serve";

std::string self_directory() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string path(buf, static_cast<size_t>(n));
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

int cmd_serve(int argc, char **argv) {
#ifndef ISC_HAVE_SERVER
  (void)argc;
  (void)argv;
  std::fputs("isconform serve: this isconform was built without the server (meson option -Dserver=enabled, "
             "needs cpp-httplib and OpenSSL)\n",
             stderr);
  return kExitUsage;
#else
  std::vector<std::string> candidates;
  std::string dir = self_directory();
  if (!dir.empty()) candidates.push_back(dir + "/" + kServeExecutable);
  candidates.push_back(std::string(ISC_BINDIR) + "/" + kServeExecutable);
  for (const auto &path : candidates) {
    if (access(path.c_str(), X_OK) != 0) continue;
    std::vector<char *> args;
    args.push_back(const_cast<char *>(path.c_str()));
    for (int i = 0; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    execv(path.c_str(), args.data());
    std::fprintf(stderr, "isconform serve: cannot run %s: %s\n", path.c_str(), std::strerror(errno));
    return kExitUsage;
  }
  std::fprintf(stderr, "isconform serve: %s not found (looked in %s)\n", kServeExecutable,
               (dir.empty() ? std::string(ISC_BINDIR) : dir + " and " + ISC_BINDIR).c_str());
  return kExitUsage;
#endif
}

}  // namespace cli
