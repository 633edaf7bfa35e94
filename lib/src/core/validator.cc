#include "core/validator.hh"

#include "core/operations.hh"
#include "core/validate.hh"
#include "decode/build.hh"
#include "decode/structural.hh"
#include "json/parser.hh"

namespace isc::detail {

const ImageStream *Environment::find(std::string_view ns, std::string_view name) const {
  for (const auto &s : streams) {
    if (s->is.meta.namespace_.v == ns && s->is.meta.name.v == name) return &s->is;
  }
  return nullptr;
}

namespace {

bool get_string(const Doc &d, uint32_t node, const char *what, std::string &out, std::string &err) {
  const Node &n = d.nodes[node];
  if (n.type == NodeType::Null) return true;
  if (n.type != NodeType::String) {
    err = std::string(what) + " must be a string";
    return false;
  }
  out.assign(n.text());
  return true;
}

}  // namespace

bool parse_environment(std::string_view text, Environment &env, std::string &err) {
  Doc json_doc;
  std::vector<std::unique_ptr<YamlDocument>> yaml;
  ParsedDocument parsed;
  Limits limits;
  if (!parse_document(text, json_doc, yaml, parsed, limits)) {
    err = "environment: line " + std::to_string(parsed.line) + ": " + parsed.error;
    return false;
  }
  const Doc &d = *parsed.doc;
  uint32_t root = d.root;
  if (d.nodes[root].type != NodeType::Object) {
    err = "environment: the document must be an object";
    return false;
  }
  std::shared_ptr<const Model> model = Model::compile();
  for (auto it = members(d, root); !it.done(); it.advance()) {
    std::string_view k = d.nodes[it.key].text();
    uint32_t v = it.value();
    if (k == "allowedRegistriesForImport") {
      if (d.nodes[v].type == NodeType::Null) continue;
      if (d.nodes[v].type != NodeType::Array) {
        err = "environment: allowedRegistriesForImport must be a list of {domainName, insecure}";
        return false;
      }
      for (auto e = elements(d, v); !e.done(); e.advance()) {
        if (d.nodes[e.cur].type != NodeType::Object) {
          err = "environment: allowedRegistriesForImport entries must be objects {domainName, insecure}";
          return false;
        }
        AllowedRegistry r;
        for (auto m = members(d, e.cur); !m.done(); m.advance()) {
          std::string_view mk = d.nodes[m.key].text();
          const Node &mv = d.nodes[m.value()];
          if (mk == "domainName") {
            if (!get_string(d, m.value(), "allowedRegistriesForImport[].domainName", r.domain_name, err)) return false;
          } else if (mk == "insecure") {
            if (mv.type != NodeType::True && mv.type != NodeType::False && mv.type != NodeType::Null) {
              err = "environment: allowedRegistriesForImport[].insecure must be a boolean";
              return false;
            }
            r.insecure = mv.type == NodeType::True;
          } else {
            err = "environment: unknown key \"" + std::string(mk) + "\" in allowedRegistriesForImport[]";
            return false;
          }
        }
        if (r.domain_name.empty()) {
          err = "environment: allowedRegistriesForImport[].domainName is required";
          return false;
        }
        env.allowed_registries.push_back(std::move(r));
      }
    } else if (k == "internalRegistryHostname") {
      if (!get_string(d, v, "environment: internalRegistryHostname", env.internal_registry, err)) return false;
    } else if (k == "externalRegistryHostname") {
      if (!get_string(d, v, "environment: externalRegistryHostname", env.external_registry, err)) return false;
    } else if (k == "defaultImportMode") {
      std::string mode;
      if (!get_string(d, v, "environment: defaultImportMode", mode, err)) return false;
      if (mode.empty()) mode = "Legacy";
      if (mode != "Legacy" && mode != "PreserveOriginal") {
        err = "environment: defaultImportMode must be Legacy or PreserveOriginal (the API server accepts no other)";
        return false;
      }
      env.default_import_mode = mode;
    } else if (k == "imageStreams") {
      if (d.nodes[v].type == NodeType::Null) continue;
      if (d.nodes[v].type != NodeType::Array) {
        err = "environment: imageStreams must be a list of ImageStream objects";
        return false;
      }
      size_t idx = 0;
      for (auto e = elements(d, v); !e.done(); e.advance(), ++idx) {
        auto s = std::make_unique<EnvStream>();
        write_json(d, e.cur, s->src);
        JsonError je;
        if (!parse_json_document(s->src, s->doc, je) || s->doc.nodes[s->doc.root].type != NodeType::Object) {
          err = "environment: imageStreams[" + std::to_string(idx) + "] is not an object";
          return false;
        }
        StructuralOptions so;
        so.check_unknown = false;
        so.check_duplicates = false;
        so.check_required = false;
        DecodeResult dr;
        StructuralScratch scratch;
        check_structure(s->doc, s->doc.root, model->image_stream(), so, dr, scratch);
        if (dr.fatal()) {
          err = "environment: imageStreams[" + std::to_string(idx) + "]: " +
                (dr.has_immediate ? dr.immediate.message : dr.type.message);
          return false;
        }
        build_image_stream(s->doc, s->doc.root, s->is);
        s->is.to_internal();
        if (s->is.meta.name.v.empty()) {
          err = "environment: imageStreams[" + std::to_string(idx) + "] has no metadata.name";
          return false;
        }
        env.streams.push_back(std::move(s));
      }
      // Defaults need the final import mode: applied once every key is read.
    } else {
      err = "environment: unknown key \"" + std::string(k) +
            "\" (known: allowedRegistriesForImport, internalRegistryHostname, externalRegistryHostname, "
            "defaultImportMode, imageStreams)";
      return false;
    }
  }
  for (auto &s : env.streams) apply_v1_defaults(s->is, env.default_import_mode);
  return true;
}

}  // namespace isc::detail

bool isc_validator::known_stream(std::string_view ns, std::string_view name) const {
  for (const auto &k : opts.known_streams) {
    if (k.first == ns && k.second == name) return true;
  }
  return false;
}
