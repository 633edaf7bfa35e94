// Registry allow-list (spec section 5.4, E1), as openshift-apiserver's
// validation/whitelist/whitelister.go applies it to image references.
//
// The allow-list is kept normalised: every entry of allowed_ holds
// "<host glob>:<port glob>" with exactly one ':' (upstream refuses entries
// with more than one), which is also the text the error message shows.
#include "grammar/whitelist.hh"

#include <algorithm>  // find
#include <utility>    // move

#include "rules/messages.hh"
#include "util/goquote.hh"

namespace isc::detail {

namespace {

constexpr size_t kShowMax = 5;  // entries listed in full before "and N more ..."

constexpr std::string_view kDockerDefaultRegistry = "docker.io";
constexpr std::string_view kDockerV1Registry = "index.docker.io";
constexpr std::string_view kDockerV2Registry = "registry-1.docker.io";

bool is_docker_hub(std::string_view r) {
  return r == kDockerDefaultRegistry || r == kDockerV1Registry || r == kDockerV2Registry;
}

// Go's net.SplitHostPort: "host:port" or "[host]:port"; false on any of its
// errors (missing port, too many colons, stray brackets).
bool split_host_port(std::string_view hp, std::string_view &host, std::string_view &port) {
  constexpr size_t npos = std::string_view::npos;
  const size_t i = hp.rfind(':');
  if (i == npos) return false;
  size_t j = 0;
  size_t k = 0;
  std::string_view h;
  if (hp[0] == '[') {
    const size_t end = hp.find(']');
    if (end == npos || end + 1 != i) return false;
    h = hp.substr(1, end - 1);
    j = 1;
    k = end + 1;
  } else {
    h = hp.substr(0, i);
    if (h.find(':') != npos) return false;
  }
  if (hp.find('[', j) != npos || hp.find(']', k) != npos) return false;
  host = h;
  port = hp.substr(i + 1);
  return true;
}

// Go's net.JoinHostPort.
std::string join_host_port(std::string_view host, std::string_view port) {
  std::string s;
  if (host.find(':') != std::string_view::npos) {
    s += '[';
    s += host;
    s += ']';
  } else {
    s += host;
  }
  s += ':';
  s += port;
  return s;
}

// IsWildcardMatch: '*' matches any run of bytes, '?' exactly one byte. The
// greedy matcher below resumes from the last '*' on a mismatch, which
// decides the same language as upstream's dynamic programme.
bool wildcard_match(std::string_view s, std::string_view p) {
  size_t si = 0;
  size_t pi = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++si;
      ++pi;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      resume = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

// DockerImageReference.RegistryHostPort: docker client defaults, docker.io
// and index.docker.io read as registry-1.docker.io, then the port or the
// transport's default port. A registry that fails net.SplitHostPort yields
// an empty host and port, as upstream ignores that error.
void registry_host_port(std::string_view registry, bool insecure, std::string &host, std::string &port) {
  std::string_view reg = registry;
  if (reg == kDockerDefaultRegistry || reg == kDockerV1Registry) reg = kDockerV2Registry;
  if (reg.empty()) reg = kDockerDefaultRegistry;
  if (reg.find(':') != std::string_view::npos) {
    std::string_view h;
    std::string_view p;
    if (split_host_port(reg, h, p)) {
      host.assign(h);
      port.assign(p);
    } else {
      host.clear();
      port.clear();
    }
    return;
  }
  host.assign(reg);
  port = insecure ? "80" : "443";
}

// WhitelistRegistry for one configured glob: "host" takes the transport's
// default port, "host:port" is kept, more colons are refused (upstream fails
// to build the whitelister; such entries are dropped here). Entries are
// prepended unless already present.
void add_registry(std::vector<AllowedRegistry> &list, std::string_view glob, bool insecure) {
  const size_t colon = glob.find(':');
  std::string entry;
  if (colon == std::string_view::npos) {
    entry = join_host_port(glob, insecure ? "80" : "443");
  } else if (glob.find(':', colon + 1) == std::string_view::npos) {
    entry.assign(glob);
  } else {
    return;
  }
  for (const AllowedRegistry &a : list) {
    if (a.domain_name == entry) return;
  }
  list.insert(list.begin(), AllowedRegistry{std::move(entry), insecure});
}

void split_entry(std::string_view entry, std::string_view &host, std::string_view &port) {
  const size_t colon = entry.find(':');
  host = entry.substr(0, colon);
  port = colon == std::string_view::npos ? std::string_view() : entry.substr(colon + 1);
}

}  // namespace

std::string canonical_repository(const ImageRef &ref) {
  // DockerClientDefaults().AsRepository().Exact()
  std::string s = ref.registry.empty() ? std::string(kDockerDefaultRegistry) : std::string(ref.registry);
  std::string_view ns = ref.namespace_;
  if (ns.empty() && is_docker_hub(s)) ns = "library";
  s += '/';
  if (!ns.empty()) {
    s += ns;
    s += '/';
  }
  s += ref.name;  // Exact() stops after "registry/[ns/]" when the name is empty
  return s;
}

Whitelister::Whitelister(std::vector<AllowedRegistry> allowed, std::string internal_registry)
    : allow_all_(allowed.empty()), internal_registry_(std::move(internal_registry)) {
  if (allow_all_) return;
  // Walking the configuration backwards while prepending keeps its order.
  for (auto it = allowed.rbegin(); it != allowed.rend(); ++it) add_registry(allowed_, it->domain_name, it->insecure);
  // Upstream adds the internal registry (secure) on every admission, which
  // puts it in front of the configured entries unless one equals it.
  if (!internal_registry_.empty()) add_registry(allowed_, internal_registry_, false);
}

std::string Whitelister::admit(const ImageRef &ref, Transport t) const {
  if (allow_all_) return std::string();
  if (!repositories_.empty() &&
      std::find(repositories_.begin(), repositories_.end(), canonical_repository(ref)) != repositories_.end())
    return std::string();

  std::string host;
  std::string port;
  switch (t) {
    case Transport::Any: {
      // The reference's own port if it has one; otherwise any of 80, 443, *.
      std::string_view h;
      std::string_view p;
      if (split_host_port(ref.registry, h, p) && !p.empty()) {
        host.assign(h);
        port.assign(p);
      } else {
        host.assign(ref.registry);
      }
      if (host.empty()) {
        std::string ignored;
        registry_host_port(ref.registry, false, host, ignored);
      }
      break;
    }
    case Transport::Insecure:
      registry_host_port(ref.registry, true, host, port);
      break;
    case Transport::Secure:
      registry_host_port(ref.registry, false, host, port);
      break;
  }

  const auto match_host = [&](std::string_view h) {
    for (const AllowedRegistry &a : allowed_) {
      std::string_view hglob;
      std::string_view pglob;
      split_entry(a.domain_name, hglob, pglob);
      if (!wildcard_match(h, hglob)) continue;
      if (port.empty()) {
        // Exact strings here, not globs.
        if (pglob == "80" || pglob == "443" || pglob == "*") return true;
        continue;
      }
      if (wildcard_match(port, pglob)) return true;
    }
    return false;
  };
  // The docker.io aliases first try plain docker.io, so that an entry such as
  // "docker.io:*" covers them.
  if ((host == kDockerV1Registry || host == kDockerV2Registry) && match_host(kDockerDefaultRegistry))
    return std::string();
  if (match_host(host)) return std::string();

  std::string hostname(ref.registry);
  if (hostname.empty()) hostname = port.empty() ? host : join_host_port(host, port);

  std::string m = msg::kRegistryPrefix;
  append_go_quote(m, hostname);
  if (allowed_.empty()) {
    m += msg::kNotAllowedByEmptyWhitelist;
    return m;
  }
  m += msg::kNotAllowedByWhitelist;
  const size_t shown = allowed_.size() <= kShowMax ? allowed_.size() : kShowMax - 1;
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) m += ", ";
    append_go_quote(m, allowed_[i].domain_name);
  }
  if (shown < allowed_.size()) {
    m += msg::kWhitelistAnd;
    m += std::to_string(allowed_.size() - shown);
    m += msg::kWhitelistMore;
  }
  return m;
}

void Whitelister::allow_repository(std::string_view pull_spec) {
  ImageRef ref;
  if (parse_image_ref(pull_spec, ref) != nullptr) return;
  std::string key = canonical_repository(ref);
  if (std::find(repositories_.begin(), repositories_.end(), key) == repositories_.end())
    repositories_.push_back(std::move(key));
}

}  // namespace isc::detail
