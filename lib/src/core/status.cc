#include "core/status.hh"

#include <cstdint>  // UINT32_MAX
#include <vector>   // vector

#include "json/parser.hh"
#include "rules/messages.hh"
#include "util/goquote.hh"

namespace isc::detail {

namespace {

constexpr size_t kMaxStrictErrors = 100;  // sigs.k8s.io/json saveStrictError

void open_status(std::string &out, const StatusOptions &o) {
  out.push_back('{');
  if (o.type_meta) out += "\"kind\":\"Status\",\"apiVersion\":\"v1\",";
  out += "\"metadata\":{},\"status\":\"Failure\",\"message\":";
}

// The version part of an apiVersion ("image.openshift.io/v1" -> "v1").
std::string_view version_of(std::string_view api_version) {
  size_t slash = api_version.rfind('/');
  std::string_view v = slash == std::string_view::npos ? api_version : api_version.substr(slash + 1);
  return v.empty() ? std::string_view("v1") : v;
}

// handlers/rest.go summarizeData(body, 30).
std::string summarize(std::string_view body) {
  constexpr size_t kMax = 30;
  if (body.empty()) return "<empty>";
  std::string_view head = body.substr(0, kMax);
  std::string out;
  if (body[0] == '{') {
    out.assign(head);
  } else {
    static const char kHex[] = "0123456789abcdef";
    for (unsigned char c : head) {
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  if (body.size() > kMax) out += " ...";
  return out;
}

bool looks_json(std::string_view body) {
  size_t i = skip_json_space(body, 0);
  return i < body.size() && (body[i] == '{' || body[i] == '[');
}

// The message of the 400 the server answers for the decoding findings.
std::string decoding_message(const isc_report &r, std::string_view body) {
  const isc_finding *syntax = nullptr, *bad = nullptr, *type = nullptr;
  std::vector<const isc_finding *> strict;
  for (size_t i = 0; i < r.count; ++i) {
    const isc_finding &f = r.findings[i];
    if (f.severity != ISC_SEVERITY_ERROR) continue;
    std::string_view t = f.type;
    if (t == "SyntaxError" && !syntax) syntax = &f;
    else if (t == "BadRequest" && !bad) bad = &f;
    else if (t == "TypeError" && !type) type = &f;
    else if ((t == "UnknownField" || t == "DuplicateField") && strict.size() < kMaxStrictErrors) strict.push_back(&f);
  }
  const std::string unrecognized = "the object provided is unrecognized (must be of type ImageStream): ";
  if (syntax) {
    // meta.go Interpret fails first; YAML bodies fail in the YAML converter,
    // whose wording the report already carries.
    if (!looks_json(body)) return syntax->message;
    return unrecognized + "couldn't get version/kind; json parse error: " + syntax->message + " (" + summarize(body) +
           ")";
  }
  if (bad) return bad->message;
  std::string prefix = "ImageStream in version " + go_quote(version_of(r.api_version)) + " cannot be handled as a ImageStream: ";
  if (type) {
    // A body that is not an object fails in the GVK sniffing step.
    if (type->field.empty() && type->message.find("into Go value of type struct {") != std::string::npos)
      return unrecognized + "couldn't get version/kind; json parse error: " + type->message + " (" + summarize(body) +
             ")";
    return prefix + type->message;
  }
  std::string m = prefix + "strict decoding error: ";
  for (size_t i = 0; i < strict.size(); ++i) {
    if (i) m += ", ";
    m += strict[i]->message;
  }
  return m;
}

// The store's own 422 for a PUT without resourceVersion names the resource,
// not the kind (spec §1.3.1).
bool store_level_only(const isc_report &r) {
  const isc_finding *only = nullptr;
  for (size_t i = 0; i < r.count; ++i) {
    if (r.findings[i].severity != ISC_SEVERITY_ERROR) continue;
    if (only) return false;
    only = &r.findings[i];
  }
  return only && only->field == "metadata.resourceVersion" &&
         only->message == std::string("metadata.resourceVersion: ") + msg::kInvalidValue + ": 0: " +
                              msg::kResourceVersionRequired;
}

}  // namespace

bool is_decoding_type(std::string_view t) {
  return t == "SyntaxError" || t == "TypeError" || t == "UnknownField" || t == "DuplicateField" || t == "BadRequest";
}

const char *cause_type(std::string_view t) {
  if (t == "Required") return "FieldValueRequired";
  if (t == "Invalid") return "FieldValueInvalid";
  if (t == "Forbidden") return "FieldValueForbidden";
  if (t == "NotFound") return "FieldValueNotFound";
  if (t == "TooLong") return "FieldValueTooLong";
  if (t == "TooMany") return "FieldValueTooMany";
  if (t == "NotSupported") return "FieldValueNotSupported";
  if (t == "Duplicate") return "FieldValueDuplicate";
  if (t == "InternalError") return "InternalError";
  return "FieldValueInvalid";
}

std::string_view error_body(const isc_finding &f) {
  std::string_view m = f.message;
  if (!f.field.empty() && m.size() > f.field.size() + 2 && m.compare(0, f.field.size(), f.field) == 0 &&
      m.compare(f.field.size(), 2, ": ") == 0)
    return m.substr(f.field.size() + 2);
  return m;
}

void render_bad_request(std::string_view message, std::string &out, const StatusOptions &o) {
  open_status(out, o);
  append_json_string(out, message, true);
  out += ",\"reason\":\"BadRequest\",\"code\":400}";
}

int render_status(const isc_report &r, std::string_view body, std::string &out, const StatusOptions &o) {
  bool any_error = false, decoding = false;
  for (size_t i = 0; i < r.count; ++i) {
    const isc_finding &f = r.findings[i];
    if (f.severity != ISC_SEVERITY_ERROR) continue;
    any_error = true;
    decoding = decoding || is_decoding_type(f.type);
  }
  if (!any_error) return 0;
  if (decoding) {
    render_bad_request(decoding_message(r, body), out, o);
    return 400;
  }
  // A plain error from the storage layer: the server answers 500 with its
  // text and no reason (StatusReasonUnknown).
  for (size_t i = 0; i < r.count; ++i) {
    const isc_finding &f = r.findings[i];
    if (f.severity != ISC_SEVERITY_ERROR || std::string_view(f.type) != "StorageError") continue;
    open_status(out, o);
    append_json_string(out, f.message, true);
    out += ",\"code\":500}";
    return 500;
  }
  // errors.NewInvalid(qualifiedKind, name, errs).
  bool store = store_level_only(r);
  const char *group = "image.openshift.io";
  const char *kind = store ? "imagestreams" : "ImageStream";
  std::vector<std::string> texts;
  for (size_t i = 0; i < r.count; ++i) {
    if (r.findings[i].severity == ISC_SEVERITY_ERROR) texts.push_back(r.findings[i].message);
  }
  std::string message = std::string(kind) + "." + group + " " + go_quote(r.name) + " is invalid: " + aggregate(texts);
  open_status(out, o);
  append_json_string(out, message, true);
  out += ",\"reason\":\"Invalid\",\"details\":{";
  if (!r.name.empty()) {
    out += "\"name\":";
    append_json_string(out, r.name, true);
    out.push_back(',');
  }
  out += "\"group\":\"";
  out += group;
  out += "\",\"kind\":\"";
  out += kind;
  out += "\",\"causes\":[";
  // One cause per field error the server produced, not de-duplicated (spec
  // §2.3): the report's log of add() calls, in the order they were made.
  std::vector<uint32_t> at(r.next_id, UINT32_MAX);  // finding id -> position
  for (size_t i = 0; i < r.count; ++i) {
    if (r.findings[i].id < at.size()) at[r.findings[i].id] = static_cast<uint32_t>(i);
  }
  bool first = true;
  for (uint32_t id : r.occurrences) {
    if (id >= at.size() || at[id] == UINT32_MAX) continue;  // removed since
    const isc_finding &f = r.findings[at[id]];
    if (f.severity != ISC_SEVERITY_ERROR) continue;
    if (!first) out.push_back(',');
    first = false;
    out += "{\"reason\":\"";
    out += cause_type(f.type);
    out.push_back('"');
    std::string_view b = error_body(f);
    if (!b.empty()) {
      out += ",\"message\":";
      append_json_string(out, b, true);
    }
    if (!f.field.empty()) {
      out += ",\"field\":";
      append_json_string(out, f.field, true);
    }
    out.push_back('}');
  }
  out += "]},\"code\":422}";
  return 422;
}

}  // namespace isc::detail
