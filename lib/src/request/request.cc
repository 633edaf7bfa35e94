#include "request/request.hh"

#include <algorithm>  // min, find
#include <cctype>     // tolower
#include <cstdio>     // snprintf

#include "core/operations.hh"
#include "core/status.hh"
#include "core/validate.hh"
#include "decode/build.hh"
#include "decode/structural.hh"
#include "json/parser.hh"
#include "json/utf8.hh"
#include "rules/messages.hh"
#include "util/goquote.hh"

namespace isc::detail {

namespace {

constexpr const char kGroup[] = "image.openshift.io";
constexpr const char kResource[] = "imagestreams";
constexpr const char kNotFoundRoute[] = "the server could not find the requested resource";
constexpr const char kNotAllowed[] = "the server does not allow this method on the requested resource";

uint32_t patch_depth(const isc_validator &v) { return std::min<uint32_t>(v.opts.limits.max_depth, 1000); }

// The stored object as the server encodes it (v1 defaults applied, spec and
// status tags sorted by name, fields in the Go types' order): the document
// patches apply to and reads return. False (with `err`) when it does not
// decode as an ImageStream.
bool persisted_value(const isc_validator &v, const Doc &d, uint32_t node, JValue &out, std::string &err) {
  StructuralOptions so;
  so.check_unknown = false;
  so.check_duplicates = false;
  so.check_required = false;
  DecodeResult dr;
  StructuralScratch scratch;
  check_structure(d, node, v.model->image_stream(), so, dr, scratch);
  if (dr.fatal()) {
    err = "the stored object (old document) cannot be decoded: " + (dr.has_immediate ? dr.immediate : dr.type).message;
    return false;
  }
  ImageStream is;
  build_image_stream(d, node, is);
  apply_v1_defaults(is, v.opts.env->default_import_mode);
  is.to_internal();
  std::string enc;
  render_persisted(is, enc);
  Doc pd;
  JsonError je;
  JsonLimits jl;
  jl.max_depth = v.opts.limits.max_depth;
  if (!parse_json_document(enc, pd, je, jl) || !from_doc(pd, pd.root, out, patch_depth(v))) {
    err = "the stored object is nested more deeply than isconform's limit";
    return false;
  }
  return true;
}

void answer(isc_report &r, const StatusBody &s) {
  r.http_status = s.code;
  r.http_body.clear();
  render_status_body(s, r.http_body);
}

StatusBody simple(int code, const char *reason, std::string message) {
  StatusBody s;
  s.code = code;
  s.reason = reason;
  s.message = std::move(message);
  return s;
}

// An earlier stage of the server fails: what later stages found is never
// reported. Decoding warnings (fieldValidation=Warn) stay: they were sent.
void preempt(isc_report &r) {
  size_t out = 0;
  for (size_t i = 0; i < r.count; ++i) {
    isc_finding &f = r.findings[i];
    if (f.severity == ISC_SEVERITY_WARNING && is_decoding_type(f.type)) {
      if (out != i) std::swap(r.findings[out], r.findings[i]);
      ++out;
    }
  }
  r.count = out;
  r.has_error = false;
  r.normalized_ok = false;
  r.generations.clear();
}

void refuse(isc_report &r, const StatusBody &s, std::string_view field, const char *type, const char *rule,
            bool drop_others = true) {
  if (drop_others) preempt(r);
  r.add(ISC_SEVERITY_ERROR, field, type, s.message, rule, kNoPos, nullptr);
  answer(r, s);
}

StatusBody not_found_object(std::string_view name) {
  StatusBody s = simple(404, "NotFound", std::string(kResource) + "." + kGroup + " " + go_quote(name) + " not found");
  s.details = true;
  s.name.assign(name);
  s.group = kGroup;
  s.kind = kResource;
  return s;
}

StatusBody conflict(std::string_view name) {
  StatusBody s = simple(409, "Conflict",
                        std::string("Operation cannot be fulfilled on ") + kResource + "." + kGroup + " " +
                            go_quote(name) +
                            ": the object has been modified; please apply your changes to the latest version and try "
                            "again");
  s.details = true;
  s.name.assign(name);
  s.group = kGroup;
  s.kind = kResource;
  return s;
}

// The server's answer for the findings of a validated write: the Status of
// core/status.cc (400 decoding, 422 invalid, 500 storage) or success.
void answer_from_findings(isc_report &r, std::string_view body, int success_code) {
  std::string out;
  int code = render_status(r, body, out);
  if (code == 0) {
    r.http_status = success_code;
    r.http_body.clear();
    if (r.normalized_ok) {
      if (!r.normalized_done) {
        r.normalized.clear();
        render_persisted(r.ws->is, r.normalized);
        r.normalized_done = true;
      }
      r.http_body = r.normalized;
    }
    return;
  }
  r.http_status = code;
  r.http_body = std::move(out);
}

bool has_decoding_error(const isc_report &r) {
  for (size_t i = 0; i < r.count; ++i) {
    const isc_finding &f = r.findings[i];
    if (f.severity == ISC_SEVERITY_ERROR && is_decoding_type(f.type) && std::string_view(f.type) != "BadRequest")
      return true;
  }
  return false;
}

std::string_view meta_string(const JValue &obj, const char *key) {
  const JValue *m = obj.find("metadata");
  if (!m || !m->is_object()) return {};
  const JValue *v = m->find(key);
  return v && v->is_string() ? std::string_view(v->s) : std::string_view();
}

std::string rv_error(std::string_view rv) {
  bool digits = !rv.empty();
  for (char c : rv) digits = digits && c >= '0' && c <= '9';
  return "strconv.ParseUint: parsing " + go_quote(rv) + (digits ? ": value out of range" : ": invalid syntax");
}

// The store's resourceVersion preconditions (spec §1.3.1): a version that is
// not a number is the storage layer's 500, a different one is 409. Empty
// versions are left to the validation (M12, 422). Returns false when the
// request is refused.
bool check_versions(std::string_view sent, std::string_view stored, std::string_view name, isc_report &r) {
  if (sent.empty()) return true;
  uint64_t a = 0, b = 0;
  if (!parse_resource_version(sent, a)) {
    refuse(r, simple(500, "", rv_error(sent)), "metadata.resourceVersion", "InternalError", "H4");
    return false;
  }
  if (a == 0 || stored.empty() || !parse_resource_version(stored, b)) return true;
  if (a != b) {
    refuse(r, conflict(name), "metadata.resourceVersion", "Conflict", "H4");
    return false;
  }
  return true;
}

// handlers/rest.go checkName and rest.EnsureObjectNamespaceMatchesRequestNamespace.
bool check_namespace(std::string_view body_ns, std::string_view url_ns, isc_report &r) {
  if (!body_ns.empty() && body_ns != url_ns) {
    refuse(r,
           simple(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request"),
           "metadata.namespace", "BadRequest", "H3");
    return false;
  }
  return true;
}

bool check_name(std::string_view body_name, std::string_view url_name, isc_report &r) {
  if (body_name != url_name) {
    refuse(r,
           simple(400, "BadRequest",
                  "the name of the object (" + std::string(body_name) + ") does not match the name on the URL (" +
                      std::string(url_name) + ")"),
           "metadata.name", "BadRequest", "H3");
    return false;
  }
  return true;
}

}  // namespace

void render_status_body(const StatusBody &s, std::string &out) {
  out += "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"";
  out += s.success ? "Success" : "Failure";
  out.push_back('"');
  if (!s.message.empty()) {
    out += ",\"message\":";
    append_json_string(out, s.message, true);
  }
  if (!s.reason.empty()) {
    out += ",\"reason\":";
    append_json_string(out, s.reason, true);
  }
  if (s.details) {
    out += ",\"details\":{";
    bool first = true;
    auto member = [&](const char *k, const std::string &v) {
      if (v.empty()) return;
      if (!first) out.push_back(',');
      first = false;
      out += "\"";
      out += k;
      out += "\":";
      append_json_string(out, v, true);
    };
    member("name", s.name);
    member("group", s.group);
    member("kind", s.kind);
    member("uid", s.uid);
    if (!s.causes.empty()) {
      if (!first) out.push_back(',');
      out += "\"causes\":[";
      for (size_t i = 0; i < s.causes.size(); ++i) {
        if (i) out.push_back(',');
        out += "{\"reason\":";
        append_json_string(out, s.causes[i].reason, true);
        if (!s.causes[i].message.empty()) {
          out += ",\"message\":";
          append_json_string(out, s.causes[i].message, true);
        }
        if (!s.causes[i].field.empty()) {
          out += ",\"field\":";
          append_json_string(out, s.causes[i].field, true);
        }
        out.push_back('}');
      }
      out.push_back(']');
    }
    out.push_back('}');
  }
  if (s.code) out += ",\"code\":" + std::to_string(s.code);
  out.push_back('}');
}

// ---------------------------------------------------------------------------
// PATCH
// ---------------------------------------------------------------------------

void validate_patch(const isc_validator &v, isc_operation op, std::string_view old_src, std::string_view patch,
                    PatchKind kind, isc_field_validation mode, const PatchUrl *url, isc_report &r) {
  Workspace &ws = *r.ws;
  ws.doc.clear();
  ws.old_doc.clear();
  ws.is.clear();
  ws.old_is.clear();
  ws.yaml_loader.recycle(ws.yaml);
  ws.yaml_loader.recycle(ws.old_yaml);
  const Limits &limits = v.opts.limits;
  if (patch.size() > limits.max_document_bytes || old_src.size() > limits.max_document_bytes) {
    r.add(ISC_SEVERITY_ERROR, "", "BadRequest",
          "the " + std::string(patch.size() > limits.max_document_bytes ? "patch" : "stored object") + " exceeds the limit of " +
              std::to_string(limits.max_document_bytes) + " bytes (the API server's request size limit)",
          "L1", kNoPos, nullptr);
    return;
  }
  // The stored object.
  ws.old_src.assign(old_src);
  ParsedDocument old_parsed;
  if (!parse_document(ws.old_src, ws.old_doc, ws.old_yaml, old_parsed, limits, &ws.yaml_loader)) {
    r.add(ISC_SEVERITY_ERROR, "", "BadRequest",
          "the stored object (old document) is not valid JSON or YAML: " + old_parsed.error, "U1", kNoPos, nullptr);
    return;
  }
  const Doc &od = *old_parsed.doc;
  JValue original;
  if (od.nodes[od.root].type != NodeType::Object) {
    r.add(ISC_SEVERITY_ERROR, "", "BadRequest", "the stored object (old document) is not a JSON object", "U1", kNoPos,
          nullptr);
    return;
  }
  {
    std::string err;
    if (!persisted_value(v, od, od.root, original, err)) {
      r.add(ISC_SEVERITY_ERROR, "", "BadRequest", err, "U1", kNoPos, nullptr);
      return;
    }
  }
  // The patch.
  PatchResult pr = apply_patch(kind, original, patch, mode, patch_depth(v));
  r.name.assign(url ? url->name : meta_string(original, "name"));
  r.namespace_.assign(url ? url->ns : meta_string(original, "namespace"));
  if (!pr.ok) {
    StatusBody s = simple(pr.failure.code, "", pr.failure.message);
    s.reason = pr.failure.reason;
    s.details = pr.failure.empty_details;
    const char *type = pr.failure.code == 400 || pr.failure.code == 413 ? "BadRequest"
                       : pr.failure.code == 422                         ? "Invalid"
                                                                        : "InternalError";
    r.add(ISC_SEVERITY_ERROR, "", type, pr.failure.detail, "H6", kNoPos, nullptr);
    answer(r, s);
    return;
  }
  // Patch-level strict errors (duplicate fields, unknown JSON Patch members).
  for (const std::string &m : pr.strict_errors) {
    bool dup = m.find("duplicate field") != std::string::npos;
    if (mode == ISC_FIELD_VALIDATION_STRICT)
      r.add(ISC_SEVERITY_ERROR, "patch", dup ? "DuplicateField" : "UnknownField", m, dup ? "D4" : "D3", kNoPos, nullptr);
    else if (mode == ISC_FIELD_VALIDATION_WARN)
      r.add(ISC_SEVERITY_WARNING, "patch", dup ? "DuplicateField" : "UnknownField", m, dup ? "D4" : "D3", kNoPos,
            nullptr);
  }
  // The typed decoding fills apiVersion and kind the result lacks.
  JValue &res = pr.result;
  if (res.is_object()) {
    if (!res.find("apiVersion") || res.find("apiVersion")->is_null()) res.set("apiVersion", JValue::string("image.openshift.io/v1"));
    if (!res.find("kind") || res.find("kind")->is_null()) res.set("kind", JValue::string("ImageStream"));
  }
  ws.src.clear();
  to_json(res, ws.src);
  ws.doc.clear();
  JsonError je;
  JsonLimits jl;
  jl.max_depth = limits.max_depth;
  if (ws.src.size() > limits.max_document_bytes || !parse_json_document(ws.src, ws.doc, je, jl)) {
    r.add(ISC_SEVERITY_ERROR, "", "BadRequest", "the patched object exceeds isconform's limits", "L1", kNoPos, nullptr);
    return;
  }
  // Decode and validate the result as the operation.
  isc_validator local = v;
  local.opts.field_validation = mode;
  if (url) local.opts.request_checks = true;
  ObjectInput in;
  in.doc = &ws.doc;
  in.node = ws.doc.root;
  if (url) in.default_namespace = url->ns;
  OldInput old;
  old.doc = old_parsed.doc;
  old.node = old_parsed.doc->root;
  size_t before = r.count;
  validate_object(local, op, in, old, r);
  for (size_t i = before; i < r.count; ++i) {
    r.findings[i].doc = nullptr;
    r.findings[i].pos = kNoPos;
  }
  if (url) r.name.assign(url->name);
  // The server's answer, stage by stage.
  std::string patched_repr = kind == PatchKind::Strategic ? pr.patch_repr : ws.src;
  auto patch_invalid = [&](const std::string &err) {
    StatusBody s = simple(422, "Invalid", "");
    std::string body = std::string(msg::kInvalidValue) + ": " + go_quote(patched_repr) + ": " + err;
    s.message = " \"\" is invalid: patch: " + body;
    s.details = true;
    s.causes.push_back({"FieldValueInvalid", body, "patch"});
    answer(r, s);
  };
  const isc_finding *type_error = nullptr;
  std::vector<std::string> strict;
  for (size_t i = 0; i < r.count; ++i) {
    const isc_finding &f = r.findings[i];
    if (f.severity != ISC_SEVERITY_ERROR) continue;
    std::string_view t = f.type;
    if (t == "TypeError" && !type_error) type_error = &f;
    if (t == "UnknownField" || t == "DuplicateField") strict.push_back(f.message);
  }
  if (type_error) {
    patch_invalid(type_error->message);
    return;
  }
  if (!strict.empty()) {
    std::string m = "strict decoding error: ";
    for (size_t i = 0; i < strict.size(); ++i) m += (i ? ", " : "") + strict[i];
    patch_invalid(m);
    return;
  }
  if (has_decoding_error(r)) {
    answer_from_findings(r, ws.src, 200);
    return;
  }
  if (url && res.is_object()) {
    if (!check_namespace(meta_string(res, "namespace"), url->ns, r)) return;
    if (!check_name(meta_string(res, "name"), url->name, r)) return;
  }
  if (res.is_object() &&
      !check_versions(meta_string(res, "resourceVersion"), meta_string(original, "resourceVersion"),
                      url ? url->name : meta_string(res, "name"), r))
    return;
  answer_from_findings(r, ws.src, 200);
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unescape(std::string_view s, bool plus, std::string &out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return false;
      int a = hex(s[i + 1]);
      int b = hex(s[i + 2]);
      if (a < 0 || b < 0) return false;
      out.push_back(static_cast<char>(a * 16 + b));
      i += 2;
    } else if (plus && c == '+') {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

struct Query {
  std::vector<std::pair<std::string, std::string>> kv;
  [[nodiscard]] bool has(std::string_view k) const {
    for (const auto &p : kv) {
      if (p.first == k) return true;
    }
    return false;
  }
  [[nodiscard]] std::vector<std::string> all(std::string_view k) const {
    std::vector<std::string> out;
    for (const auto &p : kv) {
      if (p.first == k) out.push_back(p.second);
    }
    return out;
  }
  [[nodiscard]] std::string first(std::string_view k) const {
    for (const auto &p : kv) {
      if (p.first == k) return p.second;
    }
    return {};
  }
};

// url.ParseQuery as Request.URL.Query() uses it: malformed pairs are dropped.
Query parse_query(std::string_view q) {
  Query out;
  size_t start = 0;
  while (start <= q.size()) {
    size_t amp = q.find('&', start);
    std::string_view part = q.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!part.empty() && part.find(';') == std::string_view::npos) {
      size_t eq = part.find('=');
      std::string k, v;
      bool ok = unescape(part.substr(0, eq), true, k);
      if (ok && eq != std::string_view::npos) ok = unescape(part.substr(eq + 1), true, v);
      if (ok) out.kv.emplace_back(std::move(k), std::move(v));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return out;
}

// Lenient boolean of the parameter codec: anything but "", "0", "f", "false" is true.
bool query_bool(const Query &q, std::string_view k) {
  if (!q.has(k)) return false;
  std::string v = q.first(k);
  std::string l;
  for (char c : v) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return !(l.empty() || l == "0" || l == "f" || l == "false");
}

struct OptError {
  std::string field;
  const char *type;  // Required, Invalid, NotSupported, Forbidden, TooLong
  std::string body;
};

void check_field_manager(const Query &q, std::vector<OptError> &errs) {
  std::string fm = q.first("fieldManager");
  if (fm.size() > 128) errs.push_back({"fieldManager", "TooLong", "Too long: may not be more than 128 bytes"});
  const auto *p = reinterpret_cast<const unsigned char *>(fm.data());
  for (size_t i = 0; i < fm.size();) {
    uint32_t cp = 0xFFFD;  // invalid UTF-8 ranges as U+FFFD, as Go's range loop does
    size_t w = p[i] < 0x80 ? 1 : utf8_valid_seq(p + i, fm.size() - i);
    if (w == 0) {
      w = 1;
    } else if (w == 1) {
      cp = p[i];
    } else {
      cp = p[i] & (0xFF >> (w + 1));
      for (size_t k = 1; k < w; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    i += w;
    if (!go_is_print(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", cp);
      errs.push_back({"fieldManager", "Invalid",
                      std::string(msg::kInvalidValue) + ": " + go_quote(fm) + ": invalid character " + buf});
    }
  }
}

void check_dry_run(const std::vector<std::string> &values, std::vector<OptError> &errs) {
  bool ok = true;
  for (const auto &d : values) ok = ok && d == "All";
  if (ok) return;
  std::string arr = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) arr.push_back(',');
    append_json_string(arr, values[i], true);
  }
  arr.push_back(']');
  errs.push_back({"dryRun", "NotSupported", "Unsupported value: " + arr + ": supported values: \"All\""});
}

bool check_field_validation(const Query &q, std::vector<OptError> &errs, isc_field_validation &mode) {
  std::string fv = q.first("fieldValidation");
  if (fv.empty() || fv == "Warn") mode = ISC_FIELD_VALIDATION_WARN;
  else if (fv == "Strict") mode = ISC_FIELD_VALIDATION_STRICT;
  else if (fv == "Ignore") mode = ISC_FIELD_VALIDATION_IGNORE;
  else {
    errs.push_back({"fieldValidation", "NotSupported",
                    "Unsupported value: " + go_quote(fv) + ": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\""});
    return false;
  }
  return true;
}

// errors.NewInvalid(GroupKind{meta.k8s.io, <Kind>Options}, "", errs).
void refuse_options(isc_report &r, const char *kind, const std::vector<OptError> &errs) {
  StatusBody s = simple(422, "Invalid", "");
  std::vector<std::string> texts;
  for (const auto &e : errs) {
    texts.push_back(e.field + ": " + e.body);
    s.causes.push_back({cause_type(e.type), e.body, e.field});
  }
  s.message = std::string(kind) + ".meta.k8s.io \"\" is invalid: " + aggregate(texts);
  s.details = true;
  s.group = "meta.k8s.io";
  s.kind = kind;
  preempt(r);
  for (const auto &e : errs)
    r.add(ISC_SEVERITY_ERROR, e.field, e.type, e.field + ": " + e.body, "H2", kNoPos, nullptr);
  answer(r, s);
}

enum class Endpoint {
  None,
  ListAll,         // /imagestreams
  WatchAll,        // /watch/imagestreams
  Collection,      // /namespaces/{ns}/imagestreams
  WatchCollection, // /watch/namespaces/{ns}/imagestreams
  Item,            // /namespaces/{ns}/imagestreams/{name}
  WatchItem,       // /watch/namespaces/{ns}/imagestreams/{name}
  Status,          // /namespaces/{ns}/imagestreams/{name}/status
};

struct Route {
  Endpoint ep = Endpoint::None;
  std::string ns, name;
};

Route route(std::string_view raw) {
  Route rt;
  std::vector<std::string> seg;
  // The server routes on the decoded path (an escaped slash separates segments).
  std::string path;
  if (!unescape(raw, false, path) || path.empty() || path[0] != '/') return rt;
  size_t start = 1;
  while (true) {
    size_t slash = path.find('/', start);
    seg.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  for (const auto &s : seg) {
    if (s.empty()) return rt;  // "//" and a trailing slash match no route
  }
  if (seg.size() < 4 || seg[0] != "apis" || seg[1] != kGroup || seg[2] != "v1") return rt;
  std::vector<std::string> rest(seg.begin() + 3, seg.end());
  bool watch = !rest.empty() && rest[0] == "watch";
  if (watch) rest.erase(rest.begin());
  if (rest.size() == 1 && rest[0] == kResource) {
    rt.ep = watch ? Endpoint::WatchAll : Endpoint::ListAll;
  } else if (rest.size() >= 3 && rest[0] == "namespaces" && rest[2] == kResource) {
    rt.ns = rest[1];
    if (rest.size() == 3) rt.ep = watch ? Endpoint::WatchCollection : Endpoint::Collection;
    else if (rest.size() == 4) {
      rt.name = rest[3];
      rt.ep = watch ? Endpoint::WatchItem : Endpoint::Item;
    } else if (rest.size() == 5 && rest[4] == "status" && !watch) {
      rt.name = rest[3];
      rt.ep = Endpoint::Status;
    }
  }
  return rt;
}

// path.IsValidPathSegmentName, as the store's key functions check names.
std::string segment_problem(std::string_view s) {
  if (s == ".") return "may not be '.'";
  if (s == "..") return "may not be '..'";
  std::string out;
  if (s.find('/') != std::string_view::npos) out = "may not contain '/'";
  if (s.find('%') != std::string_view::npos) out += std::string(out.empty() ? "" : ";") + "may not contain '%'";
  return out;
}

bool check_segments(const Route &rt, isc_report &r) {
  if (!rt.ns.empty()) {
    std::string p = segment_problem(rt.ns);
    if (!p.empty()) {
      refuse(r, simple(400, "BadRequest", "Namespace parameter invalid: " + go_quote(rt.ns) + ": " + p), "", "BadRequest",
             "H3");
      return false;
    }
  }
  if (!rt.name.empty()) {
    std::string p = segment_problem(rt.name);
    if (!p.empty()) {
      refuse(r, simple(400, "BadRequest", "Name parameter invalid: " + go_quote(rt.name) + ": " + p), "", "BadRequest",
             "H3");
      return false;
    }
  }
  return true;
}

std::string lower_media(std::string_view ct) {
  std::string out;
  size_t semi = ct.find(';');
  std::string_view base = ct.substr(0, semi);
  size_t a = 0, b = base.size();
  while (a < b && base[a] == ' ') ++a;
  while (b > a && base[b - 1] == ' ') --b;
  for (size_t i = a; i < b; ++i) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(base[i]))));
  return out;
}

bool body_media_ok(std::string_view ct) {
  if (ct.empty()) return true;
  std::string m = lower_media(ct);
  return m == "application/json" || m == "application/yaml" || m == "application/vnd.kubernetes.protobuf" || m == "*/*";
}

void unsupported_media(isc_report &r, const char *accepted) {
  refuse(r,
         simple(415, "UnsupportedMediaType",
                std::string("the body of the request was in an unknown format - accepted media types include: ") +
                    accepted),
         "", "UnsupportedMediaType", "H1");
}

// The stored object, decoded for reads and for the checks before an update.
struct Stored {
  bool present = false;
  bool ok = false;
  Doc doc;
  std::vector<std::unique_ptr<YamlDocument>> yaml;
  const Doc *d = nullptr;
  uint32_t root = 0;
  std::string src;
  std::string error;
  JValue value;
};

void load_stored(const isc_validator &v, bool has_old, std::string_view old_src, Stored &s) {
  s.present = has_old;
  if (!has_old) return;
  s.src.assign(old_src);
  ParsedDocument pd;
  if (!parse_document(s.src, s.doc, s.yaml, pd, v.opts.limits)) {
    s.error = "the stored object (old document) is not valid JSON or YAML: " + pd.error;
    return;
  }
  s.d = pd.doc;
  s.root = pd.doc->root;
  if (s.d->nodes[s.root].type != NodeType::Object) {
    s.error = "the stored object (old document) is not a JSON object";
    return;
  }
  if (!persisted_value(v, *s.d, s.root, s.value, s.error)) return;
  s.ok = true;
}

bool stored_usable(const Stored &s, isc_report &r) {
  if (!s.present || s.ok) return true;
  preempt(r);
  r.add(ISC_SEVERITY_ERROR, "", "BadRequest", s.error, "U1", kNoPos, nullptr);
  r.http_status = 0;
  r.http_body.clear();
  return false;
}

// The main store's decorator (strategy.go: Decorate) on an object it
// returns: status.dockerImageRepository and publicDockerImageRepository are
// computed again from the environment (spec N9). The /status store has none.
void decorate(const isc_validator &v, JValue &obj) {
  if (!obj.is_object()) return;
  const Environment &env = *v.opts.env;
  std::string_view ns = meta_string(obj, "namespace");
  const std::string_view name = meta_string(obj, "name");
  std::string internal;
  if (env.internal_registry.empty()) {
    const JValue *spec = obj.find("spec");
    const JValue *dir = spec && spec->is_object() ? spec->find("dockerImageRepository") : nullptr;
    if (dir && dir->is_string()) internal = dir->s;  // already without tag or ID (N9)
  } else {
    if (ns.empty()) ns = "default";
    internal = stream_repository(env.internal_registry, ns, name);
  }
  const std::string pub =
      env.external_registry.empty() ? std::string() : stream_repository(env.external_registry, ns, name);
  // Written in the Go type's field order: the two repositories, then the rest.
  JValue status = JValue::object();
  status.set("dockerImageRepository", JValue::string(internal));
  if (!pub.empty()) status.set("publicDockerImageRepository", JValue::string(pub));
  if (JValue *old = obj.find("status"); old && old->is_object()) {
    for (auto &kv : old->obj) {
      if (kv.first != "dockerImageRepository" && kv.first != "publicDockerImageRepository")
        status.obj.emplace_back(kv.first, std::move(kv.second));
    }
  }
  obj.set("status", std::move(status));
}

// The stored object is in the URL's namespace and has its name.
bool stored_matches(const Stored &s, const Route &rt) {
  if (!s.present || !s.ok) return false;
  std::string_view ns = meta_string(s.value, "namespace");
  std::string_view name = meta_string(s.value, "name");
  if (!rt.ns.empty() && !ns.empty() && ns != rt.ns) return false;
  if (!rt.name.empty() && name != rt.name) return false;
  return true;
}

void list_body(const Stored &s, const Route &rt, std::string &out) {
  out = "{\"kind\":\"ImageStreamList\",\"apiVersion\":\"image.openshift.io/v1\",\"metadata\":{";
  std::string_view rv = s.ok ? meta_string(s.value, "resourceVersion") : std::string_view();
  if (!rv.empty()) {
    out += "\"resourceVersion\":";
    append_json_string(out, rv, true);
  }
  out += "},\"items\":[";
  Route any = rt;
  any.name.clear();
  if (stored_matches(s, any)) to_json(s.value, out);
  out += "]}";
}

void watch_body(const Stored &s, const Route &rt, std::string &out) {
  out.clear();
  if (!stored_matches(s, rt)) return;
  out = "{\"type\":\"ADDED\",\"object\":";
  to_json(s.value, out);
  out += "}\n";
}

// POST, PUT: decode, then the URL checks, then the store's checks, then validation.
void write_request(const isc_validator &v, isc_operation op, const Route &rt, isc_field_validation mode,
                   std::string_view body, const Stored &stored, isc_report &r) {
  isc_validator local = v;
  local.opts.field_validation = mode;
  local.opts.request_checks = true;
  Workspace &ws = *r.ws;
  ws.doc.clear();
  ws.is.clear();
  ws.old_is.clear();
  ws.yaml_loader.recycle(ws.yaml);
  ws.src.assign(body);
  const Limits &limits = v.opts.limits;
  if (body.size() > limits.max_document_bytes) {
    refuse(r, simple(413, "RequestEntityTooLarge", "Request entity too large: limit is " +
                                                        std::to_string(limits.max_document_bytes)),
           "", "BadRequest", "L1");
    return;
  }
  if (skip_json_space(body, 0) >= body.size()) {
    // Nothing to decode: the GVK sniffing of the JSON serializer fails first.
    std::string summary;
    if (body.empty()) {
      summary = "<empty>";
    } else {
      static const char kHex[] = "0123456789abcdef";
      for (unsigned char c : body.substr(0, 30)) {
        summary.push_back(kHex[c >> 4]);
        summary.push_back(kHex[c & 15]);
      }
      if (body.size() > 30) summary += " ...";
    }
    refuse(r,
           simple(400, "BadRequest",
                  "the object provided is unrecognized (must be of type ImageStream): couldn't get version/kind; json "
                  "parse error: unexpected end of JSON input (" + summary + ")"),
           "", "SyntaxError", "D1");
    return;
  }
  ParsedDocument parsed;
  if (!parse_document(ws.src, ws.doc, ws.yaml, parsed, limits, &ws.yaml_loader)) {
    isc_finding &f = r.add(ISC_SEVERITY_ERROR, "", "SyntaxError", parsed.error, "D1", kNoPos, nullptr);
    f.line = parsed.line;
    f.column = parsed.column;
    answer_from_findings(r, body, 200);
    return;
  }
  ObjectInput in;
  in.doc = parsed.doc;
  in.node = parsed.doc->root;
  in.yaml_duplicates = parsed.dups;
  in.default_namespace = rt.ns;
  OldInput old;
  if (op != ISC_OP_CREATE && stored.ok) {
    old.doc = stored.d;
    old.node = stored.root;
  }
  validate_object(local, op, in, old, r);
  // store.go create() names the object from metadata.generateName before
  // rest.BeforeCreate, whose errors.NewInvalid names the generated name
  // (spec §1.2 step 1, §2.3). The report took the name as written.
  if (op == ISC_OP_CREATE && r.name.empty()) r.name.assign(ws.is.meta.name.v);
  if (has_decoding_error(r)) {
    answer_from_findings(r, body, 200);
    return;
  }
  const Doc &d = *parsed.doc;
  uint32_t meta = d.find_last(d.root, "metadata");
  std::string_view body_ns, body_name, body_rv;
  if (meta && d.nodes[meta].type == NodeType::Object) {
    uint32_t x = d.find_last(meta, "namespace");
    if (x && d.nodes[x].type == NodeType::String) body_ns = d.nodes[x].text();
    x = d.find_last(meta, "name");
    if (x && d.nodes[x].type == NodeType::String) body_name = d.nodes[x].text();
    x = d.find_last(meta, "resourceVersion");
    if (x && d.nodes[x].type == NodeType::String) body_rv = d.nodes[x].text();
  }
  if (!check_namespace(body_ns, rt.ns, r)) return;
  if (op == ISC_OP_CREATE) {
    answer_from_findings(r, body, 201);
    return;
  }
  if (!check_name(body_name, rt.name, r)) return;
  if (!stored.present || !stored_matches(stored, rt)) {
    refuse(r, not_found_object(rt.name), "", "NotFound", "H5");
    return;
  }
  if (!check_versions(body_rv, meta_string(stored.value, "resourceVersion"), rt.name, r)) return;
  answer_from_findings(r, body, 200);
}

}  // namespace

void validate_request(const isc_validator &v, std::string_view method, std::string_view path, std::string_view query,
                      std::string_view content_type, std::string_view body, bool has_old, std::string_view old_src,
                      isc_report &r) {
  // A query in the path when none is given separately.
  size_t qmark = path.find('?');
  std::string_view q = query;
  if (qmark != std::string_view::npos) {
    if (q.empty()) q = path.substr(qmark + 1);
    path = path.substr(0, qmark);
  }
  Query qs = parse_query(q);
  Route rt = route(path);
  r.namespace_ = rt.ns;
  r.name = rt.name;
  if (rt.ep == Endpoint::None) {
    StatusBody s = simple(404, "NotFound", kNotFoundRoute);
    s.details = true;
    refuse(r, s, "", "NotFound", "H1");
    return;
  }
  bool get = method == "GET";
  bool allowed = false;
  switch (rt.ep) {
    case Endpoint::ListAll:
    case Endpoint::WatchAll:
    case Endpoint::WatchCollection:
    case Endpoint::WatchItem: allowed = get; break;
    case Endpoint::Collection: allowed = get || method == "POST" || method == "DELETE"; break;
    case Endpoint::Item: allowed = get || method == "PUT" || method == "PATCH" || method == "DELETE"; break;
    case Endpoint::Status: allowed = get || method == "PUT" || method == "PATCH"; break;
    case Endpoint::None: break;
  }
  if (!allowed) {
    StatusBody s = simple(405, "MethodNotAllowed", kNotAllowed);
    s.details = true;
    refuse(r, s, "", "MethodNotAllowed", "H1");
    return;
  }
  Stored stored;
  load_stored(v, has_old, old_src, stored);
  if (!stored_usable(stored, r)) return;
  bool status = rt.ep == Endpoint::Status;

  if (method == "POST" || method == "PUT") {
    if (!body_media_ok(content_type)) {
      unsupported_media(r, "application/json, application/yaml, application/vnd.kubernetes.protobuf");
      return;
    }
    std::vector<OptError> errs;
    check_field_manager(qs, errs);
    check_dry_run(qs.all("dryRun"), errs);
    isc_field_validation mode = ISC_FIELD_VALIDATION_WARN;
    check_field_validation(qs, errs, mode);
    if (!errs.empty()) {
      refuse_options(r, method == "POST" ? "CreateOptions" : "UpdateOptions", errs);
      return;
    }
    if (!check_segments(rt, r)) return;
    isc_operation op = method == "POST" ? ISC_OP_CREATE : status ? ISC_OP_STATUS_UPDATE : ISC_OP_UPDATE;
    write_request(v, op, rt, mode, body, stored, r);
    return;
  }
  if (method == "PATCH") {
    std::string media = lower_media(content_type);
    PatchKind kind;
    if (media == "application/json-patch+json") kind = PatchKind::Json;
    else if (media == "application/merge-patch+json") kind = PatchKind::Merge;
    else if (media == "application/strategic-merge-patch+json") kind = PatchKind::Strategic;
    else if (media == "application/apply-patch+yaml") {
      r.add(ISC_SEVERITY_ERROR, "", "Unsupported",
            "server-side apply (application/apply-patch+yaml) is not modeled by isconform", "H6", kNoPos, nullptr);
      return;
    } else {
      // The PATCH route consumes only the patch types: the router (go-restful)
      // answers before the handler.
      StatusBody s = simple(415, "UnsupportedMediaType", "415: Unsupported Media Type");
      s.details = true;
      refuse(r, s, "", "UnsupportedMediaType", "H1");
      return;
    }
    std::vector<OptError> errs;
    if (qs.has("force")) errs.push_back({"force", "Forbidden", "Forbidden: may not be specified for non-apply patch"});
    check_field_manager(qs, errs);
    check_dry_run(qs.all("dryRun"), errs);
    isc_field_validation mode = ISC_FIELD_VALIDATION_WARN;
    check_field_validation(qs, errs, mode);
    if (!errs.empty()) {
      refuse_options(r, "PatchOptions", errs);
      return;
    }
    if (!check_segments(rt, r)) return;
    if (!stored.present || !stored_matches(stored, rt)) {
      refuse(r, not_found_object(rt.name), "", "NotFound", "H5");
      return;
    }
    PatchUrl url{rt.ns, rt.name};
    validate_patch(v, status ? ISC_OP_STATUS_UPDATE : ISC_OP_UPDATE, old_src, body, kind, mode, &url, r);
    return;
  }
  if (method == "DELETE") {
    std::vector<OptError> errs;
    std::vector<std::string> dry = qs.all("dryRun");
    bool has_policy = qs.has("propagationPolicy"), has_orphan = qs.has("orphanDependents");
    std::string policy = qs.first("propagationPolicy");
    if (!body.empty()) {
      // DeleteOptions in the body replace the query parameters.
      Doc d;
      JsonError je;
      if (!parse_json_document(body, d, je) || d.nodes[d.root].type != NodeType::Object) {
        std::string m = !je.message.empty() ? je.message : "the body is not a JSON object";
        refuse(r, simple(400, "BadRequest", "DeleteOptions cannot be decoded: " + m), "", "BadRequest", "H2");
        return;
      }
      dry.clear();
      has_policy = has_orphan = false;
      policy.clear();
      if (uint32_t x = d.find_last(d.root, "dryRun"); x && d.nodes[x].type == NodeType::Array) {
        for (auto el = elements(d, x); !el.done(); el.advance()) {
          if (d.nodes[el.cur].type == NodeType::String) dry.emplace_back(d.nodes[el.cur].text());
        }
      }
      if (uint32_t x = d.find_last(d.root, "propagationPolicy"); x && d.nodes[x].type == NodeType::String) {
        has_policy = true;
        policy.assign(d.nodes[x].text());
      }
      if (uint32_t x = d.find_last(d.root, "orphanDependents"); x && d.nodes[x].type != NodeType::Null) has_orphan = true;
    }
    if (has_orphan && has_policy)
      errs.push_back({"propagationPolicy", "Invalid",
                      std::string(msg::kInvalidValue) + ": " + go_json_quote(policy) +
                          ": orphanDependents and deletionPropagation cannot be both set"});
    if (has_policy && policy != "Foreground" && policy != "Background" && policy != "Orphan")
      errs.push_back({"propagationPolicy", "NotSupported",
                      "Unsupported value: " + go_json_quote(policy) +
                          ": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""});
    check_dry_run(dry, errs);
    if (!errs.empty()) {
      refuse_options(r, "DeleteOptions", errs);
      return;
    }
    if (!check_segments(rt, r)) return;
    if (rt.ep == Endpoint::Collection) {
      r.http_status = 200;
      list_body(stored, rt, r.http_body);
      return;
    }
    if (!stored.present || !stored_matches(stored, rt)) {
      refuse(r, not_found_object(rt.name), "", "NotFound", "H5");
      return;
    }
    const JValue *meta = stored.value.find("metadata");
    const JValue *fin = meta && meta->is_object() ? meta->find("finalizers") : nullptr;
    r.http_status = 200;
    r.http_body.clear();
    if (fin && fin->is_array() && !fin->arr.empty()) {
      to_json(stored.value, r.http_body);  // pending finalizers: the object is returned
      return;
    }
    StatusBody s;
    s.success = true;
    s.details = true;
    s.name = rt.name;
    s.group = kGroup;
    s.kind = kResource;
    s.uid.assign(meta_string(stored.value, "uid"));
    render_status_body(s, r.http_body);
    return;
  }
  // GET.
  if (!check_segments(rt, r)) return;
  bool watch = rt.ep == Endpoint::WatchAll || rt.ep == Endpoint::WatchCollection || rt.ep == Endpoint::WatchItem ||
               ((rt.ep == Endpoint::ListAll || rt.ep == Endpoint::Collection) && query_bool(qs, "watch"));
  // The main store's reads go through its decorator (lists and watches too);
  // the /status store has none.
  if (stored.ok && rt.ep != Endpoint::Status) decorate(v, stored.value);
  if (watch) {
    r.http_status = 200;
    watch_body(stored, rt, r.http_body);
    return;
  }
  if (rt.ep == Endpoint::ListAll || rt.ep == Endpoint::Collection) {
    r.http_status = 200;
    list_body(stored, rt, r.http_body);
    return;
  }
  if (!stored.present || !stored_matches(stored, rt)) {
    refuse(r, not_found_object(rt.name), "", "NotFound", "H5");
    return;
  }
  r.http_status = 200;
  r.http_body.clear();
  to_json(stored.value, r.http_body);
}

}  // namespace isc::detail
