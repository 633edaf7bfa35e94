#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

#include "cli.hh"

namespace cli {

bool read_file(const std::string &path, std::string &out, std::string &err) {
  out.clear();
  FILE *f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    err = path + ": " + std::strerror(errno);
    return false;
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool bad = std::ferror(f) != 0;
  int saved = errno;
  if (f != stdin) std::fclose(f);
  if (bad) {
    err = path + ": " + std::strerror(saved);
    return false;
  }
  return true;
}

// Shell-style glob: * (not across /), ** (across /), ?, [...].
bool glob_match(const std::string &p, const std::string &s) {
  size_t pi = 0, si = 0;
  size_t star_p = std::string::npos, star_s = 0;
  bool star_deep = false;
  while (si < s.size()) {
    if (pi < p.size()) {
      char c = p[pi];
      if (c == '*') {
        star_deep = pi + 1 < p.size() && p[pi + 1] == '*';
        pi += star_deep ? 2 : 1;
        if (star_deep && pi < p.size() && p[pi] == '/') ++pi;
        star_p = pi;
        star_s = si;
        continue;
      }
      if (c == '?' && s[si] != '/') {
        ++pi;
        ++si;
        continue;
      }
      if (c == '[') {
        size_t end = p.find(']', pi + 1);
        if (end != std::string::npos) {
          bool neg = p[pi + 1] == '!' || p[pi + 1] == '^';
          bool hit = false;
          for (size_t k = pi + 1 + (neg ? 1 : 0); k < end; ++k) {
            if (k + 2 < end && p[k + 1] == '-') {
              if (s[si] >= p[k] && s[si] <= p[k + 2]) hit = true;
              k += 2;
            } else if (p[k] == s[si]) {
              hit = true;
            }
          }
          if (hit != neg) {
            pi = end + 1;
            ++si;
            continue;
          }
        }
      } else if (c == s[si]) {
        ++pi;
        ++si;
        continue;
      }
    }
    if (star_p != std::string::npos && (star_deep || s[star_s] != '/')) {
      pi = star_p;
      si = ++star_s;
      continue;
    }
    return false;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

namespace {

bool excluded(const std::string &path, const std::vector<std::string> &excludes) {
  std::string rel = path;
  if (rel.rfind("./", 0) == 0) rel = rel.substr(2);
  std::string base = rel.substr(rel.find_last_of('/') == std::string::npos ? 0 : rel.find_last_of('/') + 1);
  for (const auto &g : excludes) {
    if (glob_match(g, rel) || glob_match(g, base) || glob_match(g, path)) return true;
    // A pattern naming a directory excludes everything below it.
    std::string dir = g;
    while (!dir.empty() && dir.back() == '/') dir.pop_back();
    if (!dir.empty() && (rel.rfind(dir + "/", 0) == 0)) return true;
  }
  return false;
}

// Files without an extension (such as the cluster-version operator's
// image-references) are manifests when a top-level kind key shows near the
// start: `"kind"` in JSON, or a line starting with `kind:` in YAML.
bool looks_like_manifest(const std::string &path) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char buf[4096];
  size_t n = std::fread(buf, 1, sizeof buf, f);
  std::fclose(f);
  std::string head(buf, n);
  if (head.find('\0') != std::string::npos) return false;  // binary
  size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return false;
  if (head[first] == '{') return head.find("\"kind\"") != std::string::npos;
  return head.rfind("kind:", 0) == 0 || head.find("\nkind:") != std::string::npos;
}

bool manifest_name(const std::string &name) {
  auto ends = [&](const char *suf) {
    size_t n = std::strlen(suf);
    return name.size() >= n && name.compare(name.size() - n, n, suf) == 0;
  };
  return ends(".json") || ends(".yaml") || ends(".yml");
}

bool walk(const std::string &dir, const std::vector<std::string> &excludes, PathList &files, std::string &err) {
  DIR *d = opendir(dir.c_str());
  if (!d) {
    err = dir + ": " + std::strerror(errno);
    return false;
  }
  std::vector<std::string> names;
  while (dirent *e = readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    names.push_back(n);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto &n : names) {
    if (n == ".git" || n == "node_modules") continue;
    std::string path = dir == "." ? n : (dir.back() == '/' ? dir + n : dir + "/" + n);
    if (excluded(path, excludes)) continue;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;
    if (S_ISLNK(st.st_mode)) continue;  // symbolic links are not followed (no loops)
    if (S_ISDIR(st.st_mode)) {
      if (!walk(path, excludes, files, err)) return false;
    } else if (S_ISREG(st.st_mode) &&
               (manifest_name(n) || (n.find('.') == std::string::npos && looks_like_manifest(path)))) {
      files.push_back(path);
    }
  }
  return true;
}

}  // namespace

namespace {
void put_varint(std::string &out, size_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>((v & 0x7F) | 0x80));
  out.push_back(static_cast<char>(v));
}
size_t get_varint(const std::string &in, size_t &at) {
  size_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    const auto b = static_cast<unsigned char>(in[at++]);
    v |= static_cast<size_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
}
}  // namespace

void PathList::push_back(std::string_view path) {
  size_t shared = 0;
  if (count_ % kBlock == 0) {
    blocks_.push_back(text_.size());
  } else {
    const size_t most = std::min(last_.size(), path.size());
    while (shared < most && last_[shared] == path[shared]) ++shared;
  }
  put_varint(text_, shared);
  put_varint(text_, path.size() - shared);
  text_.append(path.substr(shared));
  last_.assign(path);
  ++count_;
}

std::string PathList::operator[](size_t i) const {
  std::string path;
  size_t at = blocks_[i / kBlock];
  for (size_t k = i - i % kBlock; k <= i; ++k) {
    const size_t shared = get_varint(text_, at);
    const size_t rest = get_varint(text_, at);
    path.resize(shared);
    path.append(text_, at, rest);
    at += rest;
  }
  return path;
}

bool expand_inputs(const std::vector<std::string> &args, const std::vector<std::string> &excludes, PathList &files,
                   std::string &err) {
  for (const auto &a : args) {
    if (a == "-") {
      files.push_back(a);
      continue;
    }
    struct stat st;
    if (stat(a.c_str(), &st) != 0) {
      err = a + ": " + std::strerror(errno);
      return false;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!walk(a, excludes, files, err)) return false;
    } else if (!excluded(a, excludes)) {
      files.push_back(a);  // a file named explicitly is read whatever its extension
    }
  }
  files.shrink_to_fit();
  return true;
}

void json_str(std::string &out, const std::string &s) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

bool stderr_is_tty() { return isatty(2) != 0; }
bool stdout_is_tty() { return isatty(1) != 0; }

bool is_option(const std::string &arg, const char *name) {
  std::string n = name;
  return arg == n || arg.rfind(n + "=", 0) == 0;
}

bool option_value(int argc, char **argv, int &i, const char *name, std::string &out) {
  std::string a = argv[i];
  std::string n = name;
  if (a == n) {
    if (i + 1 >= argc) return false;
    out = argv[++i];
    return true;
  }
  if (a.rfind(n + "=", 0) == 0) {
    out = a.substr(n.size() + 1);
    return true;
  }
  return false;
}

}  // namespace cli
