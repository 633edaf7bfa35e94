#include "policy/policy.hh"

#include <algorithm>  // any_of
#include <cctype>     // tolower
#include <cstdlib>    // strtoll
#include <memory>     // unique_ptr

#include "core/validate.hh"
#include "grammar/reference.hh"
#include "grammar/whitelist.hh"
#include "rules/catalog.hh"
#include "util/goquote.hh"

namespace isc::detail {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool parse_level(const Node &n, Level &out) {
  if (n.type == NodeType::False) {  // YAML 1.1 reads an unquoted `off` or `no` as false
    out = Level::Off;
    return true;
  }
  if (n.type == NodeType::True) {
    out = Level::Default;
    return true;
  }
  if (n.type != NodeType::String) return false;
  std::string v = lower(n.text());
  if (v == "error") out = Level::Error;
  else if (v == "warning" || v == "warn") out = Level::Warning;
  else if (v == "off" || v == "ignore" || v == "disabled") out = Level::Off;
  else return false;
  return true;
}

bool parse_bool(const Doc &d, uint32_t v, const char *what, bool &out, std::string &err) {
  const Node &n = d.nodes[v];
  if (n.type == NodeType::Null) return true;
  if (n.type != NodeType::True && n.type != NodeType::False) {
    err = std::string("config: policy.") + what + " must be true or false";
    return false;
  }
  out = n.type == NodeType::True;
  return true;
}

bool parse_string_list(const Doc &d, uint32_t v, const char *what, std::vector<std::string> &out, std::string &err) {
  const Node &n = d.nodes[v];
  if (n.type == NodeType::Null) return true;
  if (n.type != NodeType::Array) {
    err = std::string("config: policy.") + what + " must be a list of strings";
    return false;
  }
  for (auto e = elements(d, v); !e.done(); e.advance()) {
    if (d.nodes[e.cur].type != NodeType::String || d.nodes[e.cur].len == 0) {
      err = std::string("config: policy.") + what + " must be a list of non-empty strings";
      return false;
    }
    out.emplace_back(d.nodes[e.cur].text());
  }
  return true;
}

bool parse_registry_pattern(const std::string &s, RegistryPattern &out, std::string &err) {
  std::string_view v = s;
  while (!v.empty() && v.back() == '/') v.remove_suffix(1);
  size_t slash = v.find('/');
  out.host = lower(v.substr(0, slash));
  out.path = slash == std::string_view::npos ? std::string() : std::string(v.substr(slash + 1));
  bool bad = out.host.empty() || v.find("://") != std::string_view::npos ||
             std::any_of(v.begin(), v.end(), [](char c) { return c == ' ' || c == '@' || c == '\t'; }) ||
             out.host.find('*', out.host.rfind("*.") == 0 ? 1 : 0) != std::string::npos;
  if (bad) {
    err = "config: policy.allowedRegistries: \"" + s +
          "\" is not a registry (host[:port], *.domain or host[:port]/repository-prefix)";
    return false;
  }
  return true;
}

bool parse_policy(const Doc &d, uint32_t node, PolicyConfig &out, std::string &err) {
  if (d.nodes[node].type == NodeType::Null) return true;
  if (d.nodes[node].type != NodeType::Object) {
    err = "config: policy must be a mapping";
    return false;
  }
  for (auto it = members(d, node); !it.done(); it.advance()) {
    std::string_view k = d.nodes[it.key].text();
    uint32_t v = it.value();
    if (k == "allowedRegistries") {
      std::vector<std::string> list;
      if (!parse_string_list(d, v, "allowedRegistries", list, err)) return false;
      out.allowed_registries.clear();
      out.allowed_registries_set = d.nodes[v].type != NodeType::Null;
      for (const auto &s : list) {
        RegistryPattern p;
        if (!parse_registry_pattern(s, p, err)) return false;
        out.allowed_registries.push_back(std::move(p));
      }
    } else if (k == "requireLocalReferencePolicy") {
      if (!parse_bool(d, v, "requireLocalReferencePolicy", out.require_local, err)) return false;
    } else if (k == "forbidInsecureImport") {
      if (!parse_bool(d, v, "forbidInsecureImport", out.forbid_insecure, err)) return false;
    } else if (k == "requireDigest") {
      if (!parse_bool(d, v, "requireDigest", out.require_digest, err)) return false;
    } else if (k == "maxTags") {
      const Node &n = d.nodes[v];
      if (n.type == NodeType::Null) continue;
      std::string t(n.text());
      char *end = nullptr;
      long long x = n.type == NodeType::Number ? std::strtoll(t.c_str(), &end, 10) : -1;
      if (n.type != NodeType::Number || (n.flags & kNumFrac) || !end || *end || x < 1 || x > 1000000) {
        err = "config: policy.maxTags must be a whole number from 1 to 1000000";
        return false;
      }
      out.max_tags = static_cast<uint32_t>(x);
    } else if (k == "requiredTagAnnotations") {
      out.required_tag_annotations.clear();
      if (!parse_string_list(d, v, "requiredTagAnnotations", out.required_tag_annotations, err)) return false;
    } else {
      err = "config: unknown key \"policy." + std::string(k) +
            "\" (known: allowedRegistries, requireLocalReferencePolicy, forbidInsecureImport, requireDigest, maxTags, "
            "requiredTagAnnotations)";
      return false;
    }
  }
  return true;
}

std::string tag_field(std::string_view tag, const char *rest) {
  std::string f = "spec.tags[";
  f.append(tag);
  f += ']';
  f += rest;
  return f;
}

uint32_t or_pos(uint32_t a, uint32_t b) { return a != kNoPos ? a : b; }

bool has_parameter(std::string_view s) { return s.find("${") != std::string_view::npos; }

std::string_view docker_hub_alias(std::string_view host) {
  if (host.empty() || host == "index.docker.io" || host == "registry-1.docker.io") return "docker.io";
  return host;
}

bool host_matches(const std::string &pattern, const std::string &host) {
  if (pattern.rfind("*.", 0) == 0) {
    std::string_view suffix = std::string_view(pattern).substr(1);  // ".example.com[:port]"
    return host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return pattern == host;
}

// Registry of a pull spec for the message, or "" when the pull spec is allowed.
std::string disallowed_registry(const PolicyConfig &p, std::string_view pull_spec, std::string_view internal_registry) {
  ImageRef ref;
  if (parse_image_ref(pull_spec, ref) != nullptr) return {};  // S4 reports it
  std::string host = lower(docker_hub_alias(ref.registry));
  if (!internal_registry.empty() && host == lower(internal_registry)) return {};
  std::string canonical = canonical_repository(ref);
  std::string_view repo = std::string_view(canonical);
  size_t slash = repo.find('/');
  repo = slash == std::string_view::npos ? std::string_view() : repo.substr(slash + 1);
  for (const auto &pat : p.allowed_registries) {
    if (!host_matches(pat.host, host)) continue;
    if (pat.path.empty() || repo == pat.path ||
        (repo.size() > pat.path.size() && repo.compare(0, pat.path.size(), pat.path) == 0 &&
         repo[pat.path.size()] == '/'))
      return {};
  }
  return host;
}

std::string registry_list(const PolicyConfig &p) {
  if (p.allowed_registries.empty()) return "none";
  std::string s;
  for (size_t i = 0; i < p.allowed_registries.size(); ++i) {
    if (i) s += ", ";
    s += p.allowed_registries[i].host;
    if (!p.allowed_registries[i].path.empty()) s += "/" + p.allowed_registries[i].path;
  }
  return s;
}

bool is_docker_source(const TagReference &t) { return t.has_from && t.from.kind.v == "DockerImage" && !t.from.name.v.empty(); }

bool same_from(const TagReference &a, const TagReference &b) {
  return a.has_from == b.has_from && a.from.kind.v == b.from.kind.v && a.from.name.v == b.from.name.v &&
         a.from.namespace_.v == b.from.namespace_.v;
}

bool same_annotations(const ImageStream &x, const TagReference &a, const ImageStream &y, const TagReference &b) {
  if (a.annotations.kv.count != b.annotations.kv.count) return false;
  for (uint32_t i = 0; i < a.annotations.kv.count; ++i) {
    const KV &kv = x.kvs[a.annotations.kv.begin + i];
    bool found = false;
    for (uint32_t j = 0; j < b.annotations.kv.count && !found; ++j) {
      const KV &other = y.kvs[b.annotations.kv.begin + j];
      found = other.key.v == kv.key.v && other.value.v == kv.value.v;
    }
    if (!found) return false;
  }
  return true;
}

std::string_view annotation(const ImageStream &is, const TagReference &t, std::string_view key) {
  for (uint32_t i = 0; i < t.annotations.kv.count; ++i) {
    const KV &kv = is.kvs[t.annotations.kv.begin + i];
    if (kv.key.v == key) return kv.value.v;
  }
  return {};
}

}  // namespace

Level PolicyConfig::level(std::string_view rule) const {
  for (const auto &o : overrides) {
    if (o.first == rule) return o.second;
  }
  return Level::Default;
}

bool PolicyConfig::enabled(std::string_view rule) const {
  Level l = level(rule);
  if (l == Level::Off) return false;
  bool by_level = l == Level::Error || l == Level::Warning;
  if (rule == "P1") return allowed_registries_set;
  if (rule == "P2") return require_local || by_level;
  if (rule == "P3") return forbid_insecure || by_level;
  if (rule == "P4") return require_digest || by_level;
  if (rule == "P5") return max_tags > 0;
  if (rule == "P6") return !required_tag_annotations.empty();
  return false;
}

bool parse_policy_config(std::string_view text, PolicyConfig &out, std::string &err) {
  Doc json_doc;
  std::vector<std::unique_ptr<YamlDocument>> yaml;
  ParsedDocument parsed;
  Limits limits;
  out = PolicyConfig{};
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return true;  // empty: no policy
  if (!parse_document(text, json_doc, yaml, parsed, limits)) {
    err = "config: line " + std::to_string(parsed.line) + ": " + parsed.error;
    return false;
  }
  const Doc &d = *parsed.doc;
  if (d.nodes[d.root].type == NodeType::Null) return true;
  if (d.nodes[d.root].type != NodeType::Object) {
    err = "config: the document must be a mapping with the keys rules and policy";
    return false;
  }
  for (auto it = members(d, d.root); !it.done(); it.advance()) {
    std::string_view k = d.nodes[it.key].text();
    uint32_t v = it.value();
    if (k == "rules") {
      if (d.nodes[v].type == NodeType::Null) continue;
      if (d.nodes[v].type != NodeType::Object) {
        err = "config: rules must be a mapping from rule id to error, warning or off";
        return false;
      }
      for (auto r = members(d, v); !r.done(); r.advance()) {
        std::string_view id = d.nodes[r.key].text();
        if (!find_rule(id)) {
          err = "config: rules: unknown rule id \"" + std::string(id) + "\" (see docs/rules.md)";
          return false;
        }
        Level l;
        if (!parse_level(d.nodes[r.value()], l)) {
          err = "config: rules." + std::string(id) + " must be error, warning or off";
          return false;
        }
        bool replaced = false;
        for (auto &o : out.overrides) {
          if (o.first == id) {
            o.second = l;
            replaced = true;
          }
        }
        if (!replaced) out.overrides.emplace_back(std::string(id), l);
      }
    } else if (k == "policy") {
      if (!parse_policy(d, v, out, err)) return false;
    } else if (k == "apiVersion" || k == "kind") {
      continue;  // allowed for a manifest-like file; not interpreted
    } else {
      err = "config: unknown key \"" + std::string(k) + "\" (known: rules, policy)";
      return false;
    }
  }
  // A policy rule raised by severity alone needs its parameters.
  static const struct {
    const char *id;
    const char *param;
  } kNeeds[] = {{"P1", "allowedRegistries"}, {"P5", "maxTags"}, {"P6", "requiredTagAnnotations"}};
  for (const auto &n : kNeeds) {
    Level l = out.level(n.id);
    if ((l == Level::Error || l == Level::Warning) && !out.enabled(n.id)) {
      err = std::string("config: rules.") + n.id + " needs policy." + n.param;
      return false;
    }
  }
  return true;
}

void check_policy(const PolicyConfig &p, isc_operation op, const ImageStream &is, const ImageStream *old,
                  std::string_view internal_registry, Errors &e) {
  if (op == ISC_OP_STATUS_UPDATE) return;
  if (op != ISC_OP_UPDATE) old = nullptr;
  const bool p1 = p.enabled("P1"), p2 = p.enabled("P2"), p3 = p.enabled("P3"), p4 = p.enabled("P4"),
             p5 = p.enabled("P5"), p6 = p.enabled("P6");
  if (!(p1 || p2 || p3 || p4 || p5 || p6)) return;
  for (const TagReference *t = is.tag_begin(); t != is.tag_end(); ++t) {
    const TagReference *o = old ? old->find_tag(t->name.v) : nullptr;
    bool from_changed = !o || !same_from(*o, *t);
    if (is_docker_source(*t) && from_changed && !has_parameter(t->from.name.v)) {
      uint32_t pos = or_pos(t->from.name.pos, t->pos);
      if (p1) {
        std::string host = disallowed_registry(p, t->from.name.v, internal_registry);
        if (!host.empty())
          e.forbidden(tag_field(t->name.v, ".from.name"),
                      "registry " + go_quote(host) + " is not allowed by policy (allowed registries: " +
                          registry_list(p) + ")",
                      "P1", pos);
      }
      if (p4) {
        ImageRef ref;
        if (parse_image_ref(t->from.name.v, ref) == nullptr && ref.id.empty())
          e.invalid(tag_field(t->name.v, ".from.name"), quote_str(t->from.name.v),
                    "policy requires a digest-pinned image (<repository>@sha256:<digest>)", "P4", pos);
      }
    }
    if (p2 && t->reference_policy_type.v != "Local" && (!o || o->reference_policy_type.v != t->reference_policy_type.v)) {
      e.invalid(tag_field(t->name.v, ".referencePolicy.type"), quote_json(t->reference_policy_type.v),
                "policy requires \"Local\" (pods pull through the integrated registry)", "P2",
                or_pos(t->reference_policy_type.pos, or_pos(t->reference_policy_pos, t->pos)));
    }
    if (p3 && t->import_policy.insecure && (!o || !o->import_policy.insecure)) {
      e.forbidden(tag_field(t->name.v, ".importPolicy.insecure"), "insecure imports are not allowed by policy", "P3",
                  or_pos(t->import_policy.insecure_pos, t->pos));
    }
    if (p6 && (!o || !same_annotations(is, *t, *old, *o))) {
      for (const auto &key : p.required_tag_annotations) {
        if (!annotation(is, *t, key).empty()) continue;
        std::string f = tag_field(t->name.v, ".annotations[");
        f += key;
        f += ']';
        e.required(f, "required by policy on every tag", "P6", or_pos(t->annotations.pos, t->pos));
      }
    }
  }
  if (p5 && is.spec.tags.count > p.max_tags && (!old || is.spec.tags.count > old->spec.tags.count)) {
    std::string m = "spec.tags: Too many: " + std::to_string(is.spec.tags.count) + ": must have at most " +
                    std::to_string(p.max_tags) + (p.max_tags == 1 ? " item" : " items");
    e.raw(ISC_SEVERITY_ERROR, "spec.tags", "TooMany", m, "P5", is.spec.pos);
  }
}

void apply_severity_overrides(const PolicyConfig &p, isc_report &r) {
  if (p.overrides.empty()) return;
  size_t out = 0;
  bool any_error = false;
  for (size_t i = 0; i < r.count; ++i) {
    Level l = p.level(r.findings[i].rule);
    if (l == Level::Off) continue;
    if (out != i) std::swap(r.findings[out], r.findings[i]);
    isc_finding &f = r.findings[out++];
    if (l == Level::Error) f.severity = ISC_SEVERITY_ERROR;
    else if (l == Level::Warning) f.severity = ISC_SEVERITY_WARNING;
    any_error = any_error || f.severity == ISC_SEVERITY_ERROR;
  }
  r.count = out;
  r.has_error = any_error;
}

}  // namespace isc::detail
