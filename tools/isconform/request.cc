// isconform request METHOD PATH, and the request-level modes of
// isconform check: --patch FILE (a PATCH against --old) and --kind/--response
// (response bodies: ImageStreamList, Status, WatchEvent streams).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli.hh"

namespace cli {

namespace {

const char kRequestHelp[] =
    "usage: isconform request METHOD PATH [options]\n"
    "\n"
    "What the API server answers to a request on the ImageStream endpoints:\n"
    "the HTTP status and the response body (a Status, the object, a list or\n"
    "watch events).\n"
    "\n"
    "  METHOD                    GET, POST, PUT, PATCH or DELETE\n"
    "  PATH                      e.g. /apis/image.openshift.io/v1/namespaces/NS/imagestreams/NAME\n"
    "                            (a ?query suffix is read as --query)\n"
    "options:\n"
    "  --query Q                 the query string, e.g. 'dryRun=All&fieldValidation=Strict'\n"
    "  --body FILE               the request body (- for stdin)\n"
    "  --old FILE                the stored object (absent: no such object)\n"
    "  --content-type T          the Content-Type; for PATCH one of application/json-patch+json,\n"
    "                            application/merge-patch+json, application/strategic-merge-patch+json\n"
    "  --patch-type json|merge|strategic\n"
    "                            shorthand for the three PATCH content types\n"
    "  --environment FILE        the server's environment (see isconform check --help)\n"
    "  --format text|json        text: the status line, findings on stderr, then the body\n"
    "\n"
    "Exit status: 0 for a 2xx answer, 1 for an error answer, 2 on a usage or I/O error\n"
    "or a request isconform cannot answer.\n";

const char kCheckRequestHelp[] =
    "usage: isconform check --old OLD --patch FILE [--patch-type json|merge|strategic] [options]\n"
    "       isconform check --response|--kind KIND FILE...\n"
    "\n"
    "  --patch FILE              apply FILE as a PATCH body to --old and check the result as an update\n"
    "  --patch-type T            json (RFC 6902), merge (RFC 7386) or strategic (default, as kubectl patch)\n"
    "  --operation OP            update (default) or status-update\n"
    "  --field-validation M      Strict (default), Warn or Ignore\n"
    "  --environment FILE        the server's environment\n"
    "  --closed-world            references to streams not in the environment are errors\n"
    "  --no-request-checks       do not require metadata.resourceVersion in the stored object\n"
    "  --normalized              print the persisted object\n"
    "  --response                check response bodies, detecting the kind of each file\n"
    "  --kind KIND               check response bodies of this kind: ImageStream, ImageStreamList,\n"
    "                            Status or WatchEvent (one JSON object per line)\n"
    "  --format text|json|sarif|junit\n";

// Whether argv[i] is option `name`; a missing value sets `bad`.
bool take(int argc, char **argv, int &i, const char *name, std::string &out, bool &bad) {
  if (!is_option(argv[i], name)) return false;
  if (!option_value(argc, argv, i, name, out)) bad = true;
  return true;
}

int usage(const char *cmd, const std::string &msg) {
  std::fprintf(stderr, "isconform %s: %s\n", cmd, msg.c_str());
  return kExitUsage;
}

bool parse_format(const std::string &v, Format &f) {
  if (v == "text") f = Format::Text;
  else if (v == "json") f = Format::Json;
  else if (v == "sarif") f = Format::Sarif;
  else if (v == "junit") f = Format::Junit;
  else return false;
  return true;
}

void to_result(const isc_report *r, const std::string &file, bool normalized, Result &res) {
  res.file = file;
  res.document = isc_report_document(r);
  res.object = isc_report_object(r);
  res.api_version = isc_report_api_version(r);
  res.kind = isc_report_kind(r);
  res.ns = isc_report_namespace(r);
  res.name = isc_report_name(r);
  res.valid = isc_report_valid(r) != 0;
  for (size_t k = 0; k < isc_report_count(r); ++k) {
    const isc_finding *f = isc_report_at(r, k);
    res.findings.push_back(Finding{isc_finding_severity(f), isc_finding_field(f), isc_finding_type(f),
                                   isc_finding_message(f), isc_finding_rule(f), isc_finding_line(f),
                                   isc_finding_column(f)});
  }
  if (normalized) {
    size_t len = 0;
    if (const char *n = isc_report_normalized(r, &len)) res.normalized.assign(n, len);
  }
}

const char *reason_phrase(int code) {
  switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 500: return "Internal Server Error";
    default: return "";
  }
}

isc_validator *new_validator(isc_field_validation fv, bool closed, const std::string &env_file, const char *cmd,
                             bool request_checks = true) {
  isc_options *opts = nullptr;
  if (isc_options_new(&opts) != ISC_OK) return nullptr;
  isc_options_set_request_checks(opts, request_checks ? 1 : 0);
  isc_options_set_field_validation(opts, fv);
  isc_options_set_world(opts, closed ? ISC_WORLD_CLOSED : ISC_WORLD_OPEN);
  if (!env_file.empty()) {
    std::string env, err;
    if (!read_file(env_file, env, err)) {
      std::fprintf(stderr, "isconform %s: %s\n", cmd, err.c_str());
      isc_options_free(opts);
      return nullptr;
    }
    char buf[512];
    if (isc_options_set_environment_ex(opts, env.data(), env.size(), buf, sizeof buf) != ISC_OK) {
      std::fprintf(stderr, "isconform %s: %s: %s\n", cmd, env_file.c_str(), buf);
      isc_options_free(opts);
      return nullptr;
    }
  }
  isc_validator *v = nullptr;
  isc_validator_new(&v, opts);
  isc_options_free(opts);
  return v;
}

}  // namespace

bool request_mode(int argc, char **argv) {
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--") break;
    if (a == "--patch" || a.rfind("--patch=", 0) == 0 || a == "--kind" || a.rfind("--kind=", 0) == 0 ||
        a == "--response")
      return true;
  }
  return false;
}

int cmd_check_request(int argc, char **argv) {
  std::string old_file, patch_file, patch_type = "strategic", operation = "update", fv_s = "Strict", env_file, kind,
                                    format = "text";
  bool response = false, normalized = false, closed = false, bad = false, request_checks = true;
  std::vector<std::string> paths;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kCheckRequestHelp, stdout);
      return kExitValid;
    }
    if (take(argc, argv, i, "--old", old_file, bad) || take(argc, argv, i, "--patch", patch_file, bad) ||
        take(argc, argv, i, "--patch-type", patch_type, bad) || take(argc, argv, i, "--operation", operation, bad) ||
        take(argc, argv, i, "--field-validation", fv_s, bad) ||
        take(argc, argv, i, "--environment", env_file, bad) || take(argc, argv, i, "--kind", kind, bad) ||
        take(argc, argv, i, "--format", format, bad) || take(argc, argv, i, "-o", format, bad)) {
      if (bad) return usage("check", a + " needs a value");
      continue;
    }
    if (a == "--response") response = true;
    else if (a == "--normalized") normalized = true;
    else if (a == "--closed-world") closed = true;
    else if (a == "--no-request-checks") request_checks = false;
    else if (a == "--open-world") closed = false;
    else if (a == "--no-color" || a == "--color") continue;
    else if (a == "-" || a.empty() || a[0] != '-') paths.push_back(a);
    else return usage("check", "unknown option \"" + a + "\" with --patch/--kind/--response");
  }
  OutputOptions oo;
  if (!parse_format(format, oo.format)) return usage("check", "--format must be text, json, sarif or junit");
  oo.normalized = normalized;
  isc_field_validation fv;
  if (fv_s == "Strict" || fv_s == "strict") fv = ISC_FIELD_VALIDATION_STRICT;
  else if (fv_s == "Warn" || fv_s == "warn") fv = ISC_FIELD_VALIDATION_WARN;
  else if (fv_s == "Ignore" || fv_s == "ignore") fv = ISC_FIELD_VALIDATION_IGNORE;
  else return usage("check", "--field-validation must be Strict, Warn or Ignore");
  isc_validator *v = new_validator(fv, closed, env_file, "check", request_checks);
  if (!v) return kExitUsage;
  std::vector<FileResult> files;
  std::string err;
  if (!patch_file.empty()) {
    if (response || !kind.empty()) {
      isc_validator_free(v);
      return usage("check", "--patch and --kind/--response exclude each other");
    }
    if (old_file.empty() || !paths.empty()) {
      isc_validator_free(v);
      return usage("check", "--patch needs --old FILE (the stored object) and no other input");
    }
    isc_patch_type pt;
    if (patch_type == "json") pt = ISC_PATCH_JSON;
    else if (patch_type == "merge") pt = ISC_PATCH_MERGE;
    else if (patch_type == "strategic") pt = ISC_PATCH_STRATEGIC;
    else {
      isc_validator_free(v);
      return usage("check", "--patch-type must be json, merge or strategic");
    }
    isc_operation op;
    if (operation == "update") op = ISC_OP_UPDATE;
    else if (operation == "status-update") op = ISC_OP_STATUS_UPDATE;
    else {
      isc_validator_free(v);
      return usage("check", "--operation must be update or status-update with --patch");
    }
    std::string old_doc, patch;
    if (!read_file(old_file, old_doc, err) || !read_file(patch_file, patch, err)) {
      isc_validator_free(v);
      return usage("check", err);
    }
    isc_report *r = nullptr;
    isc_report_new(&r);
    isc_validate_patch(v, op, old_doc.data(), old_doc.size(), patch.data(), patch.size(), pt, r);
    FileResult fr;
    fr.file = patch_file;
    fr.documents = 1;
    Result res;
    to_result(r, patch_file, normalized, res);
    if (res.kind.empty()) res.kind = "ImageStream";
    fr.results.push_back(std::move(res));
    files.push_back(std::move(fr));
    isc_report_free(r);
  } else {
    if (paths.empty()) {
      isc_validator_free(v);
      return usage("check", "--kind/--response need a file (or - for stdin)");
    }
    if (!kind.empty() && kind != "ImageStream" && kind != "ImageStreamList" && kind != "Status" &&
        kind != "WatchEvent") {
      isc_validator_free(v);
      return usage("check", "--kind must be ImageStream, ImageStreamList, Status or WatchEvent");
    }
    isc_file_report *fr = nullptr;
    isc_file_report_new(&fr);
    for (const auto &p : paths) {
      FileResult out;
      out.file = p;
      std::string buf;
      if (!read_file(p, buf, err)) {
        out.io_error = true;
        out.io_message = err;
        files.push_back(std::move(out));
        continue;
      }
      isc_validate_response(v, kind.empty() ? nullptr : kind.c_str(), buf.data(), buf.size(), fr);
      out.documents = isc_file_report_documents(fr);
      for (size_t i = 0; i < isc_file_report_count(fr); ++i) {
        Result res;
        to_result(isc_file_report_at(fr, i), p, false, res);
        out.results.push_back(std::move(res));
      }
      files.push_back(std::move(out));
    }
    isc_file_report_free(fr);
  }
  isc_validator_free(v);
  std::string text;
  write_output(files, oo, text);
  std::fputs(text.c_str(), stdout);
  Summary s = summarize(files);
  if (s.io_errors) return kExitUsage;
  for (const auto &f : files) {
    for (const auto &r : f.results) {
      if (!r.valid) return kExitInvalid;
    }
  }
  return kExitValid;
}

int cmd_request(int argc, char **argv) {
  std::string query, body_file, old_file, content_type, patch_type, env_file, format = "text";
  std::vector<std::string> pos;
  bool bad = false;
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kRequestHelp, stdout);
      return kExitValid;
    }
    if (take(argc, argv, i, "--query", query, bad) || take(argc, argv, i, "--body", body_file, bad) ||
        take(argc, argv, i, "--old", old_file, bad) || take(argc, argv, i, "--content-type", content_type, bad) ||
        take(argc, argv, i, "--patch-type", patch_type, bad) || take(argc, argv, i, "--environment", env_file, bad) ||
        take(argc, argv, i, "--format", format, bad)) {
      if (bad) return usage("request", a + " needs a value");
      continue;
    }
    if (!a.empty() && a[0] == '-' && a != "-") return usage("request", "unknown option \"" + a + "\"");
    pos.push_back(a);
  }
  if (pos.size() != 2) return usage("request", "expected METHOD PATH (see isconform request --help)");
  if (format != "text" && format != "json") return usage("request", "--format must be text or json");
  if (!patch_type.empty()) {
    if (patch_type == "json") content_type = "application/json-patch+json";
    else if (patch_type == "merge") content_type = "application/merge-patch+json";
    else if (patch_type == "strategic") content_type = "application/strategic-merge-patch+json";
    else return usage("request", "--patch-type must be json, merge or strategic");
  }
  std::string body, old_doc, err;
  if (!body_file.empty() && !read_file(body_file, body, err)) return usage("request", err);
  if (!old_file.empty() && !read_file(old_file, old_doc, err)) return usage("request", err);
  isc_validator *v = new_validator(ISC_FIELD_VALIDATION_WARN, true, env_file, "request");
  if (!v) return kExitUsage;
  isc_report *r = nullptr;
  isc_report_new(&r);
  isc_status st = isc_validate_request(v, pos[0].c_str(), pos[1].c_str(), query.empty() ? nullptr : query.c_str(),
                                       content_type.empty() ? nullptr : content_type.c_str(),
                                       body_file.empty() ? nullptr : body.data(), body.size(),
                                       old_file.empty() ? nullptr : old_doc.data(), old_doc.size(), r);
  int code = isc_report_http_status(r);
  size_t blen = 0;
  const char *b = isc_report_http_body(r, &blen);
  std::string out;
  if (format == "json") {
    out = "{\"status\":" + std::to_string(code) + ",\"body\":";
    out += (b && blen) ? std::string(b, blen) : "null";
    out += ",\"findings\":[";
    for (size_t i = 0; i < isc_report_count(r); ++i) {
      const isc_finding *f = isc_report_at(r, i);
      if (i) out += ",";
      out += "{\"severity\":";
      out += isc_finding_severity(f) == ISC_SEVERITY_ERROR ? "\"error\"" : "\"warning\"";
      out += ",\"field\":";
      json_str(out, isc_finding_field(f));
      out += ",\"type\":";
      json_str(out, isc_finding_type(f));
      out += ",\"message\":";
      json_str(out, isc_finding_message(f));
      out += ",\"rule\":";
      json_str(out, isc_finding_rule(f));
      out += "}";
    }
    out += "]}\n";
    std::fputs(out.c_str(), stdout);
  } else {
    for (size_t i = 0; i < isc_report_count(r); ++i) {
      const isc_finding *f = isc_report_at(r, i);
      std::fprintf(stderr, "%s: %s [%s]\n", isc_finding_severity(f) == ISC_SEVERITY_ERROR ? "error" : "warning",
                   isc_finding_message(f), isc_finding_rule(f));
    }
    if (code) {
      std::printf("HTTP %d %s\n", code, reason_phrase(code));
      if (b && blen) std::printf("%.*s\n", static_cast<int>(blen), b);
    }
  }
  isc_report_free(r);
  isc_validator_free(v);
  if (st != ISC_OK) return usage("request", isc_status_str(st));
  if (code == 0) {
    if (format == "text") std::fputs("isconform request: no answer: isconform cannot model this request\n", stderr);
    return kExitUsage;
  }
  return code >= 200 && code < 300 ? kExitValid : kExitInvalid;
}

}  // namespace cli
