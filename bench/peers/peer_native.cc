// Native peers of bench/peers/run.sh, timed with the protocol every driver
// follows (see bench/peers/README section of bench/README.md):
//   load every document of DOCS_DIR into memory; warm up; then time rounds
//   over all documents until --budget seconds have passed (at least
//   --min-rounds rounds); print one JSON line with, per round, the wall and
//   CPU time per document in nanoseconds.
//
// Usage: peer_native PEER DOCS_DIR [--schemas DIR] [--budget S] [--min-rounds N]
//   simdjson       simdjson DOM parse of the bytes (the floor)
//   valijson       nlohmann/json parse + valijson (draft-07, the embedded schemas
//                  without `format`, which no peer asserts)
//   isc-decode     isconform's JSON parser alone (the Decode stage: text -> Doc tape)
//   isc-fast       isc_validate, fast engine, reused report
//   isc-reference  isc_validate, reference engine (n/a when it cannot be created)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <simdjson.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "isconform/isconform.h"
#include "json/doc.hh"
#include "json/parser.hh"

namespace {

std::string read_file(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::vector<std::string> files_in(const std::string &dir, const char *ext) {
  std::vector<std::string> out;
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

double cpu_now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

double wall_now_ns() {
  return static_cast<double>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

void print_na(const std::string &peer, const std::string &why) {
  nlohmann::json j = {{"peer", peer}, {"na", why}};
  std::printf("%s\n", j.dump().c_str());
}

// Runs `round` (validates every document once, returns the number valid).
// With `exact` > 0: exactly that many rounds, untimed and without warm-up, for
// counting instructions under callgrind (bench/peers/instructions.sh).
int measure(const std::string &peer, size_t docs, double budget_s, int min_rounds, int exact,
            const std::function<size_t()> &round) {
  if (exact > 0) {
    size_t valid = 0;
    for (int i = 0; i < exact; ++i) valid = round();
    nlohmann::json j = {{"peer", peer}, {"docs", docs}, {"valid", valid}, {"rounds", exact}};
    std::printf("%s\n", j.dump().c_str());
    return 0;
  }
  size_t valid = round();  // warm-up
  double warm_end = wall_now_ns() + 0.2e9;
  while (wall_now_ns() < warm_end) round();
  std::vector<double> wall, cpu;
  double start = wall_now_ns();
  while (static_cast<int>(wall.size()) < min_rounds || wall_now_ns() - start < budget_s * 1e9) {
    double w0 = wall_now_ns(), c0 = cpu_now_ns();
    size_t v = round();
    double w1 = wall_now_ns(), c1 = cpu_now_ns();
    if (v != valid) {
      std::fprintf(stderr, "%s: not deterministic (%zu then %zu valid)\n", peer.c_str(), valid, v);
      return 1;
    }
    wall.push_back((w1 - w0) / static_cast<double>(docs));
    cpu.push_back((c1 - c0) / static_cast<double>(docs));
    if (wall.size() >= 10000) break;
  }
  nlohmann::json j = {{"peer", peer}, {"docs", docs}, {"valid", valid}, {"wall_ns", wall}, {"cpu_ns", cpu}};
  std::printf("%s\n", j.dump().c_str());
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s simdjson|valijson|isc-decode|isc-fast|isc-reference DOCS_DIR [--schemas DIR] "
                         "[--budget S] [--min-rounds N] [--exact-rounds N]\n", argv[0]);
    return 2;
  }
  std::string peer = argv[1], docs_dir = argv[2], schemas_dir;
  double budget = 1.0;
  int min_rounds = 5;
  int exact = 0;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--schemas")) schemas_dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--budget")) budget = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--min-rounds")) min_rounds = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--exact-rounds")) exact = std::atoi(argv[i + 1]);
  }
  std::vector<std::string> docs;
  for (const auto &f : files_in(docs_dir, ".json")) docs.push_back(read_file(f));
  if (docs.empty()) {
    std::fprintf(stderr, "no *.json document in %s\n", docs_dir.c_str());
    return 2;
  }

  if (peer == "simdjson") {
    std::vector<simdjson::padded_string> padded;
    for (const auto &d : docs) padded.emplace_back(d);
    simdjson::dom::parser parser;
    return measure(peer, docs.size(), budget, min_rounds, exact, [&] {
      size_t ok = 0;
      for (const auto &p : padded) {
        simdjson::dom::element e;
        if (parser.parse(p).get(e) == simdjson::SUCCESS) ++ok;
      }
      return ok;
    });
  }

  if (peer == "valijson") {
    using Json = nlohmann::json;
    using Adapter = valijson::adapters::NlohmannJsonAdapter;
    if (schemas_dir.empty()) {
      std::fprintf(stderr, "valijson needs --schemas DIR\n");
      return 2;
    }
    // `format` is not asserted by any peer (draft-07 makes it optional; ajv,
    // python-jsonschema and sourcemeta skip it by default). valijson 1.0
    // would assert date-time with a std::regex built per string: the keyword
    // is dropped so that it checks what the others check.
    std::function<void(Json &)> drop_format = [&](Json &j) {
      if (j.is_object()) {
        auto it = j.find("format");
        if (it != j.end() && it->is_string()) j.erase(it);
        for (auto &m : j.items()) drop_format(m.value());
      } else if (j.is_array()) {
        for (auto &e : j) drop_format(e);
      }
    };
    std::map<std::string, Json> schema_docs;
    for (const auto &f : files_in(schemas_dir, ".json")) {
      Json j = Json::parse(read_file(f));
      drop_format(j);
      schema_docs[std::filesystem::path(f).filename().string()] = std::move(j);
    }
    valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    // Relative references ("ObjectMeta.json") reach fetchDoc as written.
    auto fetch = [&](const std::string &uri) -> const Json * {
      auto it = schema_docs.find(uri);
      return it == schema_docs.end() ? nullptr : &it->second;
    };
    auto release = [](const Json *) {};
    try {
      parser.populateSchema(Adapter(schema_docs.at("ImageStream.json")), schema, fetch, release);
    } catch (const std::exception &e) {
      print_na(peer, std::string("cannot compile the schemas: ") + e.what());
      return 0;
    }
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    return measure(peer, docs.size(), budget, min_rounds, exact, [&] {
      size_t ok = 0;
      for (const auto &d : docs) {
        Json j = Json::parse(d, nullptr, false);
        if (j.is_discarded()) continue;
        if (validator.validate(schema, Adapter(j), nullptr)) ++ok;
      }
      return ok;
    });
  }

  if (peer == "isc-decode") {
    isc::detail::Doc doc;
    isc::detail::JsonError err;
    return measure(peer, docs.size(), budget, min_rounds, exact, [&] {
      size_t ok = 0;
      for (const auto &d : docs) {
        doc.clear();
        if (isc::detail::parse_json_document(d, doc, err)) ++ok;
      }
      return ok;
    });
  }

  if (peer == "isc-fast" || peer == "isc-reference") {
    isc_options *o = nullptr;
    isc_options_new(&o);
    isc_options_set_engine(o, peer == "isc-fast" ? ISC_ENGINE_FAST : ISC_ENGINE_REFERENCE);
    // The CLI's defaults: open world, namespace "default" for objects without one.
    isc_options_set_world(o, ISC_WORLD_OPEN);
    isc_options_set_default_namespace(o, "default");
    isc_validator *v = nullptr;
    isc_status st = isc_validator_new(&v, o);
    isc_options_free(o);
    if (st != ISC_OK) {
      print_na(peer, std::string("isc_validator_new: ") + isc_status_str(st));
      return 0;
    }
    isc_report *r = nullptr;
    isc_report_new(&r);
    int rc = measure(peer, docs.size(), budget, min_rounds, exact, [&] {
      size_t ok = 0;
      for (const auto &d : docs) {
        isc_validate(v, ISC_OP_CREATE, d.data(), d.size(), nullptr, 0, r);
        ok += static_cast<size_t>(isc_report_valid(r));
      }
      return ok;
    });
    isc_report_free(r);
    isc_validator_free(v);
    return rc;
  }

  std::fprintf(stderr, "unknown peer %s\n", peer.c_str());
  return 2;
}
