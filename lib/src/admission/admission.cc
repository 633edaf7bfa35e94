#include "admission/admission.hh"

#include <algorithm>  // stable_partition
#include <memory>     // unique_ptr
#include <vector>     // vector

#include "core/status.hh"
#include "core/validate.hh"
#include "json/parser.hh"
#include "json/utf8.hh"
#include "policy/policy.hh"

namespace isc::detail {

namespace {

constexpr std::string_view kV1 = "admission.k8s.io/v1";
constexpr std::string_view kV1beta1 = "admission.k8s.io/v1beta1";

// The fields of AdmissionRequest the webhook reads.
struct Request {
  bool v1beta1 = false;
  bool has_uid = false;
  std::string_view uid;
  std::string_view operation, sub_resource, ns, name;
  bool has_kind = false, has_resource = false;
  std::string_view kind_group, kind_kind, resource_group, resource_resource;
  uint32_t object = 0, old_object = 0;  // 0: absent or null
};

// A string member: absent and null read as "", another type is an error.
bool string_member(const Doc &d, uint32_t obj, std::string_view key, std::string_view &out, bool *present = nullptr) {
  uint32_t v = d.find_last(obj, key);
  if (present) *present = v && d.nodes[v].type != NodeType::Null;
  if (!v || d.nodes[v].type == NodeType::Null) return true;
  if (d.nodes[v].type != NodeType::String) return false;
  out = d.nodes[v].text();
  return true;
}

uint32_t object_member(const Doc &d, uint32_t obj, std::string_view key) {
  uint32_t v = d.find_last(obj, key);
  return v && d.nodes[v].type != NodeType::Null ? v : 0;
}

void open_response(std::string &out, bool v1beta1, const Request &rq) {
  out += "{\"apiVersion\":\"";
  out += v1beta1 ? kV1beta1 : kV1;
  out += "\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":";
  append_json_string(out, rq.uid, true);
}

AdmissionResult malformed(const Request &rq, std::string_view what, std::string &out) {
  open_response(out, rq.v1beta1, rq);
  out += ",\"allowed\":false,\"status\":";
  StatusOptions so;
  so.type_meta = false;
  render_bad_request("malformed AdmissionReview: " + std::string(what), out, so);
  out += "}}";
  AdmissionResult res;
  res.allowed = false;
  res.code = 400;
  res.malformed = true;
  return res;
}

AdmissionResult allow(const Request &rq, std::string &out) {
  open_response(out, rq.v1beta1, rq);
  out += ",\"allowed\":true}}";
  return AdmissionResult{};
}

// Reads the review; returns "" or what is wrong with it.
std::string read_request(const Doc &d, Request &rq) {
  uint32_t root = d.root;
  if (d.nodes[root].type != NodeType::Object) return "the body is not a JSON object";
  std::string_view api_version, kind;
  bool has_api_version = false;
  if (!string_member(d, root, "apiVersion", api_version, &has_api_version)) return "apiVersion must be a string";
  rq.v1beta1 = api_version == kV1beta1;
  uint32_t req = object_member(d, root, "request");
  if (req && d.nodes[req].type == NodeType::Object) {
    // The uid first, so that every later answer can echo it.
    if (!string_member(d, req, "uid", rq.uid)) rq.uid = {};
    rq.has_uid = !rq.uid.empty();
  }
  if (!has_api_version) return "apiVersion is missing (expected admission.k8s.io/v1 or admission.k8s.io/v1beta1)";
  if (api_version != kV1 && api_version != kV1beta1)
    return "unsupported apiVersion \"" + std::string(api_version) +
           "\" (expected admission.k8s.io/v1 or admission.k8s.io/v1beta1)";
  if (!string_member(d, root, "kind", kind)) return "kind must be a string";
  if (kind != "AdmissionReview") return "kind is \"" + std::string(kind) + "\", not AdmissionReview";
  if (!req) return "request is missing";
  if (d.nodes[req].type != NodeType::Object) return "request must be an object";
  if (!rq.has_uid) return "request.uid is missing (a non-empty string)";
  if (!string_member(d, req, "operation", rq.operation)) return "request.operation must be a string";
  if (rq.operation != "CREATE" && rq.operation != "UPDATE" && rq.operation != "DELETE" && rq.operation != "CONNECT")
    return rq.operation.empty() ? std::string("request.operation is missing")
                                : "request.operation \"" + std::string(rq.operation) +
                                      "\" is not CREATE, UPDATE, DELETE or CONNECT";
  if (!string_member(d, req, "subResource", rq.sub_resource)) return "request.subResource must be a string";
  if (!string_member(d, req, "namespace", rq.ns)) return "request.namespace must be a string";
  if (!string_member(d, req, "name", rq.name)) return "request.name must be a string";
  if (uint32_t k = object_member(d, req, "kind")) {
    if (d.nodes[k].type != NodeType::Object || !string_member(d, k, "group", rq.kind_group) ||
        !string_member(d, k, "kind", rq.kind_kind))
      return "request.kind must be an object {group, version, kind} of strings";
    rq.has_kind = true;
  }
  if (uint32_t r = object_member(d, req, "resource")) {
    if (d.nodes[r].type != NodeType::Object || !string_member(d, r, "group", rq.resource_group) ||
        !string_member(d, r, "resource", rq.resource_resource))
      return "request.resource must be an object {group, version, resource} of strings";
    rq.has_resource = true;
  }
  if (!rq.has_kind && !rq.has_resource) return "request.kind and request.resource are missing";
  rq.object = object_member(d, req, "object");
  rq.old_object = object_member(d, req, "oldObject");
  return {};
}

// A review that is not JSON: the uid of request, when the bytes before the
// syntax error hold one ("uid":"<no escapes>"), so that the answer can echo it.
std::string_view salvage_uid(std::string_view review, size_t error_pos) {
  std::string_view head = review.substr(0, std::min(error_pos, review.size()));
  size_t req = head.find("\"request\"");
  if (req == std::string_view::npos) return {};
  size_t at = head.find("\"uid\"", req);
  if (at == std::string_view::npos) return {};
  size_t i = skip_json_space(head, at + 5);
  if (i >= head.size() || head[i] != ':') return {};
  i = skip_json_space(head, i + 1);
  if (i >= head.size() || head[i] != '"') return {};
  size_t end = head.find('"', i + 1);
  if (end == std::string_view::npos) return {};
  std::string_view uid = head.substr(i + 1, end - i - 1);
  for (char c : uid) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return {};
  }
  return uid;
}

bool is_image_stream(const Request &rq) {
  if (rq.has_resource && (rq.resource_group != "image.openshift.io" || rq.resource_resource != "imagestreams"))
    return false;
  if (rq.has_kind && (rq.kind_group != "image.openshift.io" || rq.kind_kind != "ImageStream")) return false;
  return true;
}

// The object a webhook receives was prepared by the server (status reset,
// generations set) and its references were resolved: W6, W7 and W8 describe
// the client's request, not this object.
bool dropped_in_admission(std::string_view rule) { return rule == "W6" || rule == "W7" || rule == "W8"; }

void finish(const isc_validator &v, isc_report &r) {
  size_t out = 0;
  for (size_t i = 0; i < r.count; ++i) {
    if (dropped_in_admission(r.findings[i].rule)) continue;
    if (out != i) std::swap(r.findings[out], r.findings[i]);
    ++out;
  }
  r.count = out;
  r.has_error = false;
  for (size_t i = 0; i < r.count; ++i) r.has_error = r.has_error || r.findings[i].severity == ISC_SEVERITY_ERROR;
  if (v.opts.policy) apply_severity_overrides(*v.opts.policy, r);
  std::stable_partition(r.findings.begin(), r.findings.begin() + static_cast<std::ptrdiff_t>(r.count),
                        [](const isc_finding &f) { return f.severity == ISC_SEVERITY_ERROR; });
  // The same cap as isc_validate: the answer stays bounded.
  const uint32_t max = v.opts.limits.max_findings;
  if (max > 1 && r.count > max) {
    size_t more = r.count - (max - 1);
    r.count = max - 1;
    r.add(ISC_SEVERITY_WARNING, "", "Warning",
          std::to_string(more) + " more findings not shown (limit " + std::to_string(max) + " per document)", "L1",
          kNoPos, nullptr);
  }
}

size_t append_warnings(const isc_report &r, std::string &out) {
  std::vector<std::string> texts;
  size_t total = 0;
  for (size_t i = 0; i < r.count; ++i) {
    const isc_finding &f = r.findings[i];
    if (f.severity != ISC_SEVERITY_WARNING) continue;
    std::string t = warning_text(f);
    if (std::find(texts.begin(), texts.end(), t) != texts.end()) continue;
    ++total;
    if (texts.size() < kMaxWarnings) texts.push_back(std::move(t));
  }
  if (total > kMaxWarnings) texts.push_back(std::to_string(total - kMaxWarnings) + " more warnings not shown");
  if (texts.empty()) return 0;
  out += ",\"warnings\":[";
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i) out.push_back(',');
    append_json_string(out, texts[i], true);
  }
  out.push_back(']');
  return texts.size();
}

}  // namespace

std::string warning_text(const isc_finding &f) {
  std::string suffix = " [";
  suffix += f.rule;
  suffix += ']';
  // Code points of the message, control characters as spaces, invalid UTF-8
  // as U+FFFD (a Warning header carries neither).
  std::string msg;
  std::vector<size_t> starts;  // byte offset of each code point in msg
  const auto *p = reinterpret_cast<const unsigned char *>(f.message.data());
  size_t n = f.message.size();
  for (size_t i = 0; i < n;) {
    starts.push_back(msg.size());
    unsigned char c = p[i];
    if (c < 0x80) {
      msg.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
      ++i;
      continue;
    }
    size_t w = utf8_valid_seq(p + i, n - i);
    if (w == 0) {
      msg += "\xEF\xBF\xBD";
      ++i;
    } else {
      msg.append(f.message, i, w);
      i += w;
    }
  }
  size_t budget = kMaxWarningRunes - suffix.size();  // the suffix is ASCII
  if (starts.size() > budget) {
    msg.resize(starts[budget - 3]);
    while (!msg.empty() && msg.back() == ' ') msg.pop_back();
    msg += "...";
  }
  return msg + suffix;
}

AdmissionResult admission_review(const isc_validator &v, std::string_view review, std::string &out) {
  Doc doc;
  JsonError je;
  JsonLimits jl;
  jl.max_depth = v.opts.limits.max_depth;
  Request rq;
  if (!parse_json_document(review, doc, je, jl)) {
    rq.uid = salvage_uid(review, je.pos);
    return malformed(rq, "the body is not JSON: " + je.message + " (at byte " + std::to_string(je.pos) + ")", out);
  }
  std::string problem = read_request(doc, rq);
  if (!problem.empty()) return malformed(rq, problem, out);

  if (rq.operation == "DELETE" || rq.operation == "CONNECT" || !is_image_stream(rq)) return allow(rq, out);
  isc_operation op;
  if (rq.operation == "CREATE" && rq.sub_resource.empty()) op = ISC_OP_CREATE;
  else if (rq.operation == "UPDATE" && rq.sub_resource.empty()) op = ISC_OP_UPDATE;
  else if (rq.operation == "UPDATE" && rq.sub_resource == "status") op = ISC_OP_STATUS_UPDATE;
  else return allow(rq, out);  // other subresources (secrets, layers, ...) write no ImageStream
  if (!rq.object) return malformed(rq, "request.object is missing", out);
  if (op != ISC_OP_CREATE && !rq.old_object)
    return malformed(rq, "request.oldObject is missing (an UPDATE needs the stored object)", out);

  auto report = std::make_unique<isc_report>();
  ObjectInput in;
  in.doc = &doc;
  in.node = rq.object;
  in.default_namespace = rq.ns;
  in.before_storage = true;
  OldInput old;
  if (op != ISC_OP_CREATE) {
    old.doc = &doc;
    old.node = rq.old_object;
  }
  validate_object(v, op, in, old, *report);
  finish(v, *report);

  AdmissionResult res;
  res.validated = true;
  open_response(out, rq.v1beta1, rq);
  if (report->has_error) {
    out += ",\"allowed\":false,\"status\":";
    StatusOptions so;
    so.type_meta = false;
    if (report->name.empty()) report->name.assign(rq.name);
    res.code = render_status(*report, review.substr(doc.nodes[rq.object].pos), out, so);
    res.allowed = false;
  } else {
    out += ",\"allowed\":true";
  }
  res.warnings = append_warnings(*report, out);
  out += "}}";
  return res;
}

}  // namespace isc::detail
