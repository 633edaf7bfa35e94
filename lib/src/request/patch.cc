#include "request/patch.hh"

#include <algorithm>  // stable_sort
#include <cerrno>     // errno
#include <cstdlib>    // strtoll
#include <limits>     // numeric_limits
#include <unordered_map>  // unordered_map
#include <unordered_set>  // unordered_set

#include "json/parser.hh"
#include "util/goquote.hh"

namespace isc::detail {

namespace {

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

PatchResult fail(int code, std::string reason, std::string message, std::string detail = {}, bool empty = false) {
  PatchResult r;
  r.failure.code = code;
  r.failure.reason = std::move(reason);
  r.failure.detail = detail.empty() ? message : std::move(detail);
  r.failure.message = std::move(message);
  r.failure.empty_details = empty;
  return r;
}

PatchResult bad_request(std::string message) { return fail(400, "BadRequest", std::move(message)); }
PatchResult generic_422(std::string detail) { return fail(422, "Invalid", kGeneric422, std::move(detail), true); }
PatchResult internal_500(std::string message) { return fail(500, "", std::move(message)); }

const char *go_kind(const Node &n) {
  switch (n.type) {
    case NodeType::Null: return "null";
    case NodeType::False:
    case NodeType::True: return "bool";
    case NodeType::Number: return "number";
    case NodeType::String: return "string";
    case NodeType::Array: return "array";
    case NodeType::Object: return "object";
  }
  return "null";
}

// Strict decoding of the patch (sigs.k8s.io/json DisallowDuplicateFields):
// `duplicate field "<path>"` for every key given twice in one object, in
// document order, paths as the strict decoder builds them.
void collect_duplicates(const Doc &d, uint32_t node, const std::string &path, std::vector<std::string> &out,
                        uint32_t depth) {
  if (depth == 0) return;
  const Node &n = d.nodes[node];
  if (n.type == NodeType::Array) {
    uint32_t i = 0;
    for (auto el = elements(d, node); !el.done(); el.advance(), ++i)
      collect_duplicates(d, el.cur, path + "[" + std::to_string(i) + "]", out, depth - 1);
  } else if (n.type == NodeType::Object) {
    std::vector<std::string_view> seen;
    for (auto it = members(d, node); !it.done(); it.advance()) {
      std::string_view k = d.nodes[it.key].text();
      std::string p = path.empty() ? std::string(k) : path + "." + std::string(k);
      if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
        std::string m = "duplicate field " + go_quote(p);
        if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
      } else {
        seen.push_back(k);
      }
      collect_duplicates(d, it.value(), p, out, depth - 1);
    }
  }
}

bool parse_patch(std::string_view patch, Doc &doc, JsonError &err, uint32_t max_depth) {
  JsonLimits jl;
  jl.max_depth = max_depth;
  return parse_json_document(patch, doc, err, jl);
}

PatchResult too_deep() {
  return bad_request("the patch is nested more deeply than isconform's patch limit");
}

// ---------------------------------------------------------------------------
// JSON Patch (RFC 6902) as the server's json-patch v4 applies it
// ---------------------------------------------------------------------------

struct Op {
  const JValue *op = nullptr, *path = nullptr, *from = nullptr, *value = nullptr;
  bool has_value = false;
};

constexpr const char kMissing[] = ": missing value";
constexpr const char kInvalidIndex[] = ": invalid index referenced";

// strconv.Atoi.
bool go_atoi(const std::string &s, long long &out, std::string &err) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool digits = i < s.size();
  for (size_t j = i; j < s.size(); ++j) digits = digits && s[j] >= '0' && s[j] <= '9';
  if (!digits) {
    err = "strconv.Atoi: parsing " + go_quote(s) + ": invalid syntax";
    return false;
  }
  errno = 0;
  out = std::strtoll(s.c_str(), nullptr, 10);
  if (errno == ERANGE) {
    err = "strconv.Atoi: parsing " + go_quote(s) + ": value out of range";
    return false;
  }
  return true;
}

std::string decode_key(std::string_view part) {
  std::string out;
  for (size_t i = 0; i < part.size(); ++i) {
    if (part[i] == '~' && i + 1 < part.size() && part[i + 1] == '1') {
      out.push_back('/');
      ++i;
    } else {
      out.push_back(part[i]);
    }
  }
  std::string out2;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '~' && i + 1 < out.size() && out[i + 1] == '0') {
      out2.push_back('~');
      ++i;
    } else {
      out2.push_back(out[i]);
    }
  }
  return out2;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      parts.emplace_back(path.substr(start));
      break;
    }
    parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// container.get: for an object a missing key is not an error (nullptr).
bool con_get(JValue &con, const std::string &key, JValue *&out, std::string &err, long long &work) {
  out = nullptr;
  if (con.is_object()) {
    work += static_cast<long long>(con.obj.size());
    out = con.find(key);
    return true;
  }
  long long idx = 0;
  if (!go_atoi(key, idx, err)) return false;
  long long n = static_cast<long long>(con.arr.size());
  if (idx < 0) {
    if (idx < -n) {
      err = "Unable to access invalid index: " + std::to_string(idx) + kInvalidIndex;
      return false;
    }
    idx += n;
  }
  if (idx >= n) {
    err = "Unable to access invalid index: " + std::to_string(idx) + kInvalidIndex;
    return false;
  }
  out = &con.arr[static_cast<size_t>(idx)];
  return true;
}

bool con_add(JValue &con, const std::string &key, JValue val, std::string &err, long long &work) {
  if (con.is_object()) {
    work += static_cast<long long>(con.obj.size());
    con.set(key, std::move(val));
    return true;
  }
  if (key == "-") {
    con.arr.push_back(std::move(val));
    return true;
  }
  long long idx = 0;
  std::string e;
  if (!go_atoi(key, idx, e)) {
    err = "value was not a proper array index: '" + key + "': " + e;
    return false;
  }
  long long sz = static_cast<long long>(con.arr.size()) + 1;
  if (idx >= sz || idx < -sz) {
    err = "Unable to access invalid index: " + std::to_string(idx) + kInvalidIndex;
    return false;
  }
  if (idx < 0) idx += sz;
  work += static_cast<long long>(con.arr.size()) - idx;
  con.arr.insert(con.arr.begin() + idx, std::move(val));
  return true;
}

bool con_remove(JValue &con, const std::string &key, std::string &err, long long &work) {
  if (con.is_object()) {
    work += static_cast<long long>(con.obj.size());
    if (!con.erase(key)) {
      err = "Unable to remove nonexistent key: " + key + kMissing;
      return false;
    }
    return true;
  }
  long long idx = 0;
  if (!go_atoi(key, idx, err)) return false;
  long long n = static_cast<long long>(con.arr.size());
  if (idx >= n || idx < -n) {
    err = "Unable to access invalid index: " + std::to_string(idx) + kInvalidIndex;
    return false;
  }
  if (idx < 0) idx += n;
  work += n - idx;
  con.arr.erase(con.arr.begin() + idx);
  return true;
}

// findObject: the container of the last segment; the first segment is
// ignored, as the server's implementation does (a path without a leading
// slash loses its first name).
JValue *find_object(JValue &root, const std::string &path, std::string &key, long long &work) {
  std::vector<std::string> parts = split_path(path);
  if (parts.size() < 2) return nullptr;
  JValue *doc = &root;
  for (size_t i = 1; i + 1 < parts.size(); ++i) {
    JValue *next = nullptr;
    std::string err;
    if (!con_get(*doc, decode_key(parts[i]), next, err, work) || !next || next->is_null()) return nullptr;
    if (!next->is_array() && !next->is_object()) return nullptr;
    doc = next;
  }
  key = decode_key(parts.back());
  return doc;
}

// lazyNode.equal: scalars by their text, objects by key set, arrays by position.
bool patch_equal(const JValue &a, const JValue &b) {
  if (a.t != b.t) return false;
  switch (a.t) {
    case JValue::T::Null: return true;
    case JValue::T::Bool: return a.b == b.b;
    case JValue::T::Number:
    case JValue::T::String: return a.s == b.s;
    case JValue::T::Array:
      if (a.arr.size() != b.arr.size()) return false;
      for (size_t i = 0; i < a.arr.size(); ++i) {
        if (!patch_equal(a.arr[i], b.arr[i])) return false;
      }
      return true;
    case JValue::T::Object:
      if (a.obj.size() != b.obj.size()) return false;
      for (const auto &m : a.obj) {
        const JValue *o = b.find(m.first);
        if (!o || !patch_equal(m.second, *o)) return false;
      }
      return true;
  }
  return false;
}

// Operation.Path / From: (value, error).
bool op_string(const JValue *v, const char *missing, std::string &out, std::string &err) {
  if (!v || v->is_null()) {
    err = std::string(missing) + kMissing;
    return false;
  }
  if (!v->is_string()) {
    err = std::string("json: cannot unmarshal ") + json_kind(*v) + " into Go value of type string";
    return false;
  }
  out = v->s;
  return true;
}

constexpr long long kMaxCopyBytes = 3 * 1024 * 1024;  // the server's JSONPatchMaxCopyBytes
constexpr size_t kMaxOperations = 10000;              // maxJSONPatchOperations
constexpr long long kMaxArrayWork = 100000000;        // elements and members visited by add/remove/lookups (isconform's bound)

bool run_op(JValue &doc, const Op &op, long long &copied, long long &work, uint32_t max_depth, std::string &err) {
  std::string kind = op.op && op.op->is_string() ? op.op->s : "unknown";
  std::string path, from, key, e;
  JValue val = op.value ? *op.value : JValue::null();
  // isconform keeps patched documents within its nesting limit (the
  // recursion of the patch machinery is bounded by it).
  auto too_deep_at = [&](const std::string &p, const JValue &v) {
    size_t segments = static_cast<size_t>(std::count(p.begin(), p.end(), '/'));
    if (segments + depth_of(v) <= max_depth) return false;
    err = "the patched document would be nested more than " + std::to_string(max_depth) +
          " levels deep (isconform's limit)";
    return true;
  };
  if (kind == "add") {
    if (!op_string(op.path, "operation missing path field", path, e)) {
      err = std::string("add operation failed to decode path") + kMissing;
      return false;
    }
    JValue *con = find_object(doc, path, key, work);
    if (!con) {
      err = "add operation does not apply: doc is missing path: \"" + path + "\"" + kMissing;
      return false;
    }
    if (too_deep_at(path, val)) return false;
    if (!con_add(*con, key, std::move(val), e, work)) {
      err = "error in add for path: '" + path + "': " + e;
      return false;
    }
    return true;
  }
  if (kind == "remove") {
    if (!op_string(op.path, "operation missing path field", path, e)) {
      err = std::string("remove operation failed to decode path") + kMissing;
      return false;
    }
    JValue *con = find_object(doc, path, key, work);
    if (!con) {
      err = "remove operation does not apply: doc is missing path: \"" + path + "\"" + kMissing;
      return false;
    }
    if (!con_remove(*con, key, e, work)) {
      err = "error in remove for path: '" + path + "': " + e;
      return false;
    }
    return true;
  }
  if (kind == "replace") {
    if (!op_string(op.path, "operation missing path field", path, e)) {
      err = "replace operation failed to decode path: " + e;
      return false;
    }
    if (path.empty()) {
      // The whole document; a value that is neither object nor array leaves it unchanged.
      if (val.is_object() || val.is_array()) doc = std::move(val);
      return true;
    }
    JValue *con = find_object(doc, path, key, work);
    if (!con) {
      err = "replace operation does not apply: doc is missing path: " + path + kMissing;
      return false;
    }
    JValue *cur = nullptr;
    if (!con_get(*con, key, cur, e, work)) {
      err = "replace operation does not apply: doc is missing key: " + path + kMissing;
      return false;
    }
    if (too_deep_at(path, val)) return false;
    if (con->is_object()) con->set(key, std::move(val));
    else *cur = std::move(val);
    return true;
  }
  if (kind == "move") {
    if (!op_string(op.from, "operation, missing from field", from, e)) {
      err = "move operation failed to decode from: " + e;
      return false;
    }
    JValue *con = find_object(doc, from, key, work);
    if (!con) {
      err = "move operation does not apply: doc is missing from path: " + from + kMissing;
      return false;
    }
    JValue *cur = nullptr;
    if (!con_get(*con, key, cur, e, work)) {
      err = "error in move for path: '" + key + "': " + e;
      return false;
    }
    JValue moved = cur ? *cur : JValue::null();
    if (!con_remove(*con, key, e, work)) {
      err = "error in move for path: '" + key + "': " + e;
      return false;
    }
    if (!op_string(op.path, "operation missing path field", path, e)) {
      err = "move operation failed to decode path: " + e;
      return false;
    }
    JValue *dst = find_object(doc, path, key, work);
    if (!dst) {
      err = "move operation does not apply: doc is missing destination path: " + path + kMissing;
      return false;
    }
    if (too_deep_at(path, moved)) return false;
    if (!con_add(*dst, key, std::move(moved), e, work)) {
      err = "error in move for path: '" + path + "': " + e;
      return false;
    }
    return true;
  }
  if (kind == "test") {
    if (!op_string(op.path, "operation missing path field", path, e)) {
      err = "test operation failed to decode path: " + e;
      return false;
    }
    JValue *con = find_object(doc, path, key, work);
    if (!con) {
      err = "test operation does not apply: is missing path: " + path + kMissing;
      return false;
    }
    JValue *cur = nullptr;
    if (!con_get(*con, key, cur, e, work)) {
      err = "error in test for path: '" + path + "': " + e;
      return false;
    }
    bool ok;
    if (!cur || cur->is_null()) ok = !op.has_value || val.is_null();
    else ok = op.has_value && patch_equal(*cur, val);
    if (!ok) err = "testing value " + path + " failed: test failed";
    return ok;
  }
  if (kind == "copy") {
    if (!op_string(op.from, "operation, missing from field", from, e)) {
      err = "copy operation failed to decode from: " + e;
      return false;
    }
    JValue *con = find_object(doc, from, key, work);
    if (!con) {
      err = "copy operation does not apply: doc is missing from path: " + from + kMissing;
      return false;
    }
    JValue *cur = nullptr;
    if (!con_get(*con, key, cur, e, work)) {
      err = "error in copy for from: '" + from + "': " + e;
      return false;
    }
    JValue copy = cur ? *cur : JValue::null();
    if (!op_string(op.path, "operation missing path field", path, e)) {
      err = std::string("copy operation failed to decode path") + kMissing;
      return false;
    }
    JValue *dst = find_object(doc, path, key, work);
    if (!dst) {
      err = "copy operation does not apply: doc is missing destination path: " + path + kMissing;
      return false;
    }
    if (cur) copied += static_cast<long long>(to_json(copy).size());
    if (copied > kMaxCopyBytes) {
      err = "Unable to complete the copy, the accumulated size increase of copy is " + std::to_string(copied) +
            ", exceeding the limit " + std::to_string(kMaxCopyBytes);
      return false;
    }
    if (too_deep_at(path, copy)) return false;
    if (!con_add(*dst, key, std::move(copy), e, work)) {
      err = "error while adding value during copy: " + e;
      return false;
    }
    return true;
  }
  err = "Unexpected kind: " + kind;
  return false;
}

PatchResult json_patch(const JValue &original, std::string_view patch, isc_field_validation mode,
                       uint32_t max_depth) {
  bool strict = mode != ISC_FIELD_VALIDATION_IGNORE;
  Doc d;
  JsonError je;
  if (!parse_patch(patch, d, je, max_depth)) {
    if (je.message.find("exceeded max depth") != std::string::npos) return too_deep();
    return bad_request(strict ? "error decoding patch: " + je.message : je.message);
  }
  const Node &root = d.nodes[d.root];
  if (root.type != NodeType::Array && root.type != NodeType::Null) {
    return bad_request(strict ? std::string("error decoding patch: json: cannot unmarshal ") + go_kind(root) +
                                    " into Go value of type []handlers.jsonPatchOp"
                              : std::string("json: cannot unmarshal ") + go_kind(root) +
                                    " into Go value of type jsonpatch.Patch");
  }
  PatchResult res;
  std::vector<JValue> ops_v;
  if (root.type == NodeType::Array) {
    // Elements must be objects (or null).
    for (auto el = elements(d, d.root); !el.done(); el.advance()) {
      const Node &n = d.nodes[el.cur];
      if (n.type != NodeType::Object && n.type != NodeType::Null)
        return bad_request(strict ? std::string("error decoding patch: json: cannot unmarshal ") + go_kind(n) +
                                        " into Go value of type handlers.jsonPatchOp"
                                  : std::string("json: cannot unmarshal ") + go_kind(n) +
                                        " into Go value of type jsonpatch.Operation");
    }
    if (strict) {
      // []jsonPatchOp{op, path, from string; value interface{}}: type errors
      // fail the request, unknown and duplicate members are strict errors.
      uint32_t i = 0;
      std::string type_error;
      for (auto el = elements(d, d.root); !el.done(); el.advance(), ++i) {
        if (d.nodes[el.cur].type != NodeType::Object) continue;
        std::vector<std::string_view> seen;
        std::string base = "[" + std::to_string(i) + "]";
        for (auto it = members(d, el.cur); !it.done(); it.advance()) {
          std::string_view k = d.nodes[it.key].text();
          std::string p = base + "." + std::string(k);
          bool known = k == "op" || k == "path" || k == "from" || k == "value";
          std::string msg;
          if (!known) {
            msg = "json patch unknown field " + go_quote(p);
          } else if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
            msg = "json patch duplicate field " + go_quote(p);
          }
          if (!msg.empty() && std::find(res.strict_errors.begin(), res.strict_errors.end(), msg) == res.strict_errors.end())
            res.strict_errors.push_back(msg);
          if (!known) continue;
          seen.push_back(k);
          const Node &v = d.nodes[it.value()];
          if (k != "value" && v.type != NodeType::String && v.type != NodeType::Null && type_error.empty())
            type_error = std::string("json: cannot unmarshal ") + go_kind(v) + " into Go struct field jsonPatchOp." +
                         std::string(k) + " of type string";
          if (k == "value") {
            std::vector<std::string> dups;
            collect_duplicates(d, it.value(), p, dups, max_depth);
            for (auto &m : dups) {
              std::string jm = "json patch " + m;
              if (std::find(res.strict_errors.begin(), res.strict_errors.end(), jm) == res.strict_errors.end())
                res.strict_errors.push_back(jm);
            }
          }
        }
      }
      if (!type_error.empty()) return bad_request("error decoding patch: " + type_error);
    }
    if (root.len > kMaxOperations)
      return fail(413, "RequestEntityTooLarge",
                  "Request entity too large: The allowed maximum operations in a JSON patch is " +
                      std::to_string(kMaxOperations) + ", got " + std::to_string(root.len));
    for (auto el = elements(d, d.root); !el.done(); el.advance()) {
      ops_v.emplace_back();
      if (!from_doc(d, el.cur, ops_v.back(), max_depth)) return too_deep();
    }
  }
  res.result = original;
  long long copied = 0, work = 0;
  for (const JValue &o : ops_v) {
    Op op;
    if (o.is_object()) {
      op.op = o.find("op");
      op.path = o.find("path");
      op.from = o.find("from");
      op.value = o.find("value");
      op.has_value = op.value != nullptr;
    }
    std::string err;
    if (!run_op(res.result, op, copied, work, max_depth, err)) return generic_422(err);
    if (work > kMaxArrayWork)
      return generic_422("the patch visits more than " + std::to_string(kMaxArrayWork) +
                         " array elements and object members (isconform's limit)");
  }
  res.ok = true;
  return res;
}

// ---------------------------------------------------------------------------
// JSON merge patch (RFC 7386) as json-patch v4's MergePatch applies it
// ---------------------------------------------------------------------------

void prune_nulls(JValue &v);

void prune_doc_nulls(JValue &v) {
  std::vector<std::pair<std::string, JValue>> kept;
  for (auto &m : v.obj) {
    if (m.second.is_null()) continue;
    prune_nulls(m.second);
    kept.push_back(std::move(m));
  }
  v.obj = std::move(kept);
}

void prune_nulls(JValue &v) {
  if (v.is_object()) {
    prune_doc_nulls(v);
  } else if (v.is_array()) {
    for (auto &e : v.arr) {
      if (!e.is_null()) prune_nulls(e);
    }
  }
}

void merge_docs(JValue &doc, JValue &patch);

JValue merge_value(JValue &cur, JValue &patch) {
  if (!cur.is_object()) {
    prune_nulls(patch);
    return std::move(patch);
  }
  if (!patch.is_object()) return std::move(patch);  // not pruned: the server keeps nulls here
  merge_docs(cur, patch);
  return std::move(cur);
}

void merge_docs(JValue &doc, JValue &patch) {
  ObjIndex idx(doc);
  for (auto &m : patch.obj) {
    if (m.second.is_null()) {
      idx.erase(m.first);
      continue;
    }
    JValue *cur = idx.find(m.first);
    if (!cur || cur->is_null()) {
      prune_nulls(m.second);
      idx.set(m.first, std::move(m.second));
    } else {
      JValue merged = merge_value(*cur, m.second);
      *idx.find(m.first) = std::move(merged);
    }
  }
  idx.finish();
}

PatchResult merge_patch(const JValue &original, std::string_view patch, isc_field_validation mode,
                        uint32_t max_depth) {
  bool strict = mode != ISC_FIELD_VALIDATION_IGNORE;
  Doc d;
  JsonError je;
  bool parsed = parse_patch(patch, d, je, max_depth);
  if (!parsed && je.message.find("exceeded max depth") != std::string::npos) return too_deep();
  PatchResult res;
  if (strict) {
    if (!parsed) return bad_request("error decoding patch: " + je.message);
    const Node &root = d.nodes[d.root];
    if (root.type != NodeType::Object && root.type != NodeType::Null)
      return bad_request(std::string("error decoding patch: json: cannot unmarshal ") + go_kind(root) +
                         " into Go value of type map[string]interface {}");
    collect_duplicates(d, d.root, "", res.strict_errors, max_depth);
  }
  static const char kBadPatch[] = "Invalid JSON Patch";
  if (!parsed) return bad_request(kBadPatch);
  JValue p;
  if (!from_doc(d, d.root, p, max_depth)) return too_deep();
  if (p.is_null()) return bad_request(kBadPatch);
  if (p.is_array()) {
    // Not an object: the patch replaces the document (nulls inside its
    // objects pruned).
    prune_nulls(p);
    res.result = std::move(p);
    res.ok = true;
    return res;
  }
  if (!p.is_object()) return bad_request(kBadPatch);
  res.result = original;
  merge_docs(res.result, p);
  res.ok = true;
  return res;
}

// ---------------------------------------------------------------------------
// Strategic merge patch
// ---------------------------------------------------------------------------

// Patch metadata of the ImageStream's fields (openshift/api image/v1 and
// metav1.ObjectMeta struct tags).
struct SType;
struct SField {
  const char *name;
  const SType *type;
  const char *strategy;   // "", "merge", "replace"
  const char *merge_key;  // "" when none
};
struct SType {
  enum Kind { Struct, Map, List, Scalar } kind;
  const char *go_name;  // struct name, for errors
  const SField *fields;
  size_t nfields;
  const SType *elem;  // Map values, List elements
};

#define ISC_FIELDS(arr) arr, sizeof(arr) / sizeof(arr[0])
const SType kScalar{SType::Scalar, "", nullptr, 0, nullptr};
const SType kStringMap{SType::Map, "", nullptr, 0, &kScalar};
const SType kScalarList{SType::List, "", nullptr, 0, &kScalar};
const SField kObjectRefFields[] = {{"kind", &kScalar, "", ""},      {"namespace", &kScalar, "", ""},
                                   {"name", &kScalar, "", ""},      {"uid", &kScalar, "", ""},
                                   {"apiVersion", &kScalar, "", ""}, {"resourceVersion", &kScalar, "", ""},
                                   {"fieldPath", &kScalar, "", ""}};
const SType kObjectRef{SType::Struct, "ObjectReference", ISC_FIELDS(kObjectRefFields), nullptr};
const SField kOwnerRefFields[] = {{"apiVersion", &kScalar, "", ""}, {"kind", &kScalar, "", ""},
                                  {"name", &kScalar, "", ""},       {"uid", &kScalar, "", ""},
                                  {"controller", &kScalar, "", ""}, {"blockOwnerDeletion", &kScalar, "", ""}};
const SType kOwnerRef{SType::Struct, "OwnerReference", ISC_FIELDS(kOwnerRefFields), nullptr};
const SType kOwnerRefList{SType::List, "", nullptr, 0, &kOwnerRef};
const SField kManagedFieldsFields[] = {{"manager", &kScalar, "", ""},    {"operation", &kScalar, "", ""},
                                       {"apiVersion", &kScalar, "", ""}, {"time", &kScalar, "", ""},
                                       {"fieldsType", &kScalar, "", ""}, {"fieldsV1", &kStringMap, "", ""},
                                       {"subresource", &kScalar, "", ""}};
const SType kManagedFieldsEntry{SType::Struct, "ManagedFieldsEntry", ISC_FIELDS(kManagedFieldsFields), nullptr};
const SType kManagedFieldsList{SType::List, "", nullptr, 0, &kManagedFieldsEntry};
const SField kMetaFields[] = {
    {"name", &kScalar, "", ""},
    {"generateName", &kScalar, "", ""},
    {"namespace", &kScalar, "", ""},
    {"selfLink", &kScalar, "", ""},
    {"uid", &kScalar, "", ""},
    {"resourceVersion", &kScalar, "", ""},
    {"generation", &kScalar, "", ""},
    {"creationTimestamp", &kScalar, "", ""},
    {"deletionTimestamp", &kScalar, "", ""},
    {"deletionGracePeriodSeconds", &kScalar, "", ""},
    {"labels", &kStringMap, "", ""},
    {"annotations", &kStringMap, "", ""},
    {"ownerReferences", &kOwnerRefList, "merge", "uid"},
    {"finalizers", &kScalarList, "merge", ""},
    {"managedFields", &kManagedFieldsList, "", ""},
};
const SType kMeta{SType::Struct, "ObjectMeta", ISC_FIELDS(kMetaFields), nullptr};
const SField kLookupFields[] = {{"local", &kScalar, "", ""}};
const SType kLookup{SType::Struct, "ImageLookupPolicy", ISC_FIELDS(kLookupFields), nullptr};
const SField kImportFields[] = {{"insecure", &kScalar, "", ""}, {"scheduled", &kScalar, "", ""},
                                {"importMode", &kScalar, "", ""}};
const SType kImport{SType::Struct, "TagImportPolicy", ISC_FIELDS(kImportFields), nullptr};
const SField kRefPolicyFields[] = {{"type", &kScalar, "", ""}};
const SType kRefPolicy{SType::Struct, "TagReferencePolicy", ISC_FIELDS(kRefPolicyFields), nullptr};
const SField kTagRefFields[] = {{"name", &kScalar, "", ""},         {"annotations", &kStringMap, "", ""},
                                {"from", &kObjectRef, "", ""},      {"reference", &kScalar, "", ""},
                                {"generation", &kScalar, "", ""},   {"importPolicy", &kImport, "", ""},
                                {"referencePolicy", &kRefPolicy, "", ""}};
const SType kTagRef{SType::Struct, "TagReference", ISC_FIELDS(kTagRefFields), nullptr};
const SType kTagRefList{SType::List, "", nullptr, 0, &kTagRef};
const SField kSpecFields[] = {{"lookupPolicy", &kLookup, "", ""},
                              {"dockerImageRepository", &kScalar, "", ""},
                              {"tags", &kTagRefList, "merge", "name"}};
const SType kSpec{SType::Struct, "ImageStreamSpec", ISC_FIELDS(kSpecFields), nullptr};
const SField kTagEventFields[] = {{"created", &kScalar, "", ""},
                                  {"dockerImageReference", &kScalar, "", ""},
                                  {"image", &kScalar, "", ""},
                                  {"generation", &kScalar, "", ""}};
const SType kTagEvent{SType::Struct, "TagEvent", ISC_FIELDS(kTagEventFields), nullptr};
const SType kTagEventList{SType::List, "", nullptr, 0, &kTagEvent};
const SField kConditionFields[] = {{"type", &kScalar, "", ""},    {"status", &kScalar, "", ""},
                                   {"lastTransitionTime", &kScalar, "", ""}, {"reason", &kScalar, "", ""},
                                   {"message", &kScalar, "", ""}, {"generation", &kScalar, "", ""}};
const SType kCondition{SType::Struct, "TagEventCondition", ISC_FIELDS(kConditionFields), nullptr};
const SType kConditionList{SType::List, "", nullptr, 0, &kCondition};
const SField kNamedFields[] = {{"tag", &kScalar, "", ""},
                               {"items", &kTagEventList, "", ""},
                               {"conditions", &kConditionList, "", ""}};
const SType kNamed{SType::Struct, "NamedTagEventList", ISC_FIELDS(kNamedFields), nullptr};
const SType kNamedList{SType::List, "", nullptr, 0, &kNamed};
const SField kStatusFields[] = {{"dockerImageRepository", &kScalar, "", ""},
                                {"publicDockerImageRepository", &kScalar, "", ""},
                                {"tags", &kNamedList, "merge", "tag"}};
const SType kStatus{SType::Struct, "ImageStreamStatus", ISC_FIELDS(kStatusFields), nullptr};
const SField kStreamFields[] = {{"kind", &kScalar, "", ""},
                                {"apiVersion", &kScalar, "", ""},
                                {"metadata", &kMeta, "", ""},
                                {"spec", &kSpec, "", ""},
                                {"status", &kStatus, "", ""}};
const SType kStream{SType::Struct, "ImageStream", ISC_FIELDS(kStreamFields), nullptr};
#undef ISC_FIELDS

// LookupPatchMetadata: the field's type and tags. Maps give their value type.
struct Meta {
  const SType *type = &kScalar;
  std::string strategy, merge_key;
};
bool lookup(const SType *t, const std::string &key, Meta &m, std::string &err) {
  if (t->kind == SType::Map) {
    m.type = t->elem ? t->elem : &kScalar;
    return true;
  }
  if (t->kind == SType::Struct) {
    for (size_t i = 0; i < t->nfields; ++i) {
      if (key == t->fields[i].name) {
        m.type = t->fields[i].type;
        m.strategy = t->fields[i].strategy;
        m.merge_key = t->fields[i].merge_key;
        return true;
      }
    }
    err = std::string("unable to find api field in struct ") + t->go_name + " for the json field " + go_quote(key);
    return false;
  }
  // A scalar has no fields: the merge treats the value as opaque.
  m.type = &kScalar;
  return true;
}

constexpr const char kDirective[] = "$patch";
constexpr const char kRetainKeys[] = "$retainKeys";
constexpr const char kDeletePrefix[] = "$deleteFromPrimitiveList";
constexpr const char kOrderPrefix[] = "$setElementOrder";

struct SmpError {
  int code = 500;
  std::string message;
};

SmpError bad400(const char *m) { return SmpError{400, m}; }
SmpError err500(std::string m) { return SmpError{500, std::move(m)}; }

// The Go type of a decoded value, for reflect.TypeOf comparisons.
int go_type(const JValue &v) {
  switch (v.t) {
    case JValue::T::Null: return 0;
    case JValue::T::Bool: return 1;
    case JValue::T::Number: return number_is_int(v.s) ? 2 : 3;
    case JValue::T::String: return 4;
    case JValue::T::Array: return 5;
    case JValue::T::Object: return 6;
  }
  return 0;
}

const char *go_type_name(const JValue &v) {
  switch (go_type(v)) {
    case 0: return "<nil>";
    case 1: return "bool";
    case 2: return "int64";
    case 3: return "float64";
    case 4: return "string";
    case 5: return "[]interface {}";
    default: return "map[string]interface {}";
  }
}

// fmt %s of an interface{} value (mergepatch.ErrBadPatchType).
std::string go_s(const JValue &v) {
  if (v.is_string()) return v.s;
  if (v.is_null()) return "%!s(<nil>)";
  if (v.is_object() || v.is_array()) return go_format(v);
  return std::string("%!s(") + go_type_name(v) + "=" + go_format(v) + ")";
}

std::string no_merge_key(const JValue &m, const std::string &key) {
  return "map: " + go_format(m) + " does not contain declared merge key: " + key;
}

std::string bad_arg_type(const char *expected, const JValue &actual) {
  return std::string("expected a ") + expected + ", but received a " + go_type_name(actual);
}

bool extract_key(const std::string &s, const char *prefix, std::string &out, SmpError &err) {
  size_t slash = s.find('/');
  if (slash == std::string::npos || s.compare(0, slash, prefix) != 0) {
    err = bad400(std::string(prefix) == kDeletePrefix ? "invalid patch format of primitive list"
                                                       : "invalid patch format of setElementOrder list");
    return false;
  }
  out = s.substr(slash + 1);
  return true;
}

void discard_nulls(JValue &v) {
  if (v.is_object()) {
    std::vector<std::pair<std::string, JValue>> kept;
    for (auto &m : v.obj) {
      if (m.second.is_null()) continue;
      discard_nulls(m.second);
      kept.push_back(std::move(m));
    }
    v.obj = std::move(kept);
  } else if (v.is_array()) {
    for (auto &e : v.arr) discard_nulls(e);
  }
}

// index() of normalizeElementOrder: position of an item in a list (maps by
// their merge key value), through a hash of the values as Go compares them.
std::string key_of(const JValue &item, const std::string &merge_key, bool maps) {
  const JValue *k = &item;
  if (maps) k = item.is_object() ? item.find(merge_key) : nullptr;
  if (!k) return std::string(1, '\x01');
  std::string out(1, static_cast<char>('0' + go_type(*k)));
  to_json(*k, out);
  return out;
}

struct KeyIndex {
  std::unordered_map<std::string, long> first;
  const std::string *merge_key;
  bool maps;
  KeyIndex(const std::vector<JValue> &l, const std::string &mk, bool m) : merge_key(&mk), maps(m) {
    for (size_t i = 0; i < l.size(); ++i) first.emplace(key_of(l[i], mk, m), static_cast<long>(i));
  }
  [[nodiscard]] long find(const JValue &v) const {
    auto it = first.find(key_of(v, *merge_key, maps));
    return it == first.end() ? -1 : it->second;
  }
};

bool sort_by_order(std::vector<JValue> &to_sort, const std::vector<JValue> &order, const std::string &merge_key,
                   bool maps, SmpError &err) {
  std::vector<JValue> to_delete;
  if (maps) {
    for (const std::vector<JValue> *list : {static_cast<const std::vector<JValue> *>(&to_sort), &order}) {
      for (const auto &e : *list) {
        if (!e.is_object()) {
          err = err500(bad_arg_type("map[string]interface {}", e));
          return false;
        }
        if (!e.find(merge_key)) {
          err = err500(no_merge_key(e, merge_key));
          return false;
        }
      }
    }
    std::vector<JValue> keep;
    for (auto &e : to_sort) {
      const JValue *d = e.find(kDirective);
      if (d && d->is_string() && d->s == "delete") to_delete.push_back(std::move(e));
      else keep.push_back(std::move(e));
    }
    to_sort = std::move(keep);
  }
  std::vector<std::pair<long, size_t>> keyed;
  KeyIndex idx(order, merge_key, maps);
  for (size_t i = 0; i < to_sort.size(); ++i) keyed.emplace_back(idx.find(to_sort[i]), i);
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
    return a.first >= 0 && b.first >= 0 && a.first < b.first;
  });
  std::vector<JValue> out;
  for (auto &k : keyed) out.push_back(std::move(to_sort[k.second]));
  for (auto &e : to_delete) out.push_back(std::move(e));
  to_sort = std::move(out);
  return true;
}

// normalizeElementOrder + mergeSortedSlice.
bool normalize_order(std::vector<JValue> patch_items, std::vector<JValue> server_only,
                     const std::vector<JValue> &patch_order, const std::vector<JValue> &server_order,
                     const std::string &merge_key, bool maps, std::vector<JValue> &out, SmpError &err) {
  if (!sort_by_order(patch_items, patch_order, merge_key, maps, err)) return false;
  if (!sort_by_order(server_only, server_order, merge_key, maps, err)) return false;
  out.clear();
  KeyIndex server(server_order, merge_key, maps);
  size_t i = 0, j = 0;
  const auto &left = server_only;
  const auto &right = patch_items;
  while (i < left.size() || j < right.size()) {
    if (i >= left.size()) {
      out.push_back(right[j++]);
    } else if (j >= right.size()) {
      out.push_back(left[i++]);
    } else {
      long li = server.find(left[i]);
      long ri = server.find(right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push_back(left[i++]);
      else out.push_back(right[j++]);
    }
  }
  return true;
}

void partition(const std::vector<JValue> &merged, const std::vector<JValue> &by, const std::string &merge_key,
               bool maps, std::vector<JValue> &in, std::vector<JValue> &out) {
  KeyIndex idx(by, merge_key, maps);
  for (const auto &v : merged) {
    if (idx.find(v) >= 0) in.push_back(v);
    else out.push_back(v);
  }
}

// sliceElementType: 6 = maps, other values = scalars; -1 on error.
int element_type(const std::vector<const std::vector<JValue> *> &slices, SmpError &err) {
  int prev = -1;
  for (const auto *s : slices) {
    for (const auto &v : *s) {
      int t = go_type(v);
      if (t == 0) continue;
      if (prev == -1) {
        if (t == 5) {
          err = SmpError{422, "lists of lists are not supported"};
          return -1;
        }
        prev = t;
      } else if (prev != t) {
        std::string m = "[";
        for (size_t i = 0; i < slices.size(); ++i) {
          if (i) m.push_back(' ');
          JValue a = JValue::array();
          a.arr = *slices[i];
          m += go_format(a);
        }
        m.push_back(']');
        err = err500("list element types are not identical: " + m);
        return -1;
      }
    }
  }
  if (prev == -1) {
    err = err500("no elements in any of the given slices");
    return -1;
  }
  return prev;
}

bool merge_map(JValue &original, JValue &patch, const SType *t, SmpError &err);

constexpr size_t kExactDedupLimit = 4096;

bool merge_slice(std::vector<JValue> original, std::vector<JValue> patch, const SType *elem,
                 const std::string &merge_key, bool delete_list, std::vector<JValue> &out, SmpError &err) {
  if (original.empty() && patch.empty()) {
    out = std::move(original);
    return true;
  }
  int et = element_type({&original, &patch}, err);
  if (et < 0) return false;
  bool maps = et == 6;
  std::vector<JValue> merged;
  if (!maps) {
    if (delete_list) {
      for (auto &v : original) {
        bool del = false;
        for (const auto &p : patch) del = del || go_equal(v, p);
        if (!del) out.push_back(std::move(v));
      }
      return true;
    }
    // deduplicateScalars: a duplicate is overwritten by the last element.
    merged = original;
    merged.insert(merged.end(), patch.begin(), patch.end());
    if (merged.size() > kExactDedupLimit) {
      // Quadratic in the server; large lists keep first occurrences (docs/requests.md).
      std::unordered_set<std::string> seen;
      std::vector<JValue> uniq;
      for (auto &e : merged) {
        if (seen.insert(key_of(e, "", false)).second) uniq.push_back(std::move(e));
      }
      merged = std::move(uniq);
    }
    size_t length = merged.empty() ? 0 : merged.size() - 1;
    for (size_t i = 0; merged.size() > 1 && merged.size() <= kExactDedupLimit && i < length; ++i) {
      for (size_t j = i + 1; j <= length; ++j) {
        if (go_equal(merged[i], merged[j])) {
          merged[j] = merged[length];
          merged.resize(length);
          --length;
          --j;
        }
      }
    }
  } else {
    if (merge_key.empty()) {
      err = err500("cannot merge lists without merge key for type struct");
      return false;
    }
    // mergeSliceWithSpecialElements.
    std::vector<JValue> plain;
    std::unordered_set<std::string> deletes;  // merge key values of $patch: delete entries
    bool replace = false;
    for (auto &v : patch) {
      const JValue *d = v.find(kDirective);
      if (!d) {
        plain.push_back(std::move(v));
        continue;
      }
      if (d->is_string() && d->s == "delete") {
        const JValue *mv = v.find(merge_key);
        if (!mv) {
          err = err500(no_merge_key(v, merge_key));
          return false;
        }
        deletes.insert(key_of(*mv, "", false));
      } else if (d->is_string() && d->s == "replace") {
        replace = true;
      } else if (d->is_string() && d->s == "merge") {
        err = err500("merging lists cannot yet be specified in the patch");
        return false;
      } else {
        err = err500("unknown patch type: " + go_s(*d) + " in map: " + go_format(v));
        return false;
      }
    }
    if (!deletes.empty()) {
      std::vector<JValue> kept;
      for (auto &e : original) {
        if (!e.is_object()) {
          err = err500("value for key 0 is not a map.");
          return false;
        }
        const JValue *k = e.find(merge_key);
        if (k && deletes.count(key_of(*k, "", false))) continue;
        kept.push_back(std::move(e));
      }
      original = std::move(kept);
    }
    if (replace) {
      original = std::move(plain);
      patch.clear();
    } else {
      patch = std::move(plain);
    }
    // mergeSliceWithoutSpecialElements.
    merged = original;
    KeyIndex index(merged, merge_key, true);
    for (auto &v : patch) {
      const JValue *mv = v.find(merge_key);
      if (!mv) {
        err = err500(no_merge_key(v, merge_key));
        return false;
      }
      long at = index.find(v);
      if (at >= 0) {
        JValue pv = v;
        if (!merge_map(merged[static_cast<size_t>(at)], pv, elem, err)) return false;
      } else {
        index.first.emplace(key_of(v, merge_key, true), static_cast<long>(merged.size()));
        merged.push_back(v);
      }
    }
  }
  std::vector<JValue> in, only;
  if (maps) {
    for (const auto &v : merged) {
      if (!v.is_object()) {
        err = err500(bad_arg_type("map[string]interface {}", v));
        return false;
      }
      const JValue *mv = v.find(merge_key);
      if (!mv) {
        err = err500(no_merge_key(v, merge_key));
        return false;
      }
    }
  }
  partition(merged, patch, merge_key, maps, in, only);
  return normalize_order(std::move(in), std::move(only), patch, original, merge_key, maps, out, err);
}

bool merge_slice_handler(const JValue &original, JValue &patch, const Meta &m, bool delete_list, JValue &out,
                         SmpError &err) {
  if (m.strategy != "merge") {
    out = std::move(patch);
    return true;
  }
  out = JValue::array();
  return merge_slice(original.arr, patch.arr, m.type->elem ? m.type->elem : &kScalar, m.merge_key, delete_list,
                     out.arr, err);
}

bool apply_retain_keys(JValue &original, JValue &patch, SmpError &err) {
  JValue *rk = patch.find(kRetainKeys);
  if (!rk) return true;
  JValue keys = std::move(*rk);
  patch.erase(kRetainKeys);
  if (!keys.is_array()) {
    err = bad400("invalid patch format of retainKeys");
    return false;
  }
  std::unordered_set<std::string> names;
  for (const auto &v : keys.arr) {
    if (v.is_string()) names.insert(v.s);
  }
  auto listed = [&](const std::string &k) { return names.count(k) != 0; };
  for (const auto &m : patch.obj) {
    if (m.second.is_null() || m.first.rfind(kDeletePrefix, 0) == 0 || m.first.rfind(kOrderPrefix, 0) == 0) continue;
    if (!listed(m.first)) {
      err = bad400("invalid patch format of retainKeys");
      return false;
    }
  }
  std::vector<std::pair<std::string, JValue>> kept;
  for (auto &m : original.obj) {
    if (listed(m.first)) kept.push_back(std::move(m));
  }
  original.obj = std::move(kept);
  return true;
}

// validatePatchWithSetOrderList.
bool check_order_list(const JValue *patch_list, const JValue &order, const std::string &merge_key, SmpError &err) {
  if (!patch_list || patch_list->arr.empty() || order.arr.empty()) return true;
  std::vector<const JValue *> non_delete;
  for (const auto &v : patch_list->arr) {
    if (!merge_key.empty()) {
      if (!v.is_object()) {
        err = err500(bad_arg_type("map[string]interface {}", v));
        return false;
      }
      const JValue *d = v.find(kDirective);
      if (d && d->is_string() && d->s == "delete") continue;
    }
    non_delete.push_back(&v);
  }
  size_t pi = 0, oi = 0;
  while (pi < non_delete.size() && oi < order.arr.size()) {
    const JValue &pv = *non_delete[pi];
    if (pv.is_object() && pv.find(kDirective)) {
      ++pi;
      continue;
    }
    bool equal;
    if (merge_key.empty()) {
      equal = go_equal(pv, order.arr[oi]);
    } else {
      const JValue &ov = order.arr[oi];
      if (!pv.is_object()) {
        err = err500(bad_arg_type("map[string]interface {}", pv));
        return false;
      }
      if (!ov.is_object()) {
        err = err500(bad_arg_type("map[string]interface {}", ov));
        return false;
      }
      const JValue *a = pv.find(merge_key), *b = ov.find(merge_key);
      if (!a) {
        err = err500(no_merge_key(pv, merge_key));
        return false;
      }
      if (!b) {
        err = err500(no_merge_key(ov, merge_key));
        return false;
      }
      equal = go_equal(*a, *b);
    }
    if (equal) ++pi;
    ++oi;
  }
  if (pi < non_delete.size() && oi >= order.arr.size()) {
    err = err500("The order in patch list:\n" + go_format(*patch_list) + "\n doesn't match " + kOrderPrefix +
                 " list:\n" + go_format(order) + "\n");
    return false;
  }
  return true;
}

// mergePatchIntoOriginal: $setElementOrder/<field> directives.
bool apply_order_directives(JValue &original, JValue &patch, const SType *t, SmpError &err) {
  std::vector<std::string> keys;
  for (const auto &m : patch.obj) {
    if (m.first.rfind(kOrderPrefix, 0) == 0) keys.push_back(m.first);
  }
  for (const auto &key : keys) {
    JValue order = std::move(*patch.find(key));
    patch.erase(key);
    if (!order.is_array()) {
      err = err500(bad_arg_type("[]interface {}", order));
      return false;
    }
    std::string field;
    if (!extract_key(key, kOrderPrefix, field, err)) return false;
    JValue *orig = original.find(field);
    JValue *pl = patch.find(field);
    if (orig && !orig->is_array()) {
      err = err500(bad_arg_type("[]interface {}", *orig));
      return false;
    }
    if (pl && !pl->is_array()) {
      err = err500(bad_arg_type("[]interface {}", *pl));
      return false;
    }
    Meta m;
    std::string lerr;
    if (!lookup(t, field, m, lerr)) {
      err = err500(lerr);
      return false;
    }
    if (!check_order_list(pl, order, m.merge_key, err)) return false;
    JValue merged;
    if (orig && !pl) {
      merged = *orig;
    } else if (!orig && pl) {
      merged = *pl;
    } else if (orig && pl) {
      JValue pcopy = *pl;
      if (!merge_slice_handler(*orig, pcopy, m, false, merged, err)) return false;
    } else {
      continue;
    }
    std::vector<JValue> empty;
    const std::vector<JValue> &orig_list = orig ? orig->arr : empty;
    const std::vector<JValue> &patch_list = pl ? pl->arr : empty;
    int et = element_type({&orig_list, &patch_list}, err);
    if (et < 0) return false;
    bool maps = !m.merge_key.empty();
    std::vector<JValue> in, only;
    if (maps) {
      for (const auto &v : merged.arr) {
        if (!v.is_object()) {
          err = err500(bad_arg_type("map[string]interface {}", v));
          return false;
        }
        if (!v.find(m.merge_key)) {
          err = err500(no_merge_key(v, m.merge_key));
          return false;
        }
      }
    }
    partition(merged.arr, order.arr, m.merge_key, maps, in, only);
    JValue both = JValue::array();
    if (!normalize_order(std::move(in), std::move(only), order.arr, orig_list, m.merge_key, et == 6, both.arr, err))
      return false;
    original.set(field, std::move(both));
    patch.erase(field);
  }
  return true;
}

bool merge_map(JValue &original, JValue &patch, const SType *t, SmpError &err) {
  if (const JValue *d = patch.find(kDirective)) {
    if (d->is_string() && d->s == "replace") {
      patch.erase(kDirective);
      original = std::move(patch);
      return true;
    }
    if (d->is_string() && d->s == "delete") {
      original = JValue::object();
      return true;
    }
    err = err500("unknown patch type: " + go_s(*d) + " in map: " + go_format(patch));
    return false;
  }
  if (!original.is_object()) original = JValue::object();
  if (!apply_retain_keys(original, patch, err)) return false;
  if (!apply_order_directives(original, patch, t, err)) return false;
  ObjIndex idx(original);
  for (auto &pm : patch.obj) {
    std::string k = pm.first;
    JValue &pv = pm.second;
    bool delete_list = false;
    if (k.rfind(kDeletePrefix, 0) == 0) {
      std::string field;
      if (!extract_key(k, kDeletePrefix, field, err)) return false;
      k = field;
      delete_list = true;
    }
    if (pv.is_null()) {
      idx.erase(k);
      continue;
    }
    JValue *cur = idx.find(k);
    if (!cur || go_type(*cur) != go_type(pv)) {
      if (!delete_list) {
        discard_nulls(pv);
        idx.set(k, std::move(pv));
      }
      continue;
    }
    if (cur->is_object() || cur->is_array()) {
      Meta m;
      std::string lerr;
      if (!lookup(t, k, m, lerr)) {
        err = err500(lerr);
        return false;
      }
      if (cur->is_object()) {
        if (m.strategy == "replace") {
          *cur = std::move(pv);
        } else {
          JValue orig = std::move(*cur);
          if (!merge_map(orig, pv, m.type, err)) return false;
          *idx.find(k) = std::move(orig);
        }
      } else {
        JValue merged;
        if (!merge_slice_handler(*cur, pv, m, delete_list, merged, err)) return false;
        *idx.find(k) = std::move(merged);
      }
    } else {
      *cur = std::move(pv);
    }
  }
  idx.finish();
  return true;
}

PatchResult strategic_patch(const JValue &original, std::string_view patch, isc_field_validation mode,
                            uint32_t max_depth) {
  bool strict = mode != ISC_FIELD_VALIDATION_IGNORE;
  Doc d;
  JsonError je;
  if (!parse_patch(patch, d, je, max_depth)) {
    if (je.message.find("exceeded max depth") != std::string::npos) return too_deep();
    return bad_request(je.message);
  }
  const Node &root = d.nodes[d.root];
  if (root.type != NodeType::Object && root.type != NodeType::Null)
    return bad_request(std::string("json: cannot unmarshal ") + go_kind(root) +
                       " into Go value of type map[string]interface {}");
  PatchResult res;
  if (strict) collect_duplicates(d, d.root, "", res.strict_errors, max_depth);
  JValue p;
  if (!from_doc(d, d.root, p, max_depth)) return too_deep();
  res.patch_repr = p.is_null() ? "map[]" : go_format(p);
  res.result = original;
  if (p.is_null()) {
    res.ok = true;
    return res;
  }
  SmpError err;
  if (!merge_map(res.result, p, &kStream, err)) {
    if (err.code == 400) return bad_request(err.message);
    if (err.code == 422) return generic_422(err.message);
    return internal_500(err.message);
  }
  res.ok = true;
  return res;
}

}  // namespace

PatchResult apply_patch(PatchKind kind, const JValue &original, std::string_view patch, isc_field_validation mode,
                        uint32_t max_depth) {
  switch (kind) {
    case PatchKind::Json: return json_patch(original, patch, mode, max_depth);
    case PatchKind::Merge: return merge_patch(original, patch, mode, max_depth);
    case PatchKind::Strategic: return strategic_patch(original, patch, mode, max_depth);
  }
  return bad_request("unknown patch type");
}

}  // namespace isc::detail
