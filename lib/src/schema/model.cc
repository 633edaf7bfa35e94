#include "schema/model.hh"

#include <algorithm>  // fill
#include <iterator>   // begin, end
#include <map>        // map
#include <stdexcept>  // runtime_error

#include "json/parser.hh"
#include "schema/embedded.hh"

namespace isc::detail {

class ModelBuilder {
 public:
  explicit ModelBuilder(Model &m) : m_(m) {}

  void load_all() {
    size_t count = 0;
    const EmbeddedSchema *tab = embedded_schemas(&count);
    for (size_t i = 0; i < count; ++i) {
      auto doc = std::make_unique<Doc>();
      JsonError err;
      if (!parse_json_document(std::string_view(tab[i].data, tab[i].size), *doc, err)) {
        throw std::runtime_error(std::string("embedded schema ") + tab[i].name + ": " + err.message);
      }
      docs_[std::string(tab[i].name) + ".json"] = std::move(doc);
    }
    for (size_t i = 0; i < count; ++i) {
      std::string file = std::string(tab[i].name) + ".json";
      const TypeNode *t = resolve(file, "");
      m_.roots_.emplace_back(tab[i].name, t);
    }
    m_.image_stream_ = m_.root("ImageStream");
    m_.image_stream_list_ = m_.root("ImageStreamList");
    if (!m_.image_stream_ || !m_.image_stream_list_) throw std::runtime_error("ImageStream schemas missing");
  }

 private:
  // Resolves file + JSON pointer ("" or "/definitions/X") to a compiled node.
  const TypeNode *resolve(const std::string &file, const std::string &pointer) {
    std::string key = file + (pointer.empty() ? "" : "#" + pointer);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    auto d = docs_.find(file);
    if (d == docs_.end()) throw std::runtime_error("unresolved $ref to " + key);
    const Doc &doc = *d->second;
    uint32_t node = doc.root;
    size_t p = 0;
    while (p < pointer.size()) {
      size_t q = pointer.find('/', p + 1);
      std::string seg = pointer.substr(p + 1, q == std::string::npos ? std::string::npos : q - p - 1);
      node = doc.find_last(node, seg);
      if (!node) throw std::runtime_error("unresolved $ref to " + key);
      p = q == std::string::npos ? pointer.size() : q;
    }
    m_.nodes_.emplace_back();
    TypeNode *t = &m_.nodes_.back();
    cache_[key] = t;  // before recursing: refs may be cyclic
    t->location = key;
    build(doc, file, node, *t);
    return t;
  }

  const TypeNode *compile_sub(const Doc &doc, const std::string &file, uint32_t node, const std::string &where) {
    if (doc.nodes[node].type != NodeType::Object) throw std::runtime_error("schema at " + where + " is not an object");
    uint32_t r = doc.find_last(node, "$ref");
    if (r) {
      std::string ref(doc.nodes[r].text());
      size_t hash = ref.find('#');
      std::string f = hash == std::string::npos ? ref : ref.substr(0, hash);
      std::string ptr = hash == std::string::npos ? "" : ref.substr(hash + 1);
      if (f.empty()) f = file;
      return resolve(f, ptr);
    }
    m_.nodes_.emplace_back();
    TypeNode *t = &m_.nodes_.back();
    t->location = where;
    build(doc, file, node, *t);
    return t;
  }

  static std::string str(const Doc &doc, uint32_t obj, const char *key) {
    uint32_t v = doc.find_last(obj, key);
    if (!v || doc.nodes[v].type != NodeType::String) return {};
    return std::string(doc.nodes[v].text());
  }

  void build(const Doc &doc, const std::string &file, uint32_t node, TypeNode &t) {
    t.go_type = str(doc, node, "x-go-type");
    t.go_struct = str(doc, node, "x-go-struct");
    std::string primary;
    bool nullable = false;
    uint32_t ty = doc.find_last(node, "type");
    if (ty) {
      if (doc.nodes[ty].type == NodeType::String) {
        primary = std::string(doc.nodes[ty].text());
      } else if (doc.nodes[ty].type == NodeType::Array) {
        for (auto e = elements(doc, ty); !e.done(); e.advance()) {
          std::string_view s = doc.nodes[e.cur].text();
          if (s == "null") nullable = true;
          else primary = std::string(s);
        }
      }
    }
    // The API server's decoder accepts null for every field; the schemas must say so.
    if (ty && !nullable) throw std::runtime_error(t.location + ": type must include null");
    if (uint32_t en = doc.find_last(node, "enum")) {
      for (auto e = elements(doc, en); !e.done(); e.advance()) {
        if (doc.nodes[e.cur].type == NodeType::String) t.enum_values.emplace_back(doc.nodes[e.cur].text());
      }
    }
    if (primary.empty()) {
      t.kind = TKind::Any;
    } else if (primary == "object") {
      uint32_t props = doc.find_last(node, "properties");
      uint32_t addl = doc.find_last(node, "additionalProperties");
      if (props) {
        t.kind = TKind::Struct;
        if (t.go_struct.empty()) throw std::runtime_error(t.location + ": x-go-struct missing");
        if (!addl || doc.nodes[addl].type != NodeType::False)
          throw std::runtime_error(t.location + ": structs must set additionalProperties false");
        for (auto it = members(doc, props); !it.done(); it.advance()) {
          FieldDef f;
          f.name = std::string(doc.nodes[it.key].text());
          f.type = compile_sub(doc, file, it.value(), t.location + "/properties/" + f.name);
          t.fields.push_back(std::move(f));
        }
        if (uint32_t req = doc.find_last(node, "required")) {
          for (auto e = elements(doc, req); !e.done(); e.advance()) t.required.emplace_back(doc.nodes[e.cur].text());
        }
        t.index_fields();
      } else if (addl && doc.nodes[addl].type == NodeType::Object) {
        t.kind = TKind::Map;
        t.elem = compile_sub(doc, file, addl, t.location + "/additionalProperties");
      } else {
        throw std::runtime_error(t.location + ": object without properties or additionalProperties schema");
      }
    } else if (primary == "array") {
      t.kind = TKind::Array;
      uint32_t items = doc.find_last(node, "items");
      if (!items) throw std::runtime_error(t.location + ": array without items");
      t.elem = compile_sub(doc, file, items, t.location + "/items");
    } else if (primary == "string") {
      t.kind = str(doc, node, "format") == "date-time" ? TKind::Time : TKind::String;
    } else if (primary == "boolean") {
      t.kind = TKind::Bool;
    } else if (primary == "integer") {
      t.kind = TKind::Int64;
    } else {
      throw std::runtime_error(t.location + ": unsupported type " + primary);
    }
    if (t.go_type.empty()) throw std::runtime_error(t.location + ": x-go-type missing");
  }

  Model &m_;
  std::map<std::string, std::unique_ptr<Doc>> docs_;
  std::map<std::string, const TypeNode *> cache_;
};

std::shared_ptr<const Model> Model::compile() {
  auto m = std::make_shared<Model>();
  ModelBuilder b(*m);
  b.load_all();
  return m;
}

void TypeNode::index_fields() {
  if (fields.size() > kMaxFields) throw std::runtime_error(location + ": more than 64 fields");
  std::fill(std::begin(slots), std::end(slots), uint8_t{0});
  for (size_t i = 0; i < fields.size(); ++i) {
    uint32_t h = slot_of(fields[i].name);
    while (slots[h] != 0) h = (h + 1) & (kSlots - 1);
    slots[h] = static_cast<uint8_t>(i + 1);
  }
  required_fields.clear();
  for (const auto &r : required) required_fields.push_back(field_index(r));
}

const TypeNode *Model::root(std::string_view name) const {
  for (const auto &r : roots_) {
    if (r.first == name) return r.second;
  }
  return nullptr;
}

}  // namespace isc::detail
