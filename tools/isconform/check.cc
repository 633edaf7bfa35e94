// `isconform check` and `isconform schema`.
#include <sys/stat.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli.hh"
#include "webhook.hh"

namespace cli {

namespace {

const char kCheckHelp[] =
    "usage: isconform check [options] PATH... | -\n"
    "\n"
    "Checks every ImageStream in the given JSON and YAML files (directories are\n"
    "searched recursively for *.json, *.yaml, *.yml and extension-less files that\n"
    "start like a manifest, such as image-references; - reads stdin) and reports\n"
    "what the OpenShift API server would answer, with file:line:column.\n"
    "\n"
    "options:\n"
    "  --operation OP            create (default), update or status-update\n"
    "  --old FILE                the stored object, for update and status-update\n"
    "  --patch FILE              a PATCH body applied to --old, checked as an update\n"
    "                            (--patch-type json|merge|strategic; see --patch --help)\n"
    "  --response, --kind KIND   check response bodies (ImageStreamList, Status, WatchEvent streams)\n"
    "  --no-request-checks       skip the store-level resourceVersion checks: required on\n"
    "                            updates, refused on create (to compare manifests rather\n"
    "                            than check a POST or PUT request)\n"
    "  --field-validation MODE   Strict (default, as oc and kubectl), Warn or Ignore:\n"
    "                            how unknown and duplicate fields are reported\n"
    "  --environment FILE        server environment (JSON or YAML): allowedRegistriesForImport,\n"
    "                            internalRegistryHostname, externalRegistryHostname,\n"
    "                            defaultImportMode, imageStreams\n"
    "  --config FILE             rule severities and policy rules (JSON or YAML); default: the\n"
    "                            nearest .isconform.yaml in the current directory or a parent\n"
    "  --no-config               do not look for .isconform.yaml\n"
    "  --closed-world            the server's view: streams that are not in the environment do\n"
    "                            not exist, and a missing namespace is an error unless\n"
    "                            --namespace is given. Default: open world: references to\n"
    "                            streams outside the environment and the checked files are\n"
    "                            warnings, objects without namespace get the namespace \"default\"\n"
    "  --namespace NS            namespace for objects without metadata.namespace (as oc -n)\n"
    "  --engine ENGINE           fast (default) or reference (valijson over nlohmann/json)\n"
    "  --limit NAME=VALUE        change a bound on hostile input (repeatable; docs/limits.md).\n"
    "                            NAME: document-bytes (default 3145728), depth (10000),\n"
    "                            string-bytes (1048576), tags (1000000), status-items\n"
    "                            (1000000), yaml-nodes (4000000), findings (1000, at least 2).\n"
    "                            VALUE: a positive whole number, optionally with a K, M or G\n"
    "                            suffix (powers of 1024). Exceeding one is an L1 error finding\n"
    "  --format FORMAT           text (default), json, sarif (SARIF 2.1.0 for code scanning)\n"
    "                            or junit (one test case per ImageStream)\n"
    "  --normalized              also print the object the server would persist\n"
    "  --exclude GLOB            skip matching paths (repeatable; * ? [] and **)\n"
    "  -j, --jobs N              worker threads (default: the number of cores)\n"
    "  --summary                 print a summary line (text)\n"
    "  -q, --quiet               print errors only (text)\n"
    "  --color, --no-color       force or disable colour (default: colour on a terminal)\n"
    "  -h, --help                show this help\n"
    "\n"
    "exit status: 0 every ImageStream is valid (warnings allowed), 1 some is invalid,\n"
    "2 usage or I/O error.\n";

struct CheckOptions {
  isc_operation op = ISC_OP_CREATE;
  std::string old_file;
  isc_field_validation fv = ISC_FIELD_VALIDATION_STRICT;
  std::string environment_file;
  std::string config_file;
  bool no_config = false;
  bool closed_world = false;
  bool request_checks = true;
  std::string ns;
  bool ns_set = false;
  isc_engine engine = ISC_ENGINE_FAST;
  OutputOptions out;
  int color = -1;  // -1 auto
  std::vector<std::string> excludes;
  unsigned jobs = 0;
  std::vector<std::string> paths;
  std::vector<std::pair<isc_limit, uint64_t>> limits;  // --limit, in order
};

// Parses "NAME=VALUE" of --limit; checks the value against the library's
// ranges. Returns an error message, or "" when it is good.
std::string parse_limit(const std::string &spec, std::pair<isc_limit, uint64_t> &out) {
  static const struct {
    const char *name;
    isc_limit limit;
  } kNames[] = {
      {"document-bytes", ISC_LIMIT_DOCUMENT_BYTES}, {"depth", ISC_LIMIT_DEPTH},
      {"string-bytes", ISC_LIMIT_STRING_BYTES},     {"tags", ISC_LIMIT_TAGS},
      {"status-items", ISC_LIMIT_STATUS_ITEMS},     {"yaml-nodes", ISC_LIMIT_YAML_NODES},
      {"findings", ISC_LIMIT_FINDINGS},
  };
  size_t eq = spec.find('=');
  std::string name = spec.substr(0, eq);
  bool found = false;
  for (const auto &n : kNames) {
    if (name == n.name) {
      out.first = n.limit;
      found = true;
    }
  }
  if (!found || eq == std::string::npos)
    return "--limit takes NAME=VALUE with NAME one of document-bytes, depth, string-bytes, tags, status-items, "
           "yaml-nodes, findings, not \"" + spec + "\"";
  std::string v = spec.substr(eq + 1);
  uint64_t mult = 1;
  if (!v.empty() && (v.back() == 'K' || v.back() == 'M' || v.back() == 'G')) {
    mult = v.back() == 'K' ? 1024u : v.back() == 'M' ? 1024u * 1024u : 1024u * 1024u * 1024u;
    v.pop_back();
  }
  char *end = nullptr;
  errno = 0;
  unsigned long long x = v.empty() || v[0] < '0' || v[0] > '9' ? 0 : std::strtoull(v.c_str(), &end, 10);
  bool bad = !end || *end || errno == ERANGE || x == 0 || x > UINT64_MAX / mult;
  isc_options *probe = nullptr;
  if (!bad && isc_options_new(&probe) == ISC_OK) {
    bad = isc_options_set_limit(probe, out.first, x * mult) != ISC_OK;
    isc_options_free(probe);
  }
  if (bad) return "--limit " + name + ": \"" + spec.substr(eq + 1) + "\" is not a valid value for this limit";
  out.second = x * mult;
  return {};
}

bool parse_field_validation(const std::string &s, isc_field_validation &out) {
  std::string l;
  for (char c : s) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (l == "strict" || l == "true") out = ISC_FIELD_VALIDATION_STRICT;
  else if (l == "warn") out = ISC_FIELD_VALIDATION_WARN;
  else if (l == "ignore" || l == "false") out = ISC_FIELD_VALIDATION_IGNORE;
  else return false;
  return true;
}

int usage_error(const std::string &msg) {
  std::fprintf(stderr, "isconform check: %s\nTry 'isconform check --help'.\n", msg.c_str());
  return kExitUsage;
}

int parse_check_args(int argc, char **argv, CheckOptions &o) {
  bool end_of_options = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    std::string v;
    if (end_of_options || a == "-" || a.empty() || a[0] != '-') {
      o.paths.push_back(a);
      continue;
    }
    if (a == "--") {
      end_of_options = true;
    } else if (a == "-h" || a == "--help") {
      std::fputs(kCheckHelp, stdout);
      return -1;
    } else if (is_option(a, "--operation")) {
      if (!option_value(argc, argv, i, "--operation", v)) return usage_error("--operation needs a value");
      if (v == "create") o.op = ISC_OP_CREATE;
      else if (v == "update") o.op = ISC_OP_UPDATE;
      else if (v == "status-update" || v == "status") o.op = ISC_OP_STATUS_UPDATE;
      else return usage_error("--operation must be create, update or status-update, not \"" + v + "\"");
    } else if (is_option(a, "--old")) {
      if (!option_value(argc, argv, i, "--old", o.old_file)) return usage_error("--old needs a file");
    } else if (is_option(a, "--field-validation")) {
      if (!option_value(argc, argv, i, "--field-validation", v)) return usage_error("--field-validation needs a value");
      if (!parse_field_validation(v, o.fv))
        return usage_error("--field-validation must be Strict, Warn or Ignore, not \"" + v + "\"");
    } else if (is_option(a, "--environment")) {
      if (!option_value(argc, argv, i, "--environment", o.environment_file)) return usage_error("--environment needs a file");
    } else if (is_option(a, "--config")) {
      if (!option_value(argc, argv, i, "--config", o.config_file)) return usage_error("--config needs a file");
    } else if (a == "--no-config") {
      o.no_config = true;
    } else if (a == "--no-request-checks") {
      o.request_checks = false;
    } else if (a == "--closed-world") {
      o.closed_world = true;
    } else if (a == "--open-world") {
      o.closed_world = false;
    } else if (is_option(a, "--namespace") || a == "-n") {
      if (a == "-n") {
        if (i + 1 >= argc) return usage_error("-n needs a namespace");
        o.ns = argv[++i];
      } else if (!option_value(argc, argv, i, "--namespace", o.ns)) {
        return usage_error("--namespace needs a value");
      }
      o.ns_set = true;
    } else if (is_option(a, "--engine")) {
      if (!option_value(argc, argv, i, "--engine", v)) return usage_error("--engine needs a value");
      if (v == "fast") o.engine = ISC_ENGINE_FAST;
      else if (v == "reference") o.engine = ISC_ENGINE_REFERENCE;
      else return usage_error("--engine must be fast or reference, not \"" + v + "\"");
    } else if (is_option(a, "--limit")) {
      if (!option_value(argc, argv, i, "--limit", v)) return usage_error("--limit needs NAME=VALUE");
      std::pair<isc_limit, uint64_t> l;
      std::string err = parse_limit(v, l);
      if (!err.empty()) return usage_error(err);
      o.limits.push_back(l);
    } else if (is_option(a, "--format") || a == "-o") {
      if (a == "-o") {
        if (i + 1 >= argc) return usage_error("-o needs a format");
        v = argv[++i];
      } else if (!option_value(argc, argv, i, "--format", v)) {
        return usage_error("--format needs a value");
      }
      if (v == "text") o.out.format = Format::Text;
      else if (v == "json") o.out.format = Format::Json;
      else if (v == "sarif") o.out.format = Format::Sarif;
      else if (v == "junit") o.out.format = Format::Junit;
      else return usage_error("--format must be text, json, sarif or junit, not \"" + v + "\"");
    } else if (a == "--normalized") {
      o.out.normalized = true;
    } else if (is_option(a, "--exclude")) {
      if (!option_value(argc, argv, i, "--exclude", v)) return usage_error("--exclude needs a glob");
      o.excludes.push_back(v);
    } else if (a == "-j" || is_option(a, "--jobs") || (a.size() > 2 && a.rfind("-j", 0) == 0)) {
      if (a == "-j") {
        if (i + 1 >= argc) return usage_error("-j needs a number");
        v = argv[++i];
      } else if (a.rfind("--jobs", 0) == 0) {
        if (!option_value(argc, argv, i, "--jobs", v)) return usage_error("--jobs needs a number");
      } else {
        v = a.substr(2);
      }
      char *end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (!end || *end || n < 1 || n > 1024) return usage_error("-j must be a number from 1 to 1024");
      o.jobs = static_cast<unsigned>(n);
    } else if (a == "--summary") {
      o.out.summary = true;
    } else if (a == "-q" || a == "--quiet") {
      o.out.quiet = true;
    } else if (a == "--color") {
      o.color = 1;
    } else if (a == "--no-color") {
      o.color = 0;
    } else {
      return usage_error("unknown option " + a);
    }
  }
  if (o.paths.empty()) return usage_error("no input: give files, directories or - for stdin");
  if (o.op != ISC_OP_CREATE && o.old_file.empty())
    return usage_error("--operation update and status-update need --old FILE (the stored object)");
  return 0;
}

// Converts one file report into results.
void collect(const isc_file_report *fr, const std::string &file, bool want_normalized, FileResult &out) {
  out.results.clear();
  out.documents = isc_file_report_documents(fr);
  out.skipped = isc_file_report_skipped(fr);
  out.needs_second_pass = false;
  for (size_t i = 0; i < isc_file_report_count(fr); ++i) {
    const isc_report *r = isc_file_report_at(fr, i);
    Result res;
    res.file = file;
    res.document = isc_report_document(r);
    res.object = isc_report_object(r);
    res.api_version = isc_report_api_version(r);
    res.kind = isc_report_kind(r);
    res.ns = isc_report_namespace(r);
    res.name = isc_report_name(r);
    res.valid = isc_report_valid(r) != 0;
    res.is_input_problem = res.kind != "ImageStream";
    for (size_t k = 0; k < isc_report_count(r); ++k) {
      const isc_finding *f = isc_report_at(r, k);
      Finding x{isc_finding_severity(f), isc_finding_field(f), isc_finding_type(f), isc_finding_message(f),
                isc_finding_rule(f), isc_finding_line(f), isc_finding_column(f)};
      if (x.rule == "W6") out.needs_second_pass = true;
      res.findings.push_back(std::move(x));
    }
    if (want_normalized) {
      size_t len = 0;
      if (const char *n = isc_report_normalized(r, &len)) res.normalized.assign(n, len);
    }
    out.results.push_back(std::move(res));
  }
}

struct Job {
  const isc_validator *v;
  isc_operation op;
  const std::string *old_doc;
  bool want_normalized;
};

void check_file(const Job &job, isc_file_report *fr, const std::string &file, FileResult &out) {
  out.file = file == "-" ? "<stdin>" : file;
  std::string buf, err;
  if (!read_file(file, buf, err)) {
    out.io_error = true;
    out.io_message = err;
    return;
  }
  isc_status st = isc_validate_file(job.v, job.op, buf.data(), buf.size(), ISC_FORMAT_AUTO,
                                    job.old_doc ? job.old_doc->data() : nullptr, job.old_doc ? job.old_doc->size() : 0,
                                    fr);
  if (st != ISC_OK) {
    out.io_error = true;
    out.io_message = std::string("internal error: ") + isc_status_str(st);
    return;
  }
  collect(fr, out.file, job.want_normalized, out);
#if defined(__GLIBC__)
  // A large file leaves free memory between blocks that live on; glibc keeps
  // it mapped, so peak RSS would creep up with each large file. Hand it back,
  // the input buffer included (a few of the corpus's files are this large;
  // after every file it costs more time than it saves memory).
  constexpr size_t kTrimAfter = size_t{64} << 10;  // bytes of input
  if (buf.size() >= kTrimAfter) {
    std::string().swap(buf);
    malloc_trim(0);
  }
#endif
}

// Runs check_file over `indexes` of `files` (every file when null) with n
// worker threads and hands each file's results to `done` (from the worker
// thread; it may be called concurrently). Every worker reuses one file report
// and one FileResult.
void run_parallel(const Job &job, const PathList &files, const std::vector<size_t> *indexes,
                  const std::function<void(size_t, FileResult &)> &done_file, unsigned n, bool progress) {
  const size_t count = indexes ? indexes->size() : files.size();
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<bool> finished{false};
  // A progress line on stderr for long runs on a terminal (never in pipes or CI logs).
  std::thread reporter;
  if (progress) {
    reporter = std::thread([&] {
      auto start = std::chrono::steady_clock::now();
      bool shown = false;
      while (!finished.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500)) continue;
        std::fprintf(stderr, "\r\033[Kisconform: %zu/%zu files", done.load(), count);
        shown = true;
      }
      if (shown) std::fprintf(stderr, "\r\033[K");
    });
  }
  auto worker = [&] {
    isc_file_report *fr = nullptr;
    if (isc_file_report_new(&fr) != ISC_OK) return;
    FileResult result;
    for (;;) {
      size_t k = next.fetch_add(1);
      if (k >= count) break;
      size_t i = indexes ? (*indexes)[k] : k;
      result = FileResult();
      check_file(job, fr, files[i], result);
      done_file(i, result);
      done.fetch_add(1);
    }
    isc_file_report_free(fr);
  };
  if (n <= 1 || count <= 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < n && t < count; ++t) threads.emplace_back(worker);
    for (auto &t : threads) t.join();
  }
  finished.store(true);
  if (reporter.joinable()) reporter.join();
}

// Writes each file's output as soon as every file before it is written, so
// memory does not grow with the number of files. A file that waits for the
// second pass holds back the files after it: their rendered output waits in
// memory up to kHeldInMemory (64 KiB), beyond that in a temporary file. Per
// file there is a 24-byte slot.
class OrderedOutput {
 public:
  OrderedOutput(const OutputOptions &o, size_t files) : w_(o), slots_(files) {
    std::string out;
    w_.begin(out);
    write(out);
  }
  ~OrderedOutput() {
    if (spill_) std::fclose(spill_);
  }
  OrderedOutput(const OrderedOutput &) = delete;
  OrderedOutput &operator=(const OrderedOutput &) = delete;

  // The final results of file i.
  void complete(size_t i, const FileResult &f) {
    std::string chunk;
    w_.render(f, chunk);
    std::lock_guard<std::mutex> lock(mu_);
    add_to_summary(summary_, f);
    Slot &slot = slots_[i];
    if (i == next_) {
      std::string out;
      w_.add(chunk, out);
      write(out);
      slot.state = kWritten;
      ++next_;
      flush();
      return;
    }
    if (chunk.empty()) {
      slot.state = kWritten;  // nothing to write: flush() steps over it
      return;
    }
    if (held_bytes_ + chunk.size() <= kHeldInMemory || !spill(chunk, slot)) {
      chunk.shrink_to_fit();  // it waits: keep no slack
      held_bytes_ += chunk.size();
      held_.emplace(i, std::move(chunk));
      slot.state = kInMemory;
    }
  }
  Summary finish() {
    std::lock_guard<std::mutex> lock(mu_);
    flush();
    std::string out;
    w_.end(summary_, out);
    write(out);
    std::fflush(stdout);
    return summary_;
  }

 private:
  static constexpr size_t kHeldInMemory = size_t{64} << 10;
  enum : uint8_t { kPending, kInMemory, kSpilled, kWritten };
  struct Slot {
    uint64_t offset = 0;  // kSpilled: where in the temporary file
    uint64_t size = 0;    // kSpilled: its length there
    uint8_t state = kPending;
  };
  bool spill(const std::string &chunk, Slot &slot) {
    if (!spill_ && !(spill_ = std::tmpfile())) return false;
    if (std::fseek(spill_, 0, SEEK_END) != 0) return false;
    const long at = std::ftell(spill_);
    if (at < 0 || std::fwrite(chunk.data(), 1, chunk.size(), spill_) != chunk.size()) return false;
    slot.state = kSpilled;
    slot.offset = static_cast<uint64_t>(at);
    slot.size = chunk.size();
    return true;
  }
  void flush() {
    std::string out, back;
    for (; next_ < slots_.size() && slots_[next_].state != kPending; ++next_) {
      Slot &slot = slots_[next_];
      if (slot.state == kSpilled) {
        back.resize(slot.size);
        if (std::fseek(spill_, static_cast<long>(slot.offset), SEEK_SET) != 0 ||
            std::fread(&back[0], 1, slot.size, spill_) != slot.size) {
          std::fprintf(stderr, "isconform check: cannot read back the temporary output file\n");
          back.clear();
        }
        w_.add(back, out);
      } else if (slot.state == kInMemory) {
        auto it = held_.find(next_);
        w_.add(it->second, out);
        held_bytes_ -= it->second.size();
        held_.erase(it);
      }
      slot.state = kWritten;
      if (out.size() > (64u << 10)) {
        write(out);
        out.clear();
      }
    }
    write(out);
  }
  static void write(const std::string &out) {
    if (!out.empty()) std::fwrite(out.data(), 1, out.size(), stdout);
  }
  std::mutex mu_;
  OutputWriter w_;
  std::vector<Slot> slots_;
  size_t next_ = 0;
  std::map<size_t, std::string> held_;  // in memory: chunks of files waiting for an earlier one
  size_t held_bytes_ = 0;                // their size
  std::FILE *spill_ = nullptr;
  Summary summary_;
};

isc_validator *make_validator(const CheckOptions &o, const std::string &env_doc,
                              const std::vector<std::pair<std::string, std::string>> &known, std::string &err) {
  isc_options *opts = nullptr;
  if (isc_options_new(&opts) != ISC_OK) {
    err = "out of memory";
    return nullptr;
  }
  std::unique_ptr<isc_options, void (*)(isc_options *)> guard(opts, isc_options_free);
  isc_options_set_field_validation(opts, o.fv);
  isc_options_set_engine(opts, o.engine);
  isc_options_set_world(opts, o.closed_world ? ISC_WORLD_CLOSED : ISC_WORLD_OPEN);
  isc_options_set_request_checks(opts, o.request_checks ? 1 : 0);
  for (const auto &l : o.limits) isc_options_set_limit(opts, l.first, l.second);
  if (!env_doc.empty()) {
    char buf[512];
    isc_status st = isc_options_set_environment_ex(opts, env_doc.data(), env_doc.size(), buf, sizeof buf);
    if (st != ISC_OK) {
      err = o.environment_file + ": " + (st == ISC_EPARSE ? std::string(buf) : isc_status_str(st));
      return nullptr;
    }
  }
  if (!o.config_file.empty() && !load_config_file(opts, o.config_file, err)) return nullptr;
  std::string ns = o.ns_set ? o.ns : (o.closed_world ? std::string() : std::string("default"));
  if (!ns.empty()) isc_options_set_default_namespace(opts, ns.c_str());
  for (const auto &k : known) isc_options_add_known_stream(opts, k.first.c_str(), k.second.c_str());
  isc_validator *v = nullptr;
  isc_status st = isc_validator_new(&v, opts);
  if (st != ISC_OK) {
    err = std::string("cannot create the validator: ") + isc_status_str(st);
    return nullptr;
  }
  return v;
}

}  // namespace

int cmd_check(int argc, char **argv) {
  if (request_mode(argc, argv)) return cmd_check_request(argc, argv);  // request.cc
  CheckOptions o;
  int rc = parse_check_args(argc, argv, o);
  if (rc < 0) return kExitValid;
  if (rc) return rc;
  o.out.color = o.color == -1 ? (stdout_is_tty() && o.out.format == Format::Text) : o.color == 1;

  std::string env_doc, old_doc, err;
  if (!o.environment_file.empty() && !read_file(o.environment_file, env_doc, err)) {
    std::fprintf(stderr, "isconform check: %s\n", err.c_str());
    return kExitUsage;
  }
  if (!o.old_file.empty() && !read_file(o.old_file, old_doc, err)) {
    std::fprintf(stderr, "isconform check: %s\n", err.c_str());
    return kExitUsage;
  }
  if (o.config_file.empty() && !o.no_config) o.config_file = find_config_file();
  PathList files;
  if (!expand_inputs(o.paths, o.excludes, files, err)) {
    std::fprintf(stderr, "isconform check: %s\n", err.c_str());
    return kExitUsage;
  }
  unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());

  isc_validator *v = make_validator(o, env_doc, {}, err);
  if (!v) {
    std::fprintf(stderr, "isconform check: %s\n", err.c_str());
    return kExitUsage;
  }
  // Open world: streams defined in the checked files exist. Files whose
  // references could not be resolved are checked again knowing them all.
  OrderedOutput output(o.out, files.size());
  std::mutex known_mu;
  std::set<std::pair<std::string, std::string>> known;
  std::vector<size_t> again;  // files for the second pass
  const std::string default_ns = o.ns_set ? o.ns : "default";
  Job job{v, o.op, o.old_file.empty() ? nullptr : &old_doc, o.out.normalized};
  bool progress = stderr_is_tty() && files.size() > 1;
  run_parallel(
      job, files, nullptr,
      [&](size_t i, FileResult &f) {
        if (!o.closed_world) {
          std::lock_guard<std::mutex> lock(known_mu);
          for (const auto &r : f.results) {
            if (!r.is_input_problem && !r.name.empty()) known.emplace(r.ns.empty() ? default_ns : r.ns, r.name);
          }
          if (f.needs_second_pass) {
            again.push_back(i);  // its slot stays open until the second pass
            return;
          }
        }
        output.complete(i, f);
      },
      jobs, progress);

  std::sort(again.begin(), again.end());  // input order, so the held output drains as they finish
  if (!again.empty()) {
    std::vector<std::pair<std::string, std::string>> k(known.begin(), known.end());
    isc_validator *v2 = make_validator(o, env_doc, k, err);
    if (!v2) {
      isc_validator_free(v);
      std::fprintf(stderr, "isconform check: %s\n", err.c_str());
      return kExitUsage;
    }
    Job job2{v2, o.op, job.old_doc, o.out.normalized};
    run_parallel(job2, files, &again, [&](size_t i, FileResult &f) { output.complete(i, f); }, jobs, progress);
    isc_validator_free(v2);
  }
  isc_validator_free(v);

  Summary s = output.finish();
  if (s.io_errors) return kExitUsage;
  return s.invalid ? kExitInvalid : kExitValid;
}

int cmd_schema(int argc, char **argv) {
  static const char kHelp[] =
      "usage: isconform schema [NAME]\n"
      "       isconform schema --list\n"
      "       isconform schema --export DIR\n"
      "\n"
      "Prints an embedded JSON Schema (draft-07). Without NAME prints ImageStream.\n"
      "--list names them all; --export writes them all as DIR/<NAME>.json, with\n"
      "relative $ref links, for editors (yaml-language-server).\n";
  std::string name = "ImageStream";
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kHelp, stdout);
      return kExitValid;
    }
    if (a == "--list") {
      for (size_t k = 0; k < isc_schema_count(); ++k) std::printf("%s\n", isc_schema_name(k));
      return kExitValid;
    }
    if (a == "--export") {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "isconform schema: --export needs a directory\n");
        return kExitUsage;
      }
      std::string dir = argv[++i];
      mkdir(dir.c_str(), 0777);
      for (size_t k = 0; k < isc_schema_count(); ++k) {
        size_t len = 0;
        const char *text = isc_schema_get(isc_schema_name(k), &len);
        std::string path = dir + "/" + isc_schema_name(k) + ".json";
        FILE *f = std::fopen(path.c_str(), "wb");
        if (!f || std::fwrite(text, 1, len, f) != len) {
          std::fprintf(stderr, "isconform schema: %s: %s\n", path.c_str(), std::strerror(errno));
          if (f) std::fclose(f);
          return kExitUsage;
        }
        std::fclose(f);
      }
      std::printf("wrote %zu schemas to %s\n", isc_schema_count(), dir.c_str());
      return kExitValid;
    }
    if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "isconform schema: unknown option %s\n", a.c_str());
      return kExitUsage;
    }
    name = a;
  }
  size_t len = 0;
  const char *text = isc_schema_get(name.c_str(), &len);
  if (!text) {
    std::fprintf(stderr, "isconform schema: no schema named \"%s\" (see isconform schema --list)\n", name.c_str());
    return kExitUsage;
  }
  std::fwrite(text, 1, len, stdout);
  return kExitValid;
}

}  // namespace cli
