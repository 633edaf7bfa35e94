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

  isc_report &entry(const std::string &pointer) {
    isc_report &r = out.next_entry();
    r.document = document;
    r.object = pointer;
    return r;
  }

  void object(const Doc &d, uint32_t node, const std::string &pointer, bool in_template,
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
    std::string_view api = member_string(d, node, "apiVersion");
    bool inherit = false;
    if (!kind_node && !api_node && !inherited_kind.empty()) {
      kind = inherited_kind;
      api = inherited_api;
      inherit = true;
    }
    uint32_t items = d.find_last(node, "items");
    if (items && d.nodes[items].type != NodeType::Null && kind != "ImageStream") {
      // A list, whatever its kind: flattened, items inherit kind and
      // apiVersion from an <Kind>List.
      if (d.nodes[items].type != NodeType::Array) {
        isc_report &r = entry(pointer);
        Errors e(r, &d);
        e.raw(ISC_SEVERITY_ERROR, "items", "BadRequest", "items: a list's items must be an array", "K1",
              d.nodes[items].pos);
        return;
      }
      std::string_view item_kind;
      if (kind.size() > 4 && kind.substr(kind.size() - 4) == "List") item_kind = kind.substr(0, kind.size() - 4);
      size_t i = 0;
      for (auto e = elements(d, items); !e.done(); e.advance(), ++i) {
        std::string p = pointer;
        append_pointer_token(p, "items");
        append_pointer_token(p, std::to_string(i));
        object(d, e.cur, p, in_template, item_kind, api);
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
          object(d, e.cur, p, true, {}, {});
        }
      }
      return;
    }
    if (kind == "ImageStream") {
      isc_report &r = entry(pointer);
      ObjectInput in;
      in.doc = &d;
      in.node = node;
      in.in_template = in_template;
      in.inherit_gvk = inherit;
      in.inherited_api_version = api;
      validate_object(v, op, in, old, r);
      if (inherit) {
        r.kind.assign(kind);
        r.api_version.assign(api);
      }
      return;
    }
    if (!kind_node) {
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

void validate_input(const isc_validator &v, isc_operation op, std::string_view buf, isc_format format,
                    std::string_view old_doc, bool has_old, isc_file_report &out) {
  out.reset();
  out.src.assign(buf.data(), buf.size());
  std::string_view src = out.src;

  OldInput old;
  std::string old_err;
  if (has_old) {
    out.old_src.assign(old_doc.data(), old_doc.size());
    uint32_t epos = 0;
    if (parse_single_document(out.old_src, out.old_doc, old_err, epos, v.opts.limits)) {
      old.doc = &out.old_doc;
      old.node = out.old_doc.root;
    } else {
      old.doc = &out.old_doc;
      old.error = old_err;
    }
  }

  Walk w{v, op, old, out};
  (void)format;
  // JSON: one value or several concatenated values (oc create -f accepts both).
  size_t off = skip_json_space(src, 0);
  if (off >= src.size()) {
    isc_report &r = w.entry("");
    Errors e(r, nullptr);
    e.raw(ISC_SEVERITY_ERROR, "", "SyntaxError", "no objects passed to create: the input is empty", "D1", kNoPos);
    return;
  }
  while (off < src.size()) {
    Doc &d = out.doc_at(out.documents);
    d.clear();
    JsonError je;
    JsonLimits jl;
    jl.max_depth = v.opts.limits.max_depth;
    size_t at = off;
    if (!parse_json_value(src, &at, d, je, jl)) {
      w.document = out.documents;
      ++out.documents;
      isc_report &r = w.entry("");
      Errors e(r, &d);
      e.raw(ISC_SEVERITY_ERROR, "", "SyntaxError", je.message, "D1", je.pos);
      r.locate();
      return;
    }
    w.document = out.documents;
    ++out.documents;
    size_t first = out.count;
    w.object(d, d.root, "", false, {}, {});
    for (size_t i = first; i < out.count; ++i) out.entries[i]->locate();
    off = skip_json_space(src, at);
  }
}

}  // namespace isc::detail
