#include "bench_util.hh"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

namespace isc::bench {

namespace {

using Json = nlohmann::ordered_json;

void tag_json(std::string &o, int i, bool valid) {
  std::string n = std::to_string(i);
  o += "      {\n";
  o += "        \"name\": \"v" + n + "\",\n";
  o += "        \"annotations\": {\n";
  o += "          \"description\": \"Build and run application " + n + "\",\n";
  o += "          \"tags\": \"builder,app\"\n";
  o += "        },\n";
  o += "        \"from\": {\n";
  o += "          \"kind\": \"DockerImage\",\n";
  o += "          \"name\": \"quay.io/example/app:" + n + ".0\"\n";
  o += "        },\n";
  o += "        \"importPolicy\": {\n";
  o += "          \"scheduled\": false\n";
  o += "        },\n";
  o += "        \"referencePolicy\": {\n";
  o += std::string("          \"type\": \"") + (valid ? "Source" : "Sometimes") + "\"\n";
  o += "        }\n";
  o += "      }";
}

void tag_yaml(std::string &o, int i, bool valid) {
  std::string n = std::to_string(i);
  o += "  - name: v" + n + "\n";
  o += "    annotations:\n";
  o += "      description: Build and run application " + n + "\n";
  o += "      tags: builder,app\n";
  o += "    from:\n";
  o += "      kind: DockerImage\n";
  o += "      name: quay.io/example/app:" + n + ".0\n";
  o += "    importPolicy:\n";
  o += "      scheduled: false\n";
  o += "    referencePolicy:\n";
  o += std::string("      type: ") + (valid ? "Source" : "Sometimes") + "\n";
}

void collect(Json &v, std::vector<Json> &out, const char *default_kind) {
  if (!v.is_object()) return;
  std::string kind;
  auto k = v.find("kind");
  if (k != v.end()) {
    if (!k->is_string()) return;
    kind = k->get<std::string>();
  } else if (default_kind) {
    kind = default_kind;
  }
  if (kind == "ImageStream") {
    if (k == v.end()) {  // ImageStreamList item
      Json w = Json::object();
      w["apiVersion"] = "image.openshift.io/v1";
      w["kind"] = "ImageStream";
      for (auto &m : v.items()) w[m.key()] = m.value();
      v = std::move(w);
    }
    auto a = v.find("apiVersion");
    if (a != v.end() && a->is_string() && a->get<std::string>() == "v1") *a = "image.openshift.io/v1";
    out.push_back(v);
  } else if (kind == "List" || kind == "ImageStreamList") {
    auto it = v.find("items");
    if (it != v.end() && it->is_array())
      for (auto &e : *it) collect(e, out, kind == "ImageStreamList" ? "ImageStream" : nullptr);
  } else if (kind == "Template") {
    auto it = v.find("objects");
    if (it != v.end() && it->is_array())
      for (auto &e : *it) collect(e, out, nullptr);
  }
}

// The ImageStreams of one file holding JSON values (concatenated values
// allowed); nothing when it does not parse.
void extract(const std::string &text, std::vector<Input> &out, const std::string &name) {
  std::vector<Json> found;
  size_t i = 0;
  while (true) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
    if (i >= text.size()) break;
    // Parse exactly one value: find its end with a SAX pass that stops at the
    // end of the first value.
    Json v;
    std::istringstream in(text.substr(i));
    try {
      in >> v;
    } catch (const std::exception &) {
      return;
    }
    std::streamoff used = in.tellg();
    collect(v, found, nullptr);
    if (used < 0) break;  // consumed everything
    i += static_cast<size_t>(used);
  }
  for (size_t k = 0; k < found.size(); ++k) {
    out.push_back(Input{name + "#" + std::to_string(k),
                        found[k].dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"});
  }
}

std::vector<std::string> json_files(const std::string &dir) {
  std::vector<std::string> files;
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".json") files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string env_or(const char *name, const char *fallback) {
  const char *v = std::getenv(name);
  return v && *v ? v : fallback;
}

}  // namespace

std::string read_file(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return {};
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::string synthetic_image_stream(int tags, bool valid, Format format) {
  std::string o;
  if (format == Format::Json) {
    o += "{\n  \"apiVersion\": \"image.openshift.io/v1\",\n  \"kind\": \"ImageStream\",\n";
    o += "  \"metadata\": {\n    \"name\": \"app\",\n    \"namespace\": \"demo\",\n";
    o += "    \"labels\": {\n      \"app\": \"demo\"\n    }\n  },\n";
    o += "  \"spec\": {\n    \"lookupPolicy\": {\n      \"local\": false\n    },\n    \"tags\": [\n";
    for (int i = 0; i < tags; ++i) {
      tag_json(o, i, valid);
      o += i + 1 < tags ? ",\n" : "\n";
    }
    o += "    ]\n  }\n}\n";
  } else {
    o += "apiVersion: image.openshift.io/v1\nkind: ImageStream\n";
    o += "metadata:\n  name: app\n  namespace: demo\n  labels:\n    app: demo\n";
    o += "spec:\n  lookupPolicy:\n    local: false\n  tags:\n";
    for (int i = 0; i < tags; ++i) tag_yaml(o, i, valid);
  }
  return o;
}

const std::string &corpus_dir() {
  static const std::string dir = [] {
    std::string d = env_or("ISC_BENCH_CORPUS", ISC_BENCH_CORPUS_DIR);
    std::error_code ec;
    return std::filesystem::is_directory(d, ec) ? d : std::string();
  }();
  return dir;
}

const std::vector<Input> &corpus_image_streams() {
  static const std::vector<Input> docs = [] {
    std::vector<Input> out;
    for (const auto &f : json_files(corpus_dir())) extract(read_file(f), out, f);
    return out;
  }();
  return docs;
}

const std::vector<Input> &sample_files() {
  static const std::vector<Input> files = [] {
    std::vector<Input> out;
    std::string dir = env_or("ISC_BENCH_SAMPLES", ISC_BENCH_SAMPLES_DIR);
    std::error_code ec;
    std::vector<std::string> names;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
      auto ext = it->path().extension();
      if (ext == ".json" || ext == ".yaml" || ext == ".yml") names.push_back(it->path().string());
    }
    std::sort(names.begin(), names.end());
    for (const auto &n : names) out.push_back(Input{n, read_file(n)});
    return out;
  }();
  return files;
}

const std::vector<Input> &sample_image_streams() {
  static const std::vector<Input> docs = [] {
    std::vector<Input> out;
    for (const auto &f : sample_files())
      if (f.name.size() > 5 && f.name.compare(f.name.size() - 5, 5, ".json") == 0) extract(f.bytes, out, f.name);
    return out;
  }();
  return docs;
}

std::string hostile_pull_spec(int shape, size_t n) {
  std::string s;
  s.reserve(n + 80);
  const char *unit = shape == 0 ? "a-" : shape == 1 ? "a." : shape == 2 ? "a__" : "a";
  while (s.size() < n) s += unit;
  if (shape == 0) s += "a!";
  if (shape == 1) s += "a/!";
  if (shape == 2) s += "a:";
  if (shape == 3) s += "@sha256:0123";
  return s;
}

}  // namespace isc::bench
