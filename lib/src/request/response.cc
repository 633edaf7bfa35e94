// Response bodies a client receives from the ImageStream endpoints:
// ImageStreamList, Status, ImageStream and WatchEvent streams.
#include <algorithm>         // find
#include <cstdlib>           // strtoll
#include <initializer_list>  // initializer_list

#include "core/validate.hh"
#include "decode/structural.hh"
#include "json/parser.hh"
#include "request/request.hh"
#include "util/goquote.hh"

namespace isc::detail {

namespace {

constexpr const char kRule[] = "H7";

struct Ctx {
  const isc_validator &v;
  isc_file_report &out;
};

// A field path as findings show it: quoted as Go does when a key holds a
// control byte (a NUL would end the C API's string at once).
std::string shown_path(std::string_view field) {
  for (char c : field) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return go_quote(field);
  }
  return std::string(field);
}

void err(isc_report &r, const Doc &d, std::string_view field, std::string_view msg, uint32_t pos) {
  const std::string f = shown_path(field);
  r.add(ISC_SEVERITY_ERROR, f, "Invalid", f.empty() ? std::string(msg) : f + ": " + std::string(msg), kRule, pos, &d);
}

void warn(isc_report &r, const Doc &d, std::string_view field, std::string_view msg, uint32_t pos) {
  const std::string f = shown_path(field);
  r.add(ISC_SEVERITY_WARNING, f, "Warning", f + ": " + std::string(msg), kRule, pos, &d);
}

std::string join(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  return std::string(a) + "." + std::string(b);
}

bool is_int(const Node &n) {
  if (n.type != NodeType::Number) return false;
  for (char c : n.text()) {
    if (c == '.' || c == 'e' || c == 'E') return false;
  }
  return true;
}

// The members an object may have and their JSON types: 's' string, 'i'
// integer, 'b' bool, 'o' object, 'a' array, '*' anything.
struct MemberSpec {
  const char *name;
  char type;
};

void check_members(isc_report &r, const Doc &d, uint32_t obj, std::string_view path,
                   std::initializer_list<MemberSpec> spec) {
  std::vector<std::string_view> seen;
  for (auto it = members(d, obj); !it.done(); it.advance()) {
    std::string_view k = d.nodes[it.key].text();
    std::string p = join(path, k);
    const Node &val = d.nodes[it.value()];
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
      err(r, d, p, "duplicate field in a response body", d.nodes[it.key].pos);
      continue;
    }
    seen.push_back(k);
    const MemberSpec *m = nullptr;
    for (const auto &s : spec) {
      if (k == s.name) m = &s;
    }
    if (!m) {
      err(r, d, p, "unknown field", d.nodes[it.key].pos);
      continue;
    }
    if (val.type == NodeType::Null) continue;
    bool ok = true;
    switch (m->type) {
      case 's': ok = val.type == NodeType::String; break;
      case 'i': ok = is_int(val); break;
      case 'b': ok = val.type == NodeType::True || val.type == NodeType::False; break;
      case 'o': ok = val.type == NodeType::Object; break;
      case 'a': ok = val.type == NodeType::Array; break;
      default: break;
    }
    if (!ok) {
      const char *want = m->type == 's' ? "a string" : m->type == 'i' ? "an integer" : m->type == 'b' ? "a bool"
                         : m->type == 'o' ? "an object" : "an array";
      err(r, d, p, std::string("must be ") + want + ", not " + go_json_kind(val), val.pos);
    }
  }
}

std::string_view str_member(const Doc &d, uint32_t obj, std::string_view key) {
  uint32_t x = d.find_last(obj, key);
  return x && d.nodes[x].type == NodeType::String ? d.nodes[x].text() : std::string_view();
}

void check_list_meta(isc_report &r, const Doc &d, uint32_t root) {
  uint32_t meta = d.find_last(root, "metadata");
  if (meta && d.nodes[meta].type == NodeType::Object)
    check_members(r, d, meta, "metadata",
                  {{"selfLink", 's'}, {"resourceVersion", 's'}, {"continue", 's'}, {"remainingItemCount", 'i'}});
}

// A persisted ImageStream as the server returns it: it decodes strictly and
// carries the metadata the server sets on every stored object.
void check_stream(const isc_validator &v, isc_report &r, const Doc &d, uint32_t node, bool need_type_meta,
                  bool bookmark) {
  r.kind = "ImageStream";
  if (d.nodes[node].type != NodeType::Object) {
    err(r, d, "", std::string("an ImageStream must be a JSON object, not ") + go_json_kind(d.nodes[node]),
        d.nodes[node].pos);
    return;
  }
  std::string_view av = str_member(d, node, "apiVersion"), kd = str_member(d, node, "kind");
  r.api_version.assign(av);
  if (need_type_meta || !av.empty() || !kd.empty()) {
    bool ok = true;
    if (av != "image.openshift.io/v1") {
      err(r, d, "apiVersion", "must be \"image.openshift.io/v1\", not " + go_quote(av), d.nodes[node].pos);
      ok = false;
    }
    if (kd != "ImageStream") {
      err(r, d, "kind", "must be \"ImageStream\", not " + go_quote(kd), d.nodes[node].pos);
      ok = false;
    }
    if (!ok) return;  // another kind: its fields say nothing
  }
  uint32_t meta = d.find_last(node, "metadata");
  if (meta && d.nodes[meta].type == NodeType::Object) {
    r.name.assign(str_member(d, meta, "name"));
    r.namespace_.assign(str_member(d, meta, "namespace"));
  }
  StructuralOptions so;
  so.check_required = false;
  DecodeResult dr;
  StructuralScratch scratch;
  check_structure(d, node, v.model->image_stream(), so, dr, scratch);
  // The decoder's messages are complete: no field prefix.
  auto decoder = [&](const DecodeIssue &i) { r.add(ISC_SEVERITY_ERROR, i.field, "Invalid", i.message, kRule, i.pos, &d); };
  if (dr.has_immediate) decoder(dr.immediate);
  if (dr.has_type) decoder(dr.type);
  for (const auto &u : dr.unknown) decoder(u);
  if (dr.fatal()) return;
  if (!meta || d.nodes[meta].type != NodeType::Object) {
    err(r, d, "metadata", "a stored ImageStream always has metadata", d.nodes[node].pos);
    return;
  }
  if (bookmark) {
    if (str_member(d, meta, "resourceVersion").empty())
      err(r, d, "metadata.resourceVersion", "a BOOKMARK event carries the resourceVersion", d.nodes[meta].pos);
    return;
  }
  for (const char *k : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
    if (str_member(d, meta, k).empty())
      err(r, d, join("metadata", k), "the server sets it on every stored ImageStream", d.nodes[meta].pos);
  }
  uint32_t gen = d.find_last(meta, "generation");
  if (!gen || d.nodes[gen].type != NodeType::Number || d.nodes[gen].text() == "0" || d.nodes[gen].text()[0] == '-')
    err(r, d, "metadata.generation", "the server sets a generation of at least 1 on every stored ImageStream",
        gen ? d.nodes[gen].pos : d.nodes[meta].pos);
}

bool known(std::string_view v, std::initializer_list<const char *> list) {
  for (const char *x : list) {
    if (v == x) return true;
  }
  return false;
}

void check_status(isc_report &r, const Doc &d, uint32_t node) {
  r.kind = "Status";
  if (d.nodes[node].type != NodeType::Object) {
    err(r, d, "", std::string("a Status must be a JSON object, not ") + go_json_kind(d.nodes[node]), d.nodes[node].pos);
    return;
  }
  r.api_version.assign(str_member(d, node, "apiVersion"));
  check_members(r, d, node, "",
                {{"kind", 's'}, {"apiVersion", 's'}, {"metadata", 'o'}, {"status", 's'}, {"message", 's'},
                 {"reason", 's'}, {"details", 'o'}, {"code", 'i'}});
  if (str_member(d, node, "kind") != "Status") err(r, d, "kind", "must be \"Status\"", d.nodes[node].pos);
  if (str_member(d, node, "apiVersion") != "v1") err(r, d, "apiVersion", "must be \"v1\"", d.nodes[node].pos);
  check_list_meta(r, d, node);
  std::string_view st = str_member(d, node, "status");
  uint32_t stn = d.find_last(node, "status");
  if (!known(st, {"Success", "Failure"}))
    err(r, d, "status", "must be \"Success\" or \"Failure\", not " + go_quote(st), stn ? d.nodes[stn].pos : d.nodes[node].pos);
  uint32_t code = d.find_last(node, "code");
  if (code && is_int(d.nodes[code])) {
    long long c = std::strtoll(std::string(d.nodes[code].text()).c_str(), nullptr, 10);
    if (c < 100 || c > 599) err(r, d, "code", "is not an HTTP status code", d.nodes[code].pos);
    else if (st == "Failure" && c < 400) err(r, d, "code", "a Failure carries an error status (4xx or 5xx)", d.nodes[code].pos);
  }
  uint32_t reason = d.find_last(node, "reason");
  if (reason && d.nodes[reason].type == NodeType::String &&
      !known(d.nodes[reason].text(),
             {"", "Unauthorized", "Forbidden", "NotFound", "AlreadyExists", "Conflict", "Gone", "Invalid",
              "ServerTimeout", "StoreReadError", "Timeout", "TooManyRequests", "BadRequest", "MethodNotAllowed",
              "NotAcceptable", "RequestEntityTooLarge", "UnsupportedMediaType", "InternalError", "Expired",
              "ServiceUnavailable"}))
    warn(r, d, "reason", "not a StatusReason of k8s.io/apimachinery", d.nodes[reason].pos);
  uint32_t det = d.find_last(node, "details");
  if (det && d.nodes[det].type == NodeType::Object) {
    check_members(r, d, det, "details",
                  {{"name", 's'}, {"group", 's'}, {"kind", 's'}, {"uid", 's'}, {"causes", 'a'},
                   {"retryAfterSeconds", 'i'}});
    uint32_t causes = d.find_last(det, "causes");
    if (causes && d.nodes[causes].type == NodeType::Array) {
      uint32_t i = 0;
      for (auto el = elements(d, causes); !el.done(); el.advance(), ++i) {
        std::string p = "details.causes[" + std::to_string(i) + "]";
        if (d.nodes[el.cur].type != NodeType::Object) {
          err(r, d, p, "must be an object", d.nodes[el.cur].pos);
          continue;
        }
        check_members(r, d, el.cur, p, {{"reason", 's'}, {"message", 's'}, {"field", 's'}});
        uint32_t cr = d.find_last(el.cur, "reason");
        if (cr && d.nodes[cr].type == NodeType::String &&
            !known(d.nodes[cr].text(),
                   {"FieldValueNotFound", "FieldValueRequired", "FieldValueDuplicate", "FieldValueInvalid",
                    "FieldValueNotSupported", "FieldValueForbidden", "FieldValueTooLong", "FieldValueTooMany",
                    "InternalError", "FieldValueTypeInvalid", "UnexpectedServerResponse", "FieldManagerConflict",
                    "ResourceVersionTooLarge"}))
          warn(r, d, p + ".reason", "not a CauseType of k8s.io/apimachinery", d.nodes[cr].pos);
      }
    }
  }
}

isc_report &entry(isc_file_report &out, size_t document, std::string object) {
  isc_report &r = out.next_entry();
  r.document = document;
  r.object = std::move(object);
  return r;
}

void check_list(const isc_validator &v, isc_file_report &out, const Doc &d, size_t document) {
  isc_report &r = entry(out, document, "");
  r.kind = "ImageStreamList";
  uint32_t root = d.root;
  if (d.nodes[root].type != NodeType::Object) {
    err(r, d, "", std::string("an ImageStreamList must be a JSON object, not ") + go_json_kind(d.nodes[root]),
        d.nodes[root].pos);
    return;
  }
  r.api_version.assign(str_member(d, root, "apiVersion"));
  check_members(r, d, root, "", {{"kind", 's'}, {"apiVersion", 's'}, {"metadata", 'o'}, {"items", 'a'}});
  if (str_member(d, root, "kind") != "ImageStreamList")
    err(r, d, "kind", "must be \"ImageStreamList\"", d.nodes[root].pos);
  if (str_member(d, root, "apiVersion") != "image.openshift.io/v1")
    err(r, d, "apiVersion", "must be \"image.openshift.io/v1\"", d.nodes[root].pos);
  check_list_meta(r, d, root);
  uint32_t items = d.find_last(root, "items");
  if (!items) {
    err(r, d, "items", "a list always carries items (an empty list: [])", d.nodes[root].pos);
    return;
  }
  if (d.nodes[items].type != NodeType::Array) return;
  uint32_t i = 0;
  for (auto el = elements(d, items); !el.done(); el.advance(), ++i) {
    isc_report &ir = entry(out, document, "/items/" + std::to_string(i));
    check_stream(v, ir, d, el.cur, false, false);
  }
}

void check_event(const isc_validator &v, isc_file_report &out, const Doc &d, size_t document) {
  isc_report &r = entry(out, document, "");
  r.kind = "WatchEvent";
  uint32_t root = d.root;
  if (d.nodes[root].type != NodeType::Object) {
    err(r, d, "", std::string("a watch event must be a JSON object, not ") + go_json_kind(d.nodes[root]),
        d.nodes[root].pos);
    return;
  }
  check_members(r, d, root, "", {{"type", 's'}, {"object", 'o'}});
  std::string_view type = str_member(d, root, "type");
  uint32_t tn = d.find_last(root, "type");
  if (!known(type, {"ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"}))
    err(r, d, "type", "must be ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, not " + go_quote(type),
        tn ? d.nodes[tn].pos : d.nodes[root].pos);
  uint32_t obj = d.find_last(root, "object");
  if (!obj || d.nodes[obj].type != NodeType::Object) {
    if (!obj) err(r, d, "object", "a watch event carries an object", d.nodes[root].pos);
    return;
  }
  isc_report &orp = entry(out, document, "/object");
  if (type == "ERROR") check_status(orp, d, obj);
  else check_stream(v, orp, d, obj, true, type == "BOOKMARK");
}

}  // namespace

void validate_response(const isc_validator &v, std::string_view kind, std::string_view buf, isc_file_report &out) {
  out.src.assign(buf);
  std::string_view src = out.src;
  JsonLimits jl;
  jl.max_depth = v.opts.limits.max_depth;
  size_t off = 0;
  size_t doc_index = 0;
  std::string detected(kind);
  while (true) {
    off = skip_json_space(src, off);
    if (off >= src.size()) break;
    if (doc_index > 0 && detected != "WatchEvent") {
      isc_report &r = entry(out, doc_index, "");
      r.add(ISC_SEVERITY_ERROR, "", "SyntaxError",
            "the body holds more than one JSON value (only a watch stream does)", kRule, kNoPos, nullptr);
      break;
    }
    Doc &d = out.doc_at(doc_index);
    d.clear();
    JsonError je;
    if (!parse_json_value(src, &off, d, je, jl)) {
      isc_report &r = entry(out, doc_index, "");
      d.src = src;
      r.add(ISC_SEVERITY_ERROR, "", "SyntaxError", je.message, "D1", je.pos, &d);
      break;
    }
    ++out.documents;
    if (detected.empty()) {
      std::string_view k = d.nodes[d.root].type == NodeType::Object ? str_member(d, d.root, "kind") : std::string_view();
      if (k.empty() && d.nodes[d.root].type == NodeType::Object && d.find_last(d.root, "type") &&
          d.find_last(d.root, "object"))
        detected = "WatchEvent";
      else
        detected = k.empty() ? "ImageStream" : std::string(k);
    }
    if (detected == "WatchEvent") {
      check_event(v, out, d, doc_index);
    } else if (detected == "ImageStreamList") {
      check_list(v, out, d, doc_index);
    } else if (detected == "Status") {
      isc_report &r = entry(out, doc_index, "");
      check_status(r, d, d.root);
    } else if (detected == "ImageStream") {
      isc_report &r = entry(out, doc_index, "");
      check_stream(v, r, d, d.root, true, false);
    } else {
      isc_report &r = entry(out, doc_index, "");
      r.kind = detected;
      r.add(ISC_SEVERITY_ERROR, "kind", "Invalid",
            "kind: " + go_quote(detected) +
                " is not a response of the ImageStream endpoints (ImageStream, ImageStreamList, Status, WatchEvent)",
            kRule, kNoPos, nullptr);
    }
    ++doc_index;
  }
  if (doc_index == 0 && out.count == 0) {
    isc_report &r = entry(out, 0, "");
    r.add(ISC_SEVERITY_ERROR, "", "SyntaxError", "the response body is empty", kRule, kNoPos, nullptr);
  }
}

}  // namespace isc::detail
