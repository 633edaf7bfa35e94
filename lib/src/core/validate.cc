#include "core/validate.hh"

#include <string>

#include "core/generations.hh"
#include "core/operations.hh"
#include "decode/build.hh"
#include "decode/structural.hh"
#include "json/parser.hh"
#include "policy/policy.hh"
#include "reference/engine.hh"
#include "rules/messages.hh"
#include "rules/rules.hh"

namespace isc::detail {

namespace {


// The values of the object's top-level members the checks before decoding
// look at (the last of a repeated key, as Doc::find_last), found in one pass.
struct TopLevel {
  uint32_t api_version = 0, kind = 0, metadata = 0, spec = 0, status = 0;

  TopLevel(const Doc &d, uint32_t obj) {
    if (d.nodes[obj].type != NodeType::Object) return;
    for (auto it = members(d, obj); !it.done(); it.advance()) {
      std::string_view k = d.nodes[it.key].text();
      uint32_t *slot = nullptr;
      switch (k.size()) {
        case 4: slot = k == "kind" ? &kind : k == "spec" ? &spec : nullptr; break;
        case 6: slot = k == "status" ? &status : nullptr; break;
        case 8: slot = k == "metadata" ? &metadata : nullptr; break;
        case 10: slot = k == "apiVersion" ? &api_version : nullptr; break;
        default: break;
      }
      if (slot) *slot = it.value();
    }
  }
};

std::string_view string_value(const Doc &d, uint32_t v) {
  return v && d.nodes[v].type == NodeType::String ? d.nodes[v].text() : std::string_view();
}

std::string_view member_string(const Doc &d, uint32_t obj, std::string_view key) {
  return string_value(d, d.find_last(obj, key));
}

void set_identity(isc_report &r, const Doc &d, const TopLevel &top) {
  r.api_version.assign(string_value(d, top.api_version));
  r.kind.assign(string_value(d, top.kind));
  if (top.metadata && d.nodes[top.metadata].type == NodeType::Object) {
    r.namespace_.assign(member_string(d, top.metadata, "namespace"));
    r.name.assign(member_string(d, top.metadata, "name"));
  }
}

// apiVersion and kind as oc and the server check them (decoding-rules §4).
// Returns false when the object must not be validated further.
bool check_gvk(const ObjectInput &in, const TopLevel &top, Errors &e) {
  const Doc &d = *in.doc;
  uint32_t node = in.node;
  uint32_t av = top.api_version;
  uint32_t kd = top.kind;
  uint32_t pos = d.nodes[node].pos;
  if (in.inherit_gvk) {  // the list decided: kind and apiVersion are empty here
    // Items of an <Kind>List take kind and apiVersion from the list.
    std::string_view apiv = in.inherited_api_version;
    if (apiv == "image.openshift.io/v1" || (apiv == "v1" && in.in_template)) return true;
    if (apiv == "v1") {
      e.raw(ISC_SEVERITY_ERROR, "apiVersion", "BadRequest", msg::kLegacyApiVersion, "K3", pos);
    } else {
      e.raw(ISC_SEVERITY_ERROR, "apiVersion", "BadRequest",
            "no matches for kind \"ImageStream\" in version " + quote_str(apiv) +
                ": the API server serves ImageStream only as image.openshift.io/v1",
            "K4", pos);
    }
    return false;
  }
  bool ok = true;
  if (!av) {
    e.raw(ISC_SEVERITY_ERROR, "apiVersion", "BadRequest", msg::kApiVersionNotSet, "K1", pos);
    ok = false;
  } else if (d.nodes[av].type != NodeType::String) {
    e.raw(ISC_SEVERITY_ERROR, "apiVersion", "BadRequest", msg::kApiVersionNotString, "K1", d.nodes[av].pos);
    ok = false;
  }
  if (!kd) {
    e.raw(ISC_SEVERITY_ERROR, "kind", "BadRequest", msg::kKindNotSet, "K1", pos);
    ok = false;
  } else if (d.nodes[kd].type != NodeType::String) {
    e.raw(ISC_SEVERITY_ERROR, "kind", "BadRequest", msg::kKindNotString, "K1", d.nodes[kd].pos);
    ok = false;
  }
  if (!ok) return false;
  std::string_view apiv = d.nodes[av].text();
  std::string_view kind = d.nodes[kd].text();
  if (kind != "ImageStream") {
    e.raw(ISC_SEVERITY_ERROR, "kind", "BadRequest",
          "no kind " + quote_str(kind) + " is registered for version " + quote_str(apiv) +
              ": isconform validates kind ImageStream of image.openshift.io/v1",
          "K2", d.nodes[kd].pos);
    return false;
  }
  if (apiv == "image.openshift.io/v1") return true;
  if (apiv == "v1") {
    if (in.in_template) return true;  // template processing groupifies legacy objects
    e.raw(ISC_SEVERITY_ERROR, "apiVersion", "BadRequest", msg::kLegacyApiVersion, "K3", d.nodes[av].pos);
    return false;
  }
  e.raw(ISC_SEVERITY_ERROR, "apiVersion", "BadRequest",
        "no matches for kind \"ImageStream\" in version " + quote_str(apiv) +
            ": the API server serves ImageStream only as image.openshift.io/v1",
        "K4", d.nodes[av].pos);
  return false;
}

// Limits on what one object may hold (docs/limits.md): long strings and huge
// tag or status lists are refused before any real work. Linear in the object.
bool check_limits(const Doc &d, uint32_t node, const TopLevel &top, const Limits &limits, Errors &e) {
  const Node *n = d.nodes.data();
  uint32_t end = d.max_scalar_len > limits.max_string_bytes ? n[node].next : node;
  for (uint32_t i = node; i < end; ++i) {
    if ((n[i].type == NodeType::String || n[i].type == NodeType::Number) && n[i].len > limits.max_string_bytes) {
      e.raw(ISC_SEVERITY_ERROR, "", "BadRequest",
            "a string of " + std::to_string(n[i].len) + " bytes exceeds the limit of " +
                std::to_string(limits.max_string_bytes) + " bytes per string",
            "L1", n[i].pos);
      return false;
    }
  }
  auto tags_of = [&](uint32_t x) -> uint32_t {
    if (!x || d.nodes[x].type != NodeType::Object) return 0;
    uint32_t y = d.find_last(x, "tags");
    return y && d.nodes[y].type == NodeType::Array ? y : 0;
  };
  uint32_t spec_tags = tags_of(top.spec);
  uint32_t status_tags = tags_of(top.status);
  for (uint32_t arr : {spec_tags, status_tags}) {
    if (arr && n[arr].len > limits.max_tags) {
      e.raw(ISC_SEVERITY_ERROR, arr == spec_tags ? "spec.tags" : "status.tags", "BadRequest",
            std::to_string(n[arr].len) + " tags exceed the limit of " + std::to_string(limits.max_tags), "L1",
            n[arr].pos);
      return false;
    }
  }
  if (status_tags) {
    uint64_t items = 0;
    for (auto el = elements(d, status_tags); !el.done(); el.advance()) {
      if (n[el.cur].type != NodeType::Object) continue;
      uint32_t it = d.find_last(el.cur, "items");
      if (it && n[it].type == NodeType::Array) items += n[it].len;
    }
    if (items > limits.max_status_items) {
      e.raw(ISC_SEVERITY_ERROR, "status.tags", "BadRequest",
            std::to_string(items) + " status items exceed the limit of " + std::to_string(limits.max_status_items),
            "L1", n[status_tags].pos);
      return false;
    }
  }
  return true;
}

StructuralOptions structural_options(const isc_validator &v, isc_operation op, bool in_template) {
  StructuralOptions o;
  o.template_mode = in_template;
  o.check_unknown = v.opts.field_validation != ISC_FIELD_VALIDATION_IGNORE;
  o.check_duplicates = v.opts.field_validation != ISC_FIELD_VALIDATION_IGNORE;
  o.skip_status_required = op != ISC_OP_STATUS_UPDATE;
  return o;
}

void run_engine(const isc_validator &v, const Doc &d, uint32_t node, const StructuralOptions &o, DecodeResult &dr,
                StructuralScratch &scratch) {
  dr.clear();
  if (v.reference) v.reference->check(d, node, o, dr, scratch);
  else check_structure(d, node, v.model->image_stream(), o, dr, scratch);
}

// Emits decoding findings. Returns false when decoding fails (the server
// answers 400 Bad Request and validates nothing).
bool report_decoding(const isc_validator &v, const DecodeResult &dr, Errors &e) {
  if (dr.has_immediate) {
    e.raw(ISC_SEVERITY_ERROR, dr.immediate.field, "TypeError", dr.immediate.message, "D2", dr.immediate.pos);
    return false;
  }
  if (dr.has_type) {
    e.raw(ISC_SEVERITY_ERROR, dr.type.field, "TypeError", dr.type.message, "D2", dr.type.pos);
    return false;
  }
  bool ok = true;
  for (const auto &u : dr.bad_utf8) {
    e.raw(ISC_SEVERITY_ERROR, u.field, "InvalidUTF8",
          u.field + ": invalid UTF-8 in string (RFC 8259 requires UTF-8; the API server would store U+FFFD instead)",
          "D5", u.pos);
    ok = false;
  }
  for (size_t i = 0; i < dr.unknown.size(); ++i) {
    const DecodeIssue &u = dr.unknown[i];
    bool dup = dr.unknown_is_dup[i];
    const char *type = dup ? "DuplicateField" : "UnknownField";
    const char *rule = dup ? "D4" : "D3";
    switch (v.opts.field_validation) {
      case ISC_FIELD_VALIDATION_STRICT:
        e.raw(ISC_SEVERITY_ERROR, u.field, type, u.message, rule, u.pos);
        ok = false;
        break;
      case ISC_FIELD_VALIDATION_WARN:
        e.raw(ISC_SEVERITY_WARNING, u.field, type, u.message, rule, u.pos);
        break;
      case ISC_FIELD_VALIDATION_IGNORE:
        break;
    }
  }
  for (const auto &t : dr.template_values) {
    e.warning(t.field,
              t.field + ": a template parameter stands where the API expects " + t.message +
                  ": it can only be checked once the template is processed",
              "W10", t.pos);
  }
  for (const auto &q : dr.required) {
    e.warning(q.field,
              q.field + ": required by the published API schema, but not enforced by the API server",
              "W3", q.pos);
  }
  return ok;
}

// Decodes the stored object for update and status update.
bool decode_old(const isc_validator &v, const OldInput &old, Workspace &ws, Errors &e, std::string_view default_ns) {
  if (!old.doc) {
    e.raw(ISC_SEVERITY_ERROR, "", "BadRequest",
          "an update needs the stored object: pass it as the old document (--old FILE)", "U1", kNoPos);
    return false;
  }
  if (!old.error.empty()) {
    e.set_doc(nullptr);
    e.raw(ISC_SEVERITY_ERROR, "", "BadRequest",
          "the stored object (old document) is not valid JSON or YAML: " + std::string(old.error), "U1", kNoPos);
    return false;
  }
  const Doc &d = *old.doc;
  if (d.nodes[old.node].type != NodeType::Object) {
    e.raw(ISC_SEVERITY_ERROR, "", "BadRequest", "the stored object (old document) is not a JSON object", "U1", kNoPos);
    return false;
  }
  StructuralOptions o;
  o.check_unknown = false;
  o.check_duplicates = false;
  o.check_required = false;
  DecodeResult &dr = ws.decode;
  dr.clear();
  check_structure(d, old.node, v.model->image_stream(), o, dr, ws.structural);
  if (dr.fatal()) {
    const DecodeIssue &i = dr.has_immediate ? dr.immediate : dr.type;
    e.raw(ISC_SEVERITY_ERROR, i.field, "BadRequest", "the stored object (old document) cannot be decoded: " + i.message,
          "U1", kNoPos);
    return false;
  }
  build_image_stream(d, old.node, ws.old_is);
  apply_v1_defaults(ws.old_is, v.opts.env->default_import_mode);
  ws.old_is.to_internal();
  if (ws.old_is.meta.namespace_.v.empty() && !default_ns.empty()) ws.old_is.meta.namespace_.v = default_ns;
  return true;
}

void wrap_internal(const ImageStream &is, const std::vector<FieldError> &inner, Errors &e) {
  if (inner.empty()) return;
  std::vector<std::string> texts;
  for (const auto &f : inner) texts.push_back(f.text());
  std::string detail = "imagestreams " + quote_str(is.meta.name.v) + " is invalid: " + aggregate(texts);
  e.internal("[]", detail, "S9", inner.front().pos);
}

// ValidateImageStreamUpdateWithWhitelister's whitelister: references the
// stored object already holds stay allowed.
Whitelister update_whitelister(const isc_validator &v, const ImageStream &o) {
  Whitelister wl = v.whitelister;
  if (wl.allows_all()) return wl;
  if (!o.spec.docker_image_repository.v.empty()) wl.allow_repository(o.spec.docker_image_repository.v);
  for (const TagReference *t = o.tag_begin(); t != o.tag_end(); ++t) {
    if (t->has_from && t->from.kind.v == "DockerImage") wl.allow_repository(t->from.name.v);
  }
  for (const TagEventList *l = o.list_begin(); l != o.list_end(); ++l) {
    for (uint32_t i = 0; i < l->items.count; ++i) wl.allow_repository(o.events[l->items.begin + i].docker_image_reference.v);
  }
  return wl;
}

// Store-level check of PUT (spec §1.3.1): no resourceVersion, no update.
bool check_resource_version(const ImageStream &n, Errors &e) {
  std::string_view rv = n.meta.resource_version.v;
  if (rv.empty() || rv == "0") {
    uint32_t pos = n.meta.resource_version.pos != kNoPos ? n.meta.resource_version.pos : n.meta.pos;
    e.invalid("metadata.resourceVersion", "0", msg::kResourceVersionRequired, "M12", pos);
    return false;
  }
  return true;
}

// Storage-level check of POST (spec §9 D3): the store refuses an object that
// already carries a resourceVersion, once validation has passed. Only a
// version that parses as a non-zero unsigned integer counts (the versioner
// ignores anything else and overwrites it).
void check_create_resource_version(const ImageStream &n, Errors &e) {
  uint64_t x = 0;
  if (!parse_resource_version(n.meta.resource_version.v, x) || x == 0) return;
  uint32_t pos = n.meta.resource_version.pos != kNoPos ? n.meta.resource_version.pos : n.meta.pos;
  e.raw(ISC_SEVERITY_ERROR, "metadata.resourceVersion", "StorageError", msg::kResourceVersionOnCreate, "R1", pos);
}

// In a Template, a value holding ${PARAMETER} is substituted before the
// server sees it: an error about such a value says nothing yet, so it becomes
// a warning that the value cannot be checked before processing.
void downgrade_template_parameters(isc_report &r) {
  bool any_error = false;
  size_t out = 0;
  for (size_t i = 0; i < r.count; ++i) {
    isc_finding &f = r.findings[i];
    bool param = f.message.find("${") != std::string::npos;
    // Tag names made of parameters are names once processed: no W4 for them.
    if (param && f.severity == ISC_SEVERITY_WARNING && std::string_view(f.rule) == "W4") continue;
    if (out != i) std::swap(r.findings[out], r.findings[i]);
    isc_finding &g = r.findings[out++];
    if (g.severity == ISC_SEVERITY_ERROR && param) {
      g.severity = ISC_SEVERITY_WARNING;
      g.message += " (the value holds a template parameter: it can only be checked once the template is processed)";
      g.type = "Warning";
      g.rule = "W10";
    }
    any_error = any_error || g.severity == ISC_SEVERITY_ERROR;
  }
  r.count = out;
  r.has_error = any_error;
}

}  // namespace

void validate_object(const isc_validator &v, isc_operation op, const ObjectInput &in, const OldInput &old,
                     isc_report &r) {
  Workspace &ws = *r.ws;
  const Doc &d = *in.doc;
  Errors e(r, &d);
  const TopLevel top(d, in.node);
  set_identity(r, d, top);
  if (d.nodes[in.node].type != NodeType::Object) {
    e.raw(ISC_SEVERITY_ERROR, "", "TypeError",
          std::string("json: cannot unmarshal ") + go_json_kind(d.nodes[in.node]) +
              " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
              "\"json:\\\"kind,omitempty\\\"\" }",
          "D2", d.nodes[in.node].pos);
    return;
  }
  if (!check_gvk(in, top, e)) return;
  if (!check_limits(d, in.node, top, v.opts.limits, e)) return;

  StructuralOptions so = structural_options(v, op, in.in_template);
  DecodeResult &dr = ws.decode;
  StructuralScratch &scratch = ws.structural;
  run_engine(v, d, in.node, so, dr, scratch);
  bool yaml_dups_fatal = false;
  if (!dr.fatal() && in.yaml_duplicates && v.opts.field_validation != ISC_FIELD_VALIDATION_IGNORE) {
    // YAML duplicate keys of this object, as YAMLToJSONStrict words them.
    uint32_t end = d.nodes[in.node].next;
    for (const auto &dup : *in.yaml_duplicates) {
      if (dup.key_node < in.node || dup.key_node >= end) continue;
      std::string field = node_path(d, in.node, dup.key_node);
      bool strict = v.opts.field_validation == ISC_FIELD_VALIDATION_STRICT;
      e.raw(strict ? ISC_SEVERITY_ERROR : ISC_SEVERITY_WARNING, field, "DuplicateField", dup.message, "D4",
            d.nodes[dup.key_node].pos);
      yaml_dups_fatal = yaml_dups_fatal || strict;
    }
  }
  if (!report_decoding(v, dr, e) || yaml_dups_fatal) return;

  ImageStream &is = ws.is;
  build_image_stream(d, in.node, is);
  if (in.in_template && !is.meta.namespace_.v.empty() && is.meta.namespace_.v.find("${") == std::string_view::npos) {
    // Template processing removes a hard-coded namespace (stripNamespace).
    e.warning("metadata.namespace",
              "metadata.namespace: " + quote_str(is.meta.namespace_.v) +
                  " is removed when the template is processed; the object is created in the target namespace",
              "W9", is.meta.namespace_.pos);
    is.meta.namespace_ = Str{};
  }
  apply_v1_defaults(is, v.opts.env->default_import_mode);
  // isconform's own warnings look at the object as written (duplicate tag
  // names disappear in the server's map view).
  extra_warnings(is, op, e);
  is.to_internal();
  std::string_view default_ns =
      in.default_namespace.empty() ? std::string_view(v.opts.default_namespace) : in.default_namespace;
  if (is.meta.namespace_.v.empty() && !default_ns.empty()) is.meta.namespace_.v = default_ns;

  Resolver resolver{v, v.opts.world == ISC_WORLD_OPEN};
  std::vector<FieldError> inner;

  switch (op) {
    case ISC_OP_CREATE: {
      expand_generate_name(is);
      prepare_for_create(v, is);
      resolve_tags(resolver, nullptr, is, inner, e);
      wrap_internal(is, inner, e);
      validate_image_stream(is, v.whitelister, e);
      if (v.opts.request_checks && !in.in_template && !in.before_storage && !r.has_error)
        check_create_resource_version(is, e);
      break;
    }
    case ISC_OP_UPDATE: {
      Errors oe(r, old.doc);
      if (!decode_old(v, old, ws, oe, default_ns)) return;
      if (v.opts.request_checks && !check_resource_version(is, e)) return;
      std::vector<SentGeneration> sent;
      for (const TagReference *t = is.tag_begin(); t != is.tag_end(); ++t) sent.push_back({t->name.v, t->generation});
      copy_system_fields(is, ws.old_is);
      prepare_for_update(v, is, ws.old_is);
      validate_object_meta(is, NameRule::PathSegment, false, e);
      validate_object_meta_update(is, ws.old_is, false, e);
      resolve_tags(resolver, &ws.old_is, is, inner, e);
      wrap_internal(is, inner, e);
      validate_object_meta_update(is, ws.old_is, true, e);
      validate_image_stream(is, update_whitelister(v, ws.old_is), e);
      render_generations(ws.old_is, is, sent, is.meta.generation.v != ws.old_is.meta.generation.v, r.generations);
      break;
    }
    case ISC_OP_STATUS_UPDATE: {
      Errors oe(r, old.doc);
      if (!decode_old(v, old, ws, oe, default_ns)) return;
      if (v.opts.request_checks && !check_resource_version(is, e)) return;
      copy_system_fields(is, ws.old_is);
      prepare_for_status_update(is, ws.old_is);
      validate_object_meta(is, NameRule::PathSegment, false, e);
      validate_object_meta_update(is, ws.old_is, false, e);
      validate_status_update(is, ws.old_is, v.whitelister, e);
      break;
    }
  }
  if (in.in_template) downgrade_template_parameters(r);
  r.normalized_ok = !r.has_error;
  if (v.opts.policy)
    check_policy(*v.opts.policy, op, is, op == ISC_OP_UPDATE ? &ws.old_is : nullptr, v.opts.env->internal_registry, e);
}

bool parse_resource_version(std::string_view s, uint64_t &out) {
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (out > (UINT64_MAX - d) / 10) return false;
    out = out * 10 + d;
  }
  return true;
}

std::string node_path(const Doc &d, uint32_t root, uint32_t target) {
  std::string path;
  uint32_t cur = root;
  while (cur != target) {
    const Node &n = d.nodes[cur];
    bool found = false;
    if (n.type == NodeType::Object) {
      for (auto it = members(d, cur); !it.done(); it.advance()) {
        uint32_t v = it.value();
        if (target == it.key || (target >= v && target < d.nodes[v].next)) {
          if (!path.empty()) path.push_back('.');
          path.append(d.nodes[it.key].text());
          cur = target == it.key ? target : v;
          found = true;
          break;
        }
      }
    } else if (n.type == NodeType::Array) {
      uint32_t i = 0;
      for (auto e = elements(d, cur); !e.done(); e.advance(), ++i) {
        if (target >= e.cur && target < d.nodes[e.cur].next) {
          path += "[" + std::to_string(i) + "]";
          cur = e.cur;
          found = true;
          break;
        }
      }
    }
    if (!found) break;
  }
  return path;
}

bool parse_document(std::string_view src, Doc &json_doc, std::vector<std::unique_ptr<YamlDocument>> &yaml,
                    ParsedDocument &out, const Limits &limits, YamlLoader *loader) {
  out = ParsedDocument{};
  json_doc.clear();
  if (loader) loader->recycle(yaml);
  else yaml.clear();
  size_t first = skip_json_space(src, 0);
  JsonError je;
  JsonLimits jl;
  jl.max_depth = limits.max_depth;
  bool looks_json = first < src.size() && (src[first] == '{' || src[first] == '[');
  if (looks_json || first >= src.size()) {
    if (parse_json_document(src, json_doc, je, jl)) {
      out.doc = &json_doc;
      out.documents = 1;
      return true;
    }
  }
  // YAML (also a flow mapping that is not JSON, as oc reads it).
  YamlError ye;
  YamlLimits yl;
  yl.max_depth = limits.max_depth;
  yl.max_nodes = limits.max_yaml_nodes;
  bool ok = loader ? loader->load(src, yaml, ye, yl) : load_yaml_stream(src, yaml, ye, yl);
  if (ok && !yaml.empty()) {
    out.doc = &yaml[0]->doc;
    out.dups = &yaml[0]->duplicates;
    out.documents = yaml.size();
    return true;
  }
  if (looks_json) {
    // Report the JSON error: the input was meant as JSON.
    out.error = je.message;
    json_doc.set_src(src);
    Location loc = json_doc.locate(je.pos);
    out.line = loc.line;
    out.column = loc.col;
    return false;
  }
  if (ok) {
    out.error = "no objects passed to create: the input holds no document";
    return false;
  }
  out.error = ye.message;
  out.line = ye.line;
  out.column = ye.column;
  return false;
}

bool parse_single_document(std::string_view src, Doc &doc, std::string &err, uint32_t &err_pos, const Limits &limits) {
  doc.clear();
  JsonError je;
  JsonLimits jl;
  jl.max_depth = limits.max_depth;
  if (parse_json_document(src, doc, je, jl)) return true;
  err = je.message;
  err_pos = je.pos;
  return false;
}

}  // namespace isc::detail
