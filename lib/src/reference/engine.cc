// The reference engine (see engine.hh).
//
// valijson checks what JSON Schema expresses (type, additionalProperties,
// required); this file turns its findings into the API server's words and
// puts them in the decoder's order:
//
// 1. The Doc subtree becomes an nlohmann::json value (last duplicate key
//    wins; integer literals within int64 are integers, every other number
//    is a float, so "integer" rejects exactly what strconv.ParseInt does).
// 2. valijson validates it against the compiled ImageStream schema,
//    collecting every error. Each error context ("<root>", "[spec]",
//    "[tags]", "[0]") is resolved back to a Doc node, the Go type model
//    supplying struct names, Go paths and Go type names.
// 3. Go also decodes the earlier occurrences of a duplicated key, which the
//    last-wins conversion drops: each one is validated on its own against
//    the schema of its field (one valijson Schema per type, compiled at
//    create()).
// 4. Duplicates, metav1.Time parsing and UTF-8 are checked by the shared
//    walker (check_structure with the type, unknown and required checks
//    off). Everything is then merged in decoding order: document order for
//    JSON, sorted keys for YAML (the server re-marshals YAML through a map).
//
// Schema keywords the engine ignores are `enum` (the server reports enums
// through validation rules), `minimum`/`maximum` (int64 bounds, implied by
// the integer typing above) and `format`. `format` is removed from the
// schema documents before compiling: valijson 1.0 builds a std::regex for
// every date-time value it checks and throws on a non-string value (its
// FormatConstraint calls asString() without a type guard); metav1.Time is
// the shared walker's job anyway.
#define VALIJSON_USE_EXCEPTIONS 1  // before any valijson header: errors throw instead of abort()

#include "reference/engine.hh"

#include <algorithm>      // sort, stable_sort
#include <charconv>       // from_chars
#include <cstdint>        // int64_t, uint64_t
#include <limits>         // numeric_limits
#include <map>            // map
#include <new>            // bad_alloc
#include <set>            // set
#include <stdexcept>      // runtime_error, logic_error
#include <string>         // string
#include <string_view>    // string_view
#include <unordered_map>  // unordered_map
#include <unordered_set>  // unordered_set
#include <utility>        // move, pair
#include <vector>         // vector

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "schema/embedded.hh"
#include "util/goquote.hh"

namespace isc::detail {
namespace {

using Json = nlohmann::json;
using Adapter = valijson::adapters::NlohmannJsonAdapter;

// valijson's error descriptions (validation_visitor.hpp, 1.0). Everything
// else it reports (enum, bounds, "failed to validate against ..." summaries
// pushed at every ancestor) is ignored.
constexpr std::string_view kTypeError = "Value type not permitted by 'type' constraint.";
constexpr std::string_view kNoAdditional = "Object contains a property that could not be validated";
constexpr std::string_view kAdditionalFailed = "Failed to validate against additional properties schema";
constexpr std::string_view kMissingRequired = "Missing required property '";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Removes every `format` keyword from a schema document (see the file
// comment). The keyword's value is a string; a property named "format"
// would hold a schema object and stays.
void strip_format(Json &j) {
  if (j.is_object()) {
    auto f = j.find("format");
    if (f != j.end() && f->is_string()) j.erase(f);
    for (auto &v : j) strip_format(v);
  } else if (j.is_array()) {
    for (auto &v : j) strip_format(v);
  }
}

// TypeNode::location ("TagReference.json", "ObjectMeta.json#/definitions/X",
// "ImageStream.json/properties/kind") as a JSON Reference.
std::string location_ref(const std::string &loc) {
  size_t p = loc.find(".json");
  if (p == std::string::npos) throw std::runtime_error("reference engine: schema location without a file: " + loc);
  p += 5;
  std::string ref = loc.substr(0, p);
  std::string rest = loc.substr(p);
  if (rest.empty()) return ref;
  if (rest[0] != '#') ref.push_back('#');
  return ref + rest;
}

class Engine;

// Position of a value in decoding order, and where the walker stands there.
struct Frame {
  uint32_t node = 0;
  const TypeNode *type = nullptr;
  std::string path;                // "spec.tags[0].from"
  std::string go_path;             // "spec.tags.from"
  const char *struct_name = "";    // innermost Go struct ("ObjectReference")
};

struct StrictEvent {
  uint64_t key;
  DecodeIssue issue;
  bool dup;
};
struct TypeEvent {
  uint64_t key;
  DecodeIssue issue;
};
struct RequiredEvent {
  uint64_t key;    // end of the struct
  uint64_t start;  // the struct itself: of structs ending together, the inner one ends first
  size_t seq;      // index in the struct's required list
  DecodeIssue issue;
};

class Engine final : public ReferenceEngine {
 public:
  explicit Engine(std::shared_ptr<const Model> model);
  void check(const Doc &doc, uint32_t root, const StructuralOptions &opts, DecodeResult &out,
             StructuralScratch &scratch) const override;

  [[nodiscard]] const Model &model() const { return *model_; }
  [[nodiscard]] const valijson::Subschema &schema_for(const TypeNode *t) const;

 private:
  void compile(const TypeNode *t, valijson::Schema &schema, bool root) const;

  std::shared_ptr<const Model> model_;
  std::map<std::string, Json> docs_;  // "ImageStream.json" -> schema document (format removed)
  std::unordered_map<const TypeNode *, std::unique_ptr<valijson::Schema>> schemas_;
};

// One check() call.
class Run {
 public:
  Run(const Engine &e, const Doc &d, uint32_t root, const StructuralOptions &o)
      : e_(e), d_(d), root_(root), o_(o) {}

  void execute(DecodeResult &out, StructuralScratch &scratch);

 private:
  // --- decoding order ---
  void rank_yaml();
  [[nodiscard]] uint64_t node_key(uint32_t n) const;
  [[nodiscard]] uint64_t end_key(uint32_t n) const;
  [[nodiscard]] bool visible_key(uint32_t key) const { return !(d_.yaml && (d_.nodes[key].flags & kKeySuperseded)); }
  uint32_t locate(uint32_t pos, const std::string &field) const;
  [[nodiscard]] std::string path_of(uint32_t target) const;

  // --- validation ---
  Json to_json(uint32_t node) const;
  void validate(const Frame &base);
  void earlier_occurrences(const Frame &f);
  void later_duplicate_flags(uint32_t obj, std::vector<char> &flags) const;
  [[nodiscard]] Frame member(const Frame &f, uint32_t key) const;
  [[nodiscard]] Frame element(const Frame &f, uint32_t elem, uint32_t index) const;
  Frame resolve(const Frame &base, const std::vector<std::string> &context) const;
  void translate(const valijson::ValidationResults::Error &err, const Frame &base);
  void type_event(const Frame &f);
  void unknown_events(const Frame &f);

  const Engine &e_;
  const Doc &d_;
  uint32_t root_;
  const StructuralOptions &o_;

  std::vector<uint32_t> rank_, end_;  // YAML only (JSON: node index order is decoding order)
  std::vector<TypeEvent> types_;
  std::vector<StrictEvent> strict_;
  std::vector<RequiredEvent> required_;
  std::unordered_set<uint32_t> unknown_done_;  // objects whose unknown fields were listed
};

// ---------------------------------------------------------------------------
// Engine

Engine::Engine(std::shared_ptr<const Model> model) : model_(std::move(model)) {
  if (!model_) throw std::runtime_error("reference engine: no type model");
  size_t count = 0;
  const EmbeddedSchema *tab = embedded_schemas(&count);
  for (size_t i = 0; i < count; ++i) {
    Json j;
    try {
      j = Json::parse(std::string_view(tab[i].data, tab[i].size));
    } catch (const Json::exception &ex) {
      throw std::runtime_error(std::string("reference engine: embedded schema ") + tab[i].name + ": " + ex.what());
    }
    strip_format(j);
    docs_.emplace(std::string(tab[i].name) + ".json", std::move(j));
  }

  // Every type reachable from ImageStream gets a schema: the root for whole
  // documents, the others for earlier occurrences of duplicated keys.
  std::vector<const TypeNode *> todo{model_->image_stream()};
  std::unordered_set<const TypeNode *> seen{model_->image_stream()};
  while (!todo.empty()) {
    const TypeNode *t = todo.back();
    todo.pop_back();
    auto add = [&](const TypeNode *c) {
      if (c && seen.insert(c).second) todo.push_back(c);
    };
    for (const auto &f : t->fields) add(f.type);
    add(t->elem);
    auto s = std::make_unique<valijson::Schema>();
    try {
      compile(t, *s, t == model_->image_stream());
    } catch (const std::bad_alloc &) {
      throw;
    } catch (const std::exception &ex) {
      throw std::runtime_error("reference engine: cannot compile the schema of " + t->location + " with valijson: " +
                               ex.what());
    }
    schemas_.emplace(t, std::move(s));
  }
}

void Engine::compile(const TypeNode *t, valijson::Schema &schema, bool root) const {
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  using Fn = valijson::SchemaParser::FunctionPtrs<Adapter>;
  // Relative references ("TagReference.json") reach fetchDoc as written:
  // the documents carry `$id`, which valijson 1.0 does not use as a scope.
  Fn::FetchDoc fetch = [this](const std::string &uri) -> const Json * {
    auto it = docs_.find(uri);
    return it == docs_.end() ? nullptr : &it->second;
  };
  Fn::FreeDoc release = [](const Json *) {};  // the engine owns the documents
  if (root) {
    auto it = docs_.find(t->location);
    if (it == docs_.end()) throw std::runtime_error("no embedded schema " + t->location);
    parser.populateSchema(Adapter(it->second), schema, fetch, release);
    return;
  }
  // valijson resolves a relative $ref at the root of a schema against the
  // schema itself, so the reference goes one level down, into allOf (its
  // errors keep the instance context).
  Json wrapper = {{"allOf", Json::array({Json{{"$ref", location_ref(t->location)}}})}};
  parser.populateSchema(Adapter(wrapper), schema, fetch, release);
}

const valijson::Subschema &Engine::schema_for(const TypeNode *t) const {
  auto it = schemas_.find(t);
  if (it == schemas_.end()) throw std::logic_error("reference engine: no schema for " + t->location);
  return *it->second;
}

void Engine::check(const Doc &doc, uint32_t root, const StructuralOptions &opts, DecodeResult &out,
                   StructuralScratch &scratch) const {
  try {
    Run r(*this, doc, root, opts);
    r.execute(out, scratch);
  } catch (const std::bad_alloc &) {
    throw;
  } catch (const std::exception &ex) {
    // Not expected: an inconsistency between valijson and the model. Make it
    // visible rather than guessing a result.
    out.clear();
    out.has_immediate = true;
    out.immediate = DecodeIssue{"", std::string("isconform: internal error in the reference engine: ") + ex.what(),
                                doc.nodes[root].pos};
  }
}

// ---------------------------------------------------------------------------
// Decoding order. Events are sorted by a 64-bit key: 2*rank for an event at
// a node (a type error at a value, an unknown or duplicate field at a key),
// 2*end-1 for the required warnings of a struct, emitted once its members
// are decoded (end: the rank just past its subtree; nested containers that
// end together share it, and the inner one comes first).

void Run::rank_yaml() {
  const uint32_t none = std::numeric_limits<uint32_t>::max();
  rank_.assign(d_.nodes.size(), none);
  end_.assign(d_.nodes.size(), 0);
  uint32_t counter = 0;
  struct Level {
    uint32_t node;
    std::vector<uint32_t> kids;  // keys (objects) or elements (arrays), in decoding order
    size_t next = 0;
  };
  std::vector<Level> stack;
  auto enter = [&](uint32_t n) {
    rank_[n] = counter++;
    const Node &nd = d_.nodes[n];
    if (!nd.is_container()) {
      end_[n] = counter;
      return;
    }
    Level lv{n, {}, 0};
    if (nd.type == NodeType::Object) {
      for (auto it = members(d_, n); !it.done(); it.advance()) {
        if (visible_key(it.key)) lv.kids.push_back(it.key);
      }
      std::stable_sort(lv.kids.begin(), lv.kids.end(),
                       [&](uint32_t a, uint32_t b) { return d_.nodes[a].text() < d_.nodes[b].text(); });
    } else {
      for (auto el = elements(d_, n); !el.done(); el.advance()) lv.kids.push_back(el.cur);
    }
    stack.push_back(std::move(lv));
  };
  enter(root_);
  while (!stack.empty()) {
    Level &top = stack.back();
    if (top.next == top.kids.size()) {
      end_[top.node] = counter;
      stack.pop_back();
      continue;
    }
    uint32_t k = top.kids[top.next++];
    if (d_.nodes[top.node].type == NodeType::Object) {
      rank_[k] = counter++;
      enter(k + 1);  // may reallocate `stack`: `top` is not used afterwards
    } else {
      enter(k);
    }
  }
}

uint64_t Run::node_key(uint32_t n) const {
  if (!d_.yaml) return 2 * static_cast<uint64_t>(n);
  return 2 * static_cast<uint64_t>(rank_[n]);
}

uint64_t Run::end_key(uint32_t n) const {
  if (!d_.yaml) return 2 * static_cast<uint64_t>(d_.nodes[n].next) - 1;
  return 2 * static_cast<uint64_t>(end_[n]) - 1;
}

// The path the walker prints for a node (a key's path includes its name).
std::string Run::path_of(uint32_t target) const {
  std::string path;
  uint32_t cur = root_;
  while (cur != target) {
    const Node &n = d_.nodes[cur];
    uint32_t down = 0;
    if (n.type == NodeType::Object) {
      for (auto it = members(d_, cur); !it.done(); it.advance()) {
        if (target >= it.key && target < d_.nodes[it.value()].next) {
          if (!path.empty()) path.push_back('.');
          path.append(d_.nodes[it.key].text());
          down = target == it.key ? target : it.value();
          break;
        }
      }
    } else if (n.type == NodeType::Array) {
      uint32_t i = 0;
      for (auto el = elements(d_, cur); !el.done(); el.advance(), ++i) {
        if (target >= el.cur && target < d_.nodes[el.cur].next) {
          path += "[" + std::to_string(i) + "]";
          down = el.cur;
          break;
        }
      }
    }
    if (!down) return {};
    cur = down;
  }
  return path;
}

// The node a shared-walker finding refers to: its position token, and, if
// several decoded nodes share it (YAML aliases), the one with the same path
// that comes first in decoding order.
uint32_t Run::locate(uint32_t pos, const std::string &field) const {
  const uint32_t end = d_.nodes[root_].next;
  if (!d_.yaml) {
    // JSON positions are byte offsets, strictly increasing along the tape.
    uint32_t lo = root_, hi = end;
    while (lo < hi) {
      uint32_t mid = lo + (hi - lo) / 2;
      if (d_.nodes[mid].pos < pos) lo = mid + 1;
      else hi = mid;
    }
    if (lo < end && d_.nodes[lo].pos == pos) return lo;
    throw std::logic_error("reference engine: no node at position " + std::to_string(pos));
  }
  std::vector<uint32_t> hits;
  for (uint32_t i = root_; i < end; ++i) {
    if (d_.nodes[i].pos == pos && rank_[i] != std::numeric_limits<uint32_t>::max()) hits.push_back(i);
  }
  std::sort(hits.begin(), hits.end(), [&](uint32_t a, uint32_t b) { return rank_[a] < rank_[b]; });
  if (hits.size() > 1) {
    for (uint32_t h : hits) {
      if (path_of(h) == field) return h;
    }
  }
  if (hits.empty()) throw std::logic_error("reference engine: no node at position " + std::to_string(pos));
  return hits.front();
}

// ---------------------------------------------------------------------------
// Doc -> nlohmann::json, without recursion (documents nest up to 10000 deep).

Json Run::to_json(uint32_t node) const {
  Json result;
  std::vector<std::pair<Json *, uint32_t>> todo{{&result, node}};
  while (!todo.empty()) {
    auto [dst, n] = todo.back();
    todo.pop_back();
    const Node &nd = d_.nodes[n];
    switch (nd.type) {
      case NodeType::Null: *dst = nullptr; break;
      case NodeType::True: *dst = true; break;
      case NodeType::False: *dst = false; break;
      case NodeType::String: *dst = std::string(nd.text()); break;
      case NodeType::Number: {
        const char *b = nd.str;
        const char *e = nd.str + nd.len;
        if (!(nd.flags & kNumFrac)) {
          int64_t v = 0;
          auto r = std::from_chars(b, e, v);
          if (r.ec == std::errc() && r.ptr == e) {
            *dst = v;
            break;
          }
        }
        double v = 0;
        auto r = std::from_chars(b, e, v);
        if (r.ec == std::errc::result_out_of_range) {
          v = (nd.flags & kNumNeg) ? -std::numeric_limits<double>::infinity()
                                   : std::numeric_limits<double>::infinity();
        }
        *dst = v;  // a float whatever its value: not an int64 literal
        break;
      }
      case NodeType::Array: {
        *dst = Json::array();
        auto &arr = dst->get_ref<Json::array_t &>();
        arr.resize(nd.len);  // sized once: element addresses stay valid
        uint32_t i = 0;
        for (auto el = elements(d_, n); !el.done(); el.advance(), ++i) todo.emplace_back(&arr[i], el.cur);
        break;
      }
      case NodeType::Object: {
        *dst = Json::object();
        auto &obj = dst->get_ref<Json::object_t &>();
        // Last occurrence wins: each slot first holds its value's node index.
        for (auto it = members(d_, n); !it.done(); it.advance()) {
          if (!visible_key(it.key)) continue;
          obj[std::string(d_.nodes[it.key].text())] = it.value();
        }
        for (auto &kv : obj) todo.emplace_back(&kv.second, kv.second.get<uint32_t>());
        break;
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------
// Walking frames: the same naming rules as the decoder's error paths.

Frame Run::member(const Frame &f, uint32_t key) const {
  Frame c;
  c.node = key + 1;
  std::string_view k = d_.nodes[key].text();
  c.path = f.path;
  c.go_path = f.go_path;
  c.struct_name = f.struct_name;
  if (f.type->kind == TKind::Struct) {
    const FieldDef *fd = f.type->field(k);
    if (!fd) throw std::logic_error("reference engine: no field " + std::string(k) + " in " + f.type->location);
    if (!c.path.empty()) c.path.push_back('.');
    c.path.append(k);
    if (!c.go_path.empty()) c.go_path.push_back('.');
    c.go_path.append(k);
    c.struct_name = f.type->go_struct.c_str();
    c.type = fd->type;
  } else if (f.type->kind == TKind::Map) {
    c.path.push_back('.');
    c.path.append(k);
    c.type = f.type->elem;
  } else {
    throw std::logic_error("reference engine: member of a non-object type " + f.type->location);
  }
  return c;
}

Frame Run::element(const Frame &f, uint32_t elem, uint32_t index) const {
  if (f.type->kind != TKind::Array) throw std::logic_error("reference engine: element of a non-array type " + f.type->location);
  Frame c;
  c.node = elem;
  c.path = f.path + "[" + std::to_string(index) + "]";
  c.go_path = f.go_path;
  c.struct_name = f.struct_name;
  c.type = f.type->elem;
  return c;
}

// valijson context ["<root>", "[spec]", "[tags]", "[0]"] relative to `base`.
Frame Run::resolve(const Frame &base, const std::vector<std::string> &context) const {
  Frame f = base;
  for (size_t i = 1; i < context.size(); ++i) {
    const std::string &seg = context[i];
    if (seg.size() < 2 || seg.front() != '[' || seg.back() != ']') {
      throw std::logic_error("reference engine: unexpected valijson context segment " + seg);
    }
    std::string_view name(seg.data() + 1, seg.size() - 2);
    const Node &n = d_.nodes[f.node];
    if (n.type == NodeType::Object) {
      uint32_t key = 0;
      for (auto it = members(d_, f.node); !it.done(); it.advance()) {
        if (visible_key(it.key) && d_.nodes[it.key].text() == name) key = it.key;  // the last occurrence
      }
      if (!key) throw std::logic_error("reference engine: no member " + std::string(name));
      f = member(f, key);
    } else if (n.type == NodeType::Array) {
      uint32_t index = 0;
      auto r = std::from_chars(name.data(), name.data() + name.size(), index);
      if (r.ec != std::errc() || index >= n.len) throw std::logic_error("reference engine: bad index " + seg);
      auto el = elements(d_, f.node);
      for (uint32_t k = 0; k < index; ++k) el.advance();
      f = element(f, el.cur, index);
    } else {
      throw std::logic_error("reference engine: context goes through a scalar: " + seg);
    }
  }
  return f;
}

// ---------------------------------------------------------------------------
// Validation

void Run::validate(const Frame &base) {
  Json j = to_json(base.node);
  valijson::Validator validator(valijson::Validator::kStrongTypes);  // one per call: it caches regexes
  valijson::ValidationResults results;
  validator.validate(e_.schema_for(base.type), Adapter(j), &results);
  for (const auto &err : results) translate(err, base);
  if (!d_.yaml) earlier_occurrences(base);
}

// For each member of `obj`: whether a later member has the same name.
void Run::later_duplicate_flags(uint32_t obj, std::vector<char> &flags) const {
  flags.clear();
  std::vector<std::string_view> keys;
  for (auto it = members(d_, obj); !it.done(); it.advance()) keys.push_back(d_.nodes[it.key].text());
  flags.assign(keys.size(), 0);
  std::unordered_set<std::string_view> later;
  for (size_t i = keys.size(); i-- > 0;) {
    if (!later.insert(keys[i]).second) flags[i] = 1;
  }
}

// JSON: Go decodes every occurrence of a duplicated key into the same
// target, so earlier occurrences get their own type, unknown and required
// checks. Walks the values Go decodes (known fields, map values, array
// elements of the right JSON kind) looking for them.
void Run::earlier_occurrences(const Frame &f) {
  const Node &n = d_.nodes[f.node];
  switch (f.type->kind) {
    case TKind::Struct:
    case TKind::Map: {
      if (n.type != NodeType::Object) return;
      std::vector<char> earlier;
      later_duplicate_flags(f.node, earlier);
      size_t i = 0;
      for (auto it = members(d_, f.node); !it.done(); it.advance(), ++i) {
        if (f.type->kind == TKind::Struct && !f.type->field(d_.nodes[it.key].text())) continue;  // unknown: skipped
        Frame c = member(f, it.key);
        if (earlier[i]) validate(c);
        else earlier_occurrences(c);
      }
      return;
    }
    case TKind::Array: {
      if (n.type != NodeType::Array) return;
      uint32_t i = 0;
      for (auto el = elements(d_, f.node); !el.done(); el.advance(), ++i) earlier_occurrences(element(f, el.cur, i));
      return;
    }
    default:
      return;
  }
}

void Run::translate(const valijson::ValidationResults::Error &err, const Frame &base) {
  const std::string &what = err.description;
  if (what == kTypeError) {
    type_event(resolve(base, err.context));
  } else if (starts_with(what, kNoAdditional) || starts_with(what, kAdditionalFailed)) {
    Frame f = resolve(base, err.context);
    if (f.type->kind == TKind::Struct) unknown_events(f);  // (a map reports its values' errors on its own)
  } else if (starts_with(what, kMissingRequired)) {
    Frame f = resolve(base, err.context);
    std::string name = what.substr(kMissingRequired.size());
    if (name.size() < 2 || name.compare(name.size() - 2, 2, "'.") != 0) {
      throw std::logic_error("reference engine: unexpected valijson message " + what);
    }
    name.resize(name.size() - 2);
    if (!o_.check_required) return;
    if (o_.skip_status_required && f.path.compare(0, 6, "status") == 0) return;
    const auto &req = f.type->required;
    auto pos = std::find(req.begin(), req.end(), name);
    if (pos == req.end()) throw std::logic_error("reference engine: " + name + " is not required by the model");
    std::string field = f.path;
    if (!field.empty()) field.push_back('.');
    field += name;
    required_.push_back(RequiredEvent{end_key(f.node), node_key(f.node), static_cast<size_t>(pos - req.begin()),
                                      DecodeIssue{std::move(field), "", d_.nodes[f.node].pos}});
  }
}

void Run::type_event(const Frame &f) {
  const TypeNode *t = f.type;
  if (t->kind == TKind::Time) return;  // metav1.Time's own decoder fails first: the shared walker's immediate error
  if (!o_.check_types) return;
  const Node &n = d_.nodes[f.node];
  std::string m = "json: cannot unmarshal ";
  if (t->kind == TKind::Int64 && n.type == NodeType::Number) {
    m += "number ";
    m.append(n.text());
  } else {
    m += go_json_kind(n);
  }
  if (*f.struct_name) {
    m += " into Go struct field ";
    m += f.struct_name;
    m += ".";
    m += f.go_path;
  } else {
    m += " into Go value";
  }
  m += " of type ";
  m += t->go_type;
  types_.push_back(TypeEvent{node_key(f.node), DecodeIssue{f.path, std::move(m), n.pos}});
}

// valijson names at most one offending property; list them all, at their keys.
void Run::unknown_events(const Frame &f) {
  if (!o_.check_unknown) return;
  if (!unknown_done_.insert(f.node).second) return;
  for (auto it = members(d_, f.node); !it.done(); it.advance()) {
    if (!visible_key(it.key)) continue;
    std::string_view k = d_.nodes[it.key].text();
    if (f.type->field(k)) continue;
    std::string field = f.path;
    if (!field.empty()) field.push_back('.');
    field.append(k);
    std::string msg = "unknown field " + go_quote(field);
    strict_.push_back(StrictEvent{node_key(it.key), DecodeIssue{std::move(field), std::move(msg), d_.nodes[it.key].pos},
                                  false});
  }
}

// ---------------------------------------------------------------------------

void Run::execute(DecodeResult &out, StructuralScratch &scratch) {
  out.clear();
  if (d_.yaml) rank_yaml();

  // What JSON Schema cannot express: duplicates, metav1.Time, UTF-8.
  StructuralOptions so = o_;
  so.check_types = false;
  so.check_unknown = false;
  so.check_required = false;
  so.max_strict = std::numeric_limits<uint32_t>::max();  // capped after merging
  DecodeResult shared;
  check_structure(d_, root_, e_.model().image_stream(), so, shared, scratch);

  Frame top;
  top.node = root_;
  top.type = e_.model().image_stream();
  validate(top);

  // An error that aborts decoding: nothing after it in decoding order is seen.
  uint64_t limit = std::numeric_limits<uint64_t>::max();
  if (shared.has_immediate) {
    out.has_immediate = true;
    out.immediate = shared.immediate;
    limit = node_key(locate(shared.immediate.pos, shared.immediate.field));
  }

  // The first type error in decoding order (Go saves only the first).
  const TypeEvent *first = nullptr;
  for (const auto &t : types_) {
    if (t.key < limit && (!first || t.key < first->key)) first = &t;
  }
  if (first) {
    out.has_type = true;
    out.type = first->issue;
    // Type errors and immediate errors counted in decoding order: an
    // immediate error before the first type error would have hidden it.
    out.type_order = 1;
  }

  // Strict errors: unknown fields (valijson) and duplicates (shared walker).
  std::vector<StrictEvent> strict;
  for (auto &s : strict_) {
    if (s.key < limit) strict.push_back(std::move(s));
  }
  for (size_t i = 0; i < shared.unknown.size(); ++i) {
    DecodeIssue &u = shared.unknown[i];
    uint64_t key = node_key(locate(u.pos, u.field));
    strict.push_back(StrictEvent{key, std::move(u), static_cast<bool>(shared.unknown_is_dup[i])});
  }
  std::stable_sort(strict.begin(), strict.end(), [](const StrictEvent &a, const StrictEvent &b) { return a.key < b.key; });
  std::unordered_set<std::string> seen;
  for (auto &s : strict) {
    if (out.unknown.size() >= o_.max_strict) break;
    if (!seen.insert(s.issue.message).second) continue;  // identical errors are reported once
    out.unknown.push_back(std::move(s.issue));
    out.unknown_is_dup.push_back(s.dup);
  }

  // Required warnings, at the end of each struct, in schema order.
  std::vector<RequiredEvent> req;
  for (auto &r : required_) {
    if (r.key < limit) req.push_back(std::move(r));
  }
  std::stable_sort(req.begin(), req.end(), [](const RequiredEvent &a, const RequiredEvent &b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.start != b.start) return a.start > b.start;
    return a.seq < b.seq;
  });
  for (auto &r : req) out.required.push_back(std::move(r.issue));

  out.bad_utf8 = std::move(shared.bad_utf8);
}

}  // namespace

std::shared_ptr<const ReferenceEngine> ReferenceEngine::create(std::shared_ptr<const Model> model) {
  return std::make_shared<const Engine>(std::move(model));
}

}  // namespace isc::detail
