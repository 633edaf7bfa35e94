// Whole inputs: concatenated JSON values or a YAML stream, whose documents
// may be ImageStreams, Lists, ImageStreamLists or Templates (decoding-rules
// §3.6, §5). Every ImageStream found becomes one entry of the file report.
#include <string>

#include "core/report.hh"
#include "core/validate.hh"
#include "decode/structural.hh"
#include "json/parser.hh"

namespace isc::detail {

namespace {

std::string_view member_string(const Doc &d, uint32_t obj, std::string_view key) {
  uint32_t v = d.find_last(obj, key);
  if (v && d.nodes[v].type == NodeType::String) return d.nodes[v].text();
  return {};
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// "List" or "<Kind>List": unstructured decoding's item kind is the kind
// without the suffix.
bool is_list_kind(std::string_view kind) { return kind.size() >= 4 && kind.substr(kind.size() - 4) == "List"; }

// Escapes a JSON Pointer reference token (RFC 6901).
void append_pointer_token(std::string &p, std::string_view tok) {
  p.push_back('/');
  for (char c : tok) {
    if (c == '~') p += "~0";
    else if (c == '/') p += "~1";
    else p.push_back(c);
  }
}

struct Walk {
  const isc_validator &v;
  isc_operation op;
  const OldInput &old;
  isc_file_report &out;
  size_t document = 0;
  const std::vector<YamlDuplicate> *yaml_duplicates = nullptr;

  isc_report &entry(const std::string &pointer) {
    isc_report &r = out.next_entry();
    r.document = document;
    r.object = pointer;
    return r;
  }

  // in_list: an item of a list that has a kind or an apiVersion (oc sends
  // the item as its own request).
  void object(const Doc &d, uint32_t node, const std::string &pointer, bool in_template, bool in_list,
              std::string_view inherited_kind, std::string_view inherited_api) {
    const Node &n = d.nodes[node];
    if (n.type != NodeType::Object) {
      isc_report &r = entry(pointer);
      Errors e(r, &d);
      e.raw(ISC_SEVERITY_ERROR, "", "BadRequest",
            std::string("expected an object (a Kubernetes resource), found ") + go_json_kind(n), "K1", n.pos);
      return;
    }
    uint32_t kind_node = d.find_last(node, "kind");
    uint32_t api_node = d.find_last(node, "apiVersion");
    std::string_view kind = member_string(d, node, "kind");
    isc_report *miscased = nullptr;  // the entry of a document with "Kind" (or "KIND") instead of "kind"
    bool miscased_image_stream = false;
    if (!kind_node) {
      // "Kind" with another case: oc refuses the document (kind not set).
      // A list or Template is still flattened, so that its content is
      // checked; an ImageStream is checked as one (its errors start with
      // "kind not set"); anything else is skipped.
      for (auto it = members(d, node); !it.done(); it.advance()) {
        std::string_view k = d.nodes[it.key].text();
        if (k.size() == 4 && (k[0] == 'K' || k[0] == 'k') && (k.substr(1) == "ind" || k.substr(1) == "IND") &&
            d.nodes[it.value()].type == NodeType::String) {
          std::string_view meant = d.nodes[it.value()].text();
          const bool container = meant == "Template" || is_list_kind(meant);
          miscased_image_stream = equals_ignoring_ascii_case(meant, "ImageStream");
          isc_report &r = entry(pointer);
          Errors e(r, &d);
          std::string text = "kind not set: the document has " + quote_str(k) +
                             " (field names are case-sensitive), so oc refuses it";
          if (container) text += "; its content is checked as kind " + quote_str(meant);
          else if (!miscased_image_stream && !in_list) text += "; skipped";
          e.warning("kind", text, "K5", d.nodes[it.key].pos);
          if (container) {
            kind = meant;
            kind_node = it.value();
          }
          miscased = &r;
          break;
        }
      }
    }
    std::string_view api = member_string(d, node, "apiVersion");
    // Unstructured decoding reads a kind or apiVersion that is absent, null
    // or "" as empty (GetKind, GetAPIVersion); a list item with both empty
    // takes the list's.
    const auto empty_value = [&](uint32_t x) {
      return !x || d.nodes[x].type == NodeType::Null || (d.nodes[x].type == NodeType::String && d.nodes[x].len == 0);
    };
    const bool kind_empty = empty_value(kind_node), api_empty = empty_value(api_node);
    bool inherit = false;
    if (kind_empty && api_empty && !inherited_kind.empty()) {
      kind = inherited_kind;
      api = inherited_api;
      inherit = true;
    }
    uint32_t items = d.find_last(node, "items");
    if (items && d.nodes[items].type != NodeType::Null) {
      // A list, whatever its kind (kind: ImageStream included): flattened;
      // items with neither kind nor apiVersion take the list's apiVersion
      // and its kind without a "List" suffix.
      if (d.nodes[items].type != NodeType::Array) {
        isc_report &r = miscased ? *miscased : entry(pointer);
        Errors e(r, &d);
        e.raw(ISC_SEVERITY_ERROR, "items", "BadRequest", "items: a list's items must be an array", "K1",
              d.nodes[items].pos);
        return;
      }
      const std::string_view item_kind = is_list_kind(kind) ? kind.substr(0, kind.size() - 4) : kind;
      size_t i = 0;
      for (auto e = elements(d, items); !e.done(); e.advance(), ++i) {
        std::string p = pointer;
        append_pointer_token(p, "items");
        append_pointer_token(p, std::to_string(i));
        // Items of a document that has no kind or apiVersion either are no
        // Kubernetes objects (a configuration file with an items key).
        object(d, e.cur, p, in_template, kind_node != 0 || api_node != 0, item_kind, api);
      }
      return;
    }
    if (kind == "Template") {
      uint32_t objects = d.find_last(node, "objects");
      if (objects && d.nodes[objects].type == NodeType::Array) {
        size_t i = 0;
        for (auto e = elements(d, objects); !e.done(); e.advance(), ++i) {
          std::string p = pointer;
          append_pointer_token(p, "objects");
          append_pointer_token(p, std::to_string(i));
          object(d, e.cur, p, true, false, {}, {});
        }
      }
      return;
    }
    // What oc refuses or the server rejects as an ImageStream request is
    // checked as one, so that its errors show (decoding-rules §4.3, §5.1):
    // - a kind that is no string ("kind isn't string type");
    // - a kind that is "ImageStream" but for case (discovery maps
    //   "imagestream", the server has no such kind);
    // - a list item without kind (or without apiVersion) that did not
    //   inherit them from the list.
    const bool kind_not_string = kind_node && !inherit && d.nodes[kind_node].type != NodeType::String;
    const bool list_item_untyped = in_list && !inherit && (kind_empty || api_empty);
    if (equals_ignoring_ascii_case(kind, "ImageStream") || kind_not_string || list_item_untyped ||
        miscased_image_stream) {
      isc_report &r = miscased ? *miscased : entry(pointer);
      ObjectInput in;
      in.doc = &d;
      in.node = node;
      in.in_template = in_template;
      in.inherit_gvk = inherit;
      in.inherited_api_version = api;
      in.yaml_duplicates = yaml_duplicates;
      validate_object(v, op, in, old, r);
      if (inherit) {
        r.kind.assign(kind);
        r.api_version.assign(api);
      }
      return;
    }
    if (miscased) return;  // said so already
    if (!kind_node) {
      // Not a Kubernetes object at all (a configuration file of some other
      // tool): a warning, not an error.
      isc_report &r = entry(pointer);
      Errors e(r, &d);
      e.warning("kind", "kind not set: the document is not a Kubernetes object that oc could create; skipped", "K5",
                n.pos);
      return;
    }
    ++out.skipped;
  }
};

}  // namespace

namespace {

// A document larger than the API server's request limit: one L1 finding
// instead of its content (as isc_validate() reports it).
bool oversized(Walk &w, size_t bytes) {
  uint64_t limit = w.v.opts.limits.max_document_bytes;
  if (bytes <= limit) return false;
  isc_report &r = w.entry("");
  Errors e(r, nullptr);
  e.raw(ISC_SEVERITY_ERROR, "", "BadRequest",
        "the document is " + std::to_string(bytes) + " bytes, more than the limit of " + std::to_string(limit) +
            " bytes (the API server's request size limit)",
        "L1", kNoPos);
  return true;
}

void syntax_entry(Walk &w, const std::string &message, uint32_t line, uint32_t column) {
  isc_report &r = w.entry("");
  isc_finding &f = r.add(ISC_SEVERITY_ERROR, "", "SyntaxError", message, "D1", kNoPos, nullptr);
  f.line = line;
  f.column = column;
}

// Concatenated JSON values (oc create -f reads them one after the other).
// Returns false when the very first value does not parse (the caller may
// then try YAML), after reporting nothing.
struct JsonFailure {
  std::string message;
  uint32_t line = 0, column = 0;
};

bool json_stream(const isc_validator &v, std::string_view src, Walk &w, isc_file_report &out, bool fallback_ok,
                 JsonFailure &failure) {
  size_t off = skip_json_space(src, 0);
  while (off < src.size()) {
    Doc &d = out.doc_at(out.documents);
    d.clear();
    JsonError je;
    JsonLimits jl;
    jl.max_depth = v.opts.limits.max_depth;
    size_t at = off;
    if (!parse_json_value(src, &at, d, je, jl)) {
      Location loc = d.locate(je.pos);
      if (out.documents == 0 && fallback_ok) {
        failure = JsonFailure{je.message, loc.line, loc.col};
        return false;
      }
      w.document = out.documents;
      ++out.documents;
      syntax_entry(w, je.message, loc.line, loc.col);
      return true;
    }
    w.document = out.documents;
    ++out.documents;
    w.yaml_duplicates = nullptr;
    if (!oversized(w, at - off)) w.object(d, d.root, "", false, false, {}, {});
    off = skip_json_space(src, at);
  }
  return true;
}

void yaml_stream(const isc_validator &v, std::string_view src, Walk &w, isc_file_report &out,
                 const JsonFailure *json_failure) {
  out.yaml_loader.recycle(out.yaml);
  YamlError ye;
  YamlLimits yl;
  yl.max_depth = v.opts.limits.max_depth;
  yl.max_nodes = v.opts.limits.max_yaml_nodes;
  bool ok = out.yaml_loader.load(src, out.yaml, ye, yl);
  if (!ok && out.yaml.empty() && json_failure) {
    // Meant as JSON (it starts with '{'), and not YAML either: the JSON
    // error says what is wrong.
    w.document = out.documents++;
    syntax_entry(w, json_failure->message, json_failure->line, json_failure->column);
    return;
  }
  for (const auto &yd : out.yaml) {
    w.document = out.documents++;
    w.yaml_duplicates = &yd->duplicates;
    if (!oversized(w, yd->doc.src.size())) w.object(yd->doc, yd->doc.root, "", false, false, {}, {});
  }
  if (!ok) {
    // A YAML error stops the rest of the file (oc: error parsing <file>).
    w.document = out.documents++;
    syntax_entry(w, ye.message, ye.line, ye.column);
  } else if (out.yaml.empty()) {
    w.document = 0;
    isc_report &r = w.entry("");
    Errors e(r, nullptr);
    e.warning("", "no objects: the input holds only empty or comment documents", "K5", kNoPos);
  }
}

}  // namespace

void validate_input(const isc_validator &v, isc_operation op, std::string_view buf, isc_format format,
                    std::string_view old_doc, bool has_old, isc_file_report &out) {
  out.reset();
  out.src.assign(buf.data(), buf.size());
  std::string_view src = out.src;

  OldInput old;
  ParsedDocument old_parsed;
  if (has_old) {
    out.old_src.assign(old_doc.data(), old_doc.size());
    if (parse_document(out.old_src, out.old_doc, out.old_yaml, old_parsed, v.opts.limits, &out.yaml_loader)) {
      old.doc = old_parsed.doc;
      old.node = old_parsed.doc->root;
    } else {
      old.doc = &out.old_doc;
      old.error = old_parsed.error;
    }
  }

  Walk w{v, op, old, out};
  if (buf.size() > v.opts.limits.max_document_bytes * 16) {
    isc_report &r = w.entry("");
    Errors e(r, nullptr);
    e.raw(ISC_SEVERITY_ERROR, "", "BadRequest",
          "the input is " + std::to_string(buf.size()) + " bytes, more than the limit of " +
              std::to_string(v.opts.limits.max_document_bytes * 16) + " bytes for a file",
          "L1", kNoPos);
    return;
  }
  size_t first = skip_json_space(src, 0);
  if (first >= src.size()) {
    isc_report &r = w.entry("");
    Errors e(r, nullptr);
    e.warning("", "no objects: the input is empty", "K5", kNoPos);
    return;
  }
  // As oc decides: JSON when the first non-space byte is '{', else YAML (a
  // top-level array too: it is no object either way, and its syntax errors
  // are YAML's).
  bool json = format == ISC_FORMAT_JSON || (format == ISC_FORMAT_AUTO && src[first] == '{');
  JsonFailure failure;
  if (json) {
    if (json_stream(v, src, w, out, format == ISC_FORMAT_AUTO, failure)) return;
    // Not JSON after all: a YAML flow mapping reads as YAML (decoding-rules §3.7).
    out.reset();
    out.documents = 0;
  }
  yaml_stream(v, src, w, out, json ? &failure : nullptr);
}

}  // namespace isc::detail
