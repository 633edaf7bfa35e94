#include "decode/structural.hh"

#include <algorithm>  // sort
#include <cerrno>     // errno
#include <cstdio>     // snprintf
#include <cstring>    // memcmp

#include "util/goquote.hh"

namespace isc::detail {

const char *go_json_kind(const Node &n) {
  switch (n.type) {
    case NodeType::String: return "string";
    case NodeType::Number: return "number";
    case NodeType::True:
    case NodeType::False: return "bool";
    case NodeType::Array: return "array";
    case NodeType::Object: return "object";
    case NodeType::Null: return "null";
  }
  return "value";
}

bool is_typed_template_parameter(std::string_view s) {
  if (s.size() < 6 || s.substr(0, 3) != "${{" || s.substr(s.size() - 2) != "}}") return false;
  for (char c : s.substr(3, s.size() - 5)) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

namespace {

// True when the number literal is an integer literal within int64 (what
// strconv.ParseInt(s, 10, 64) accepts for JSON number syntax).
bool int64_literal_ok(const Node &n) {
  if (n.flags & kNumFrac) return false;
  std::string_view t = n.text();
  bool neg = !t.empty() && t[0] == '-';
  std::string_view digits = neg ? t.substr(1) : t;
  static constexpr std::string_view kMaxPos = "9223372036854775807";
  static constexpr std::string_view kMaxNeg = "9223372036854775808";
  std::string_view lim = neg ? kMaxNeg : kMaxPos;
  if (digits.size() != lim.size()) return digits.size() < lim.size();
  return digits <= lim;
}

class Walker {
 public:
  Walker(const Doc &doc, const StructuralOptions &o, DecodeResult &out, StructuralScratch &s)
      : d_(doc), o_(o), out_(out), s_(s) {}

  void run(uint32_t root, const TypeNode *type) {
    s_.steps.clear();
    value(root, type, "");
  }

 private:
  // The field path of the current node ("spec.tags[0].from"): struct fields
  // joined by '.', map keys always preceded by '.', element indexes in [].
  void render_path(std::string &out) const {
    out.clear();
    for (const PathStep &st : s_.steps) {
      switch (st.kind) {
        case PathStep::kField:
          if (!out.empty()) out.push_back('.');
          out.append(d_.nodes[st.v].text());
          break;
        case PathStep::kMapKey:
          out.push_back('.');
          out.append(d_.nodes[st.v].text());
          break;
        case PathStep::kIndex: {
          char buf[16];
          int k = snprintf(buf, sizeof buf, "[%u]", st.v);
          out.append(buf, static_cast<size_t>(k));
          break;
        }
      }
    }
  }
  std::string path() const {
    std::string p;
    render_path(p);
    return p;
  }
  // The Go field path of type errors: struct fields only, joined by '.'.
  void append_go_path(std::string &out) const {
    size_t start = out.size();
    for (const PathStep &st : s_.steps) {
      if (st.kind != PathStep::kField) continue;
      if (out.size() != start) out.push_back('.');
      out.append(d_.nodes[st.v].text());
    }
  }

  // Struct context for type errors: the innermost Go struct and the field
  // path from the root without indices or map keys.
  void type_error(uint32_t node, const TypeNode *t, const char *struct_name, std::string_view what) {
    ++order_;
    if (out_.has_type || out_.has_immediate) return;
    if (!o_.check_types) return;
    out_.has_type = true;
    out_.type_order = order_;
    render_path(out_.type.field);
    out_.type.pos = d_.nodes[node].pos;
    std::string &m = out_.type.message;
    m = "json: cannot unmarshal ";
    m += what;
    if (struct_name && *struct_name) {
      m += " into Go struct field ";
      m += struct_name;
      m += ".";
      append_go_path(m);
    } else {
      m += " into Go value";
    }
    m += " of type ";
    m += t->go_type;
  }

  void immediate(uint32_t node, std::string msg) {
    if (out_.has_immediate) return;
    out_.has_immediate = true;
    render_path(out_.immediate.field);
    out_.immediate.message = std::move(msg);
    out_.immediate.pos = d_.nodes[node].pos;
  }

  void strict(uint32_t key_node, bool dup) {
    if (out_.unknown.size() >= o_.max_strict) return;
    std::string field = path();
    std::string msg = dup ? "duplicate field " : "unknown field ";
    msg += go_quote(field);
    for (const auto &u : out_.unknown) {
      if (u.message == msg) return;  // identical errors are reported once
    }
    out_.unknown.push_back(DecodeIssue{std::move(field), std::move(msg), d_.nodes[key_node].pos});
    out_.unknown_is_dup.push_back(dup);
  }

  void utf8(uint32_t node) {
    const Node &n = d_.nodes[node];
    if (n.type == NodeType::String && (n.flags & kStrBadUtf8)) {
      out_.bad_utf8.push_back(DecodeIssue{path(), "invalid UTF-8 in string", n.pos});
    }
  }

  // Marks members whose key occurs again later in the object (JSON only).
  void find_duplicates(uint32_t obj, std::vector<uint32_t> &dups) {
    dups.clear();
    const Node &o = d_.nodes[obj];
    if (o.len < 2) return;
    if (o.len <= 16) {
      uint32_t keys[16];
      uint32_t k = 0;
      uint64_t seen = 0;  // key_class_bit of the keys so far: compare only on a collision
      for (auto it = members(d_, obj); !it.done() && k < 16; it.advance()) keys[k++] = it.key;
      for (uint32_t i = 0; i < k; ++i) {
        const Node &a = d_.nodes[keys[i]];
        const uint64_t bit = key_class_bit(a.text());
        bool maybe = (seen & bit) != 0;
        seen |= bit;
        if (!maybe) continue;
        for (uint32_t j = 0; j < i; ++j) {
          const Node &b = d_.nodes[keys[j]];
          // Length and first byte first: keys of one object rarely share both.
          if (a.len == b.len && (a.len == 0 || (a.str[0] == b.str[0] && std::memcmp(a.str, b.str, a.len) == 0))) {
            dups.push_back(keys[i]);
            break;
          }
        }
      }
      return;
    }
    auto &ks = s_.keys;
    ks.clear();
    for (auto it = members(d_, obj); !it.done(); it.advance()) ks.emplace_back(d_.nodes[it.key].text(), it.key);
    std::stable_sort(ks.begin(), ks.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (size_t i = 1; i < ks.size(); ++i) {
      if (ks[i].first == ks[i - 1].first) dups.push_back(ks[i].second);
    }
    std::sort(dups.begin(), dups.end());
  }

  static bool contains(const std::vector<uint32_t> &v, uint32_t x) {
    return std::binary_search(v.begin(), v.end(), x);
  }

  // Member order: document order for JSON; for YAML the server decodes a
  // re-marshalled map, so keys come sorted.
  void member_order(uint32_t obj, std::vector<uint32_t> &order) {
    order.clear();
    for (auto it = members(d_, obj); !it.done(); it.advance()) {
      if (d_.yaml && (d_.nodes[it.key].flags & kKeySuperseded)) continue;
      order.push_back(it.key);
    }
    if (d_.yaml) {
      std::stable_sort(order.begin(), order.end(),
                       [&](uint32_t a, uint32_t b) { return d_.nodes[a].text() < d_.nodes[b].text(); });
    }
  }

  // Calls f(key) for every member of an object in decoding order (see
  // member_order); stops early when f returns false. JSON needs no copy;
  // YAML orders the keys in a per-depth scratch vector.
  template <typename F>
  void for_each_member(uint32_t obj, F &&f) {
    if (!d_.yaml) {
      for (auto it = members(d_, obj); !it.done(); it.advance()) {
        if (!f(it.key)) return;
      }
      return;
    }
    Level lv(s_, depth_);
    std::vector<uint32_t> &order = lv.order();
    member_order(obj, order);
    for (uint32_t key : order) {
      if (!f(key)) return;
    }
  }

  // Whether value(node, t, ...) would find nothing to check or report: the
  // usual member (a string in a string field, a bool, null) costs no call.
  static bool nothing_to_check(const Node &n, const TypeNode *t) {
    switch (n.type) {
      case NodeType::Null: return true;
      case NodeType::String: return (t->kind == TKind::String && !(n.flags & kStrBadUtf8)) || t->kind == TKind::Any;
      case NodeType::True:
      case NodeType::False: return t->kind == TKind::Bool || t->kind == TKind::Any;
      default: return t->kind == TKind::Any;
    }
  }

  void value(uint32_t node, const TypeNode *t, const char *struct_name) {
    const Node &n = d_.nodes[node];
    if (n.type == NodeType::Null) return;  // null is accepted everywhere
    if (o_.template_mode && n.type == NodeType::String && t->kind != TKind::String && t->kind != TKind::Any) {
      if (is_typed_template_parameter(n.text())) {
        out_.template_values.push_back(DecodeIssue{path(), t->go_type, n.pos});
        return;
      }
      if (t->kind == TKind::Time && n.text().find("${") != std::string_view::npos) return;
    }
    switch (t->kind) {
      case TKind::Any:
        return;
      case TKind::String:
        if (n.type != NodeType::String) return type_error(node, t, struct_name, go_json_kind(n));
        utf8(node);
        return;
      case TKind::Bool:
        if (n.type != NodeType::True && n.type != NodeType::False) return type_error(node, t, struct_name, go_json_kind(n));
        return;
      case TKind::Int64:
        if (n.type == NodeType::Number) {
          if (!int64_literal_ok(n)) {
            std::string what = "number ";
            what.append(n.str, n.len);
            return type_error(node, t, struct_name, what);
          }
          return;
        }
        return type_error(node, t, struct_name, go_json_kind(n));
      case TKind::Time:
        if (n.type != NodeType::String) {
          ++order_;
          // metav1.Time decodes its bytes into a Go string; the type error
          // comes back through the outer decoder, which adds its context.
          std::string m = std::string("json: cannot unmarshal ") + go_json_kind(n);
          if (struct_name && *struct_name) {
            m += " into Go struct field ";
            m += struct_name;
            m += ".";
            append_go_path(m);
          } else {
            m += " into Go value";
          }
          immediate(node, m + " of type string");
          return;
        }
        {
          std::string e = go_rfc3339_error(n.text());
          if (!e.empty()) {
            ++order_;
            immediate(node, std::move(e));
          }
        }
        return;
      case TKind::Array: {
        if (n.type != NodeType::Array) return type_error(node, t, struct_name, go_json_kind(n));
        uint32_t i = 0;
        s_.steps.push_back(PathStep{PathStep::kIndex, 0});
        for (auto e = elements(d_, node); !e.done(); e.advance(), ++i) {
          s_.steps.back().v = i;
          value(e.cur, t->elem, struct_name);
          if (out_.has_immediate) break;
        }
        s_.steps.pop_back();
        return;
      }
      case TKind::Map: {
        if (n.type != NodeType::Object) return type_error(node, t, struct_name, go_json_kind(n));
        Level lv(s_, depth_);
        std::vector<uint32_t> &dups = lv.dups();
        if (o_.check_duplicates && !d_.yaml) find_duplicates(node, dups);
        s_.steps.push_back(PathStep{PathStep::kMapKey, 0});
        for_each_member(node, [&](uint32_t key) __attribute__((always_inline)) {
          s_.steps.back().v = key;
          if (!dups.empty() && contains(dups, key)) strict(key, true);
          utf8(key);
          if (!nothing_to_check(d_.nodes[key + 1], t->elem)) value(key + 1, t->elem, struct_name);
          return !out_.has_immediate;
        });
        s_.steps.pop_back();
        return;
      }
      case TKind::Struct: {
        if (n.type != NodeType::Object) return type_error(node, t, struct_name, go_json_kind(n));
        // A known field's second occurrence is a duplicate: one bit per field
        // of the struct (TypeNode::kMaxFields), so no per-object key scan.
        // YAML duplicates are the loader's (superseded keys are skipped).
        const bool dup_check = o_.check_duplicates && !d_.yaml;
        uint64_t seen = 0;
        s_.steps.push_back(PathStep{PathStep::kField, 0});
        const char *inner_struct = t->go_struct.c_str();
        for_each_member(node, [&](uint32_t key) __attribute__((always_inline)) {
          s_.steps.back().v = key;
          int fi = t->field_index(d_.nodes[key].text());
          if (fi < 0) {
            if (o_.check_unknown) strict(key, false);
          } else {
            uint64_t bit = uint64_t{1} << fi;
            if (dup_check && (seen & bit)) strict(key, true);
            seen |= bit;
            const TypeNode *ft = t->fields[static_cast<size_t>(fi)].type;
            if (!nothing_to_check(d_.nodes[key + 1], ft)) value(key + 1, ft, inner_struct);
          }
          return !out_.has_immediate;
        });
        s_.steps.pop_back();
        if (out_.has_immediate) return;
        if (o_.check_required && !t->required.empty()) {
          int status = -1;  // under `status`: decided at the first missing field
          for (size_t k = 0; k < t->required.size(); ++k) {
            int fi = t->required_fields[k];
            const std::string &r = t->required[k];
            if (fi >= 0 ? (seen >> fi) & 1u : d_.find_last(node, r) != 0) continue;
            if (status < 0) status = o_.skip_status_required && under_status() ? 1 : 0;
            if (status == 1) break;
            std::string field = path();
            if (!field.empty()) field.push_back('.');
            field += r;
            out_.required.push_back(DecodeIssue{field, "", n.pos});
          }
        }
        return;
      }
    }
  }

  // Per-depth scratch vectors, reused across documents (no allocation in
  // steady state). Recursion depth is bounded by the schema's depth.
  class Level {
   public:
    Level(StructuralScratch &s, uint32_t &depth) : s_(s), depth_(depth), d_(depth++) {
      if (s_.dups.size() <= d_) {
        s_.dups.resize(d_ + 1);
        s_.order.resize(d_ + 1);
      }
    }
    ~Level() { --depth_; }
    // Empty on every use: the scratch outlives documents (a YAML document
    // never fills it, and must not see a previous document's duplicates).
    std::vector<uint32_t> &dups() {
      s_.dups[d_].clear();
      return s_.dups[d_];
    }
    std::vector<uint32_t> &order() { return s_.order[d_]; }

   private:
    StructuralScratch &s_;
    uint32_t &depth_;
    uint32_t d_;
  };

  bool under_status() const { return path().compare(0, 6, "status") == 0; }

  const Doc &d_;
  const StructuralOptions &o_;
  DecodeResult &out_;
  StructuralScratch &s_;
  uint32_t order_ = 0;
  uint32_t depth_ = 0;
};

}  // namespace

void check_structure(const Doc &doc, uint32_t root, const TypeNode *type, const StructuralOptions &opts,
                     DecodeResult &out, StructuralScratch &scratch) {
  Walker w(doc, opts, out, scratch);
  w.run(root, type);
}

}  // namespace isc::detail
