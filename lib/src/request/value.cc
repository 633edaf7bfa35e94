#include "request/value.hh"

#include <algorithm>  // sort
#include <cerrno>     // errno
#include <cmath>      // isfinite
#include <cstdio>     // snprintf
#include <cstdlib>    // strtod, strtoll

namespace isc::detail {

JValue *JValue::find(std::string_view key) {
  for (auto &m : obj) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

const JValue *JValue::find(std::string_view key) const {
  for (const auto &m : obj) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

bool JValue::erase(std::string_view key) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it->first == key) {
      obj.erase(it);
      return true;
    }
  }
  return false;
}

JValue &JValue::set(std::string_view key, JValue v) {
  if (JValue *cur = find(key)) {
    *cur = std::move(v);
    return *cur;
  }
  obj.emplace_back(std::string(key), std::move(v));
  return obj.back().second;
}

ObjIndex::ObjIndex(JValue &obj) : obj_(obj) {
  at_.reserve(obj.obj.size());
  for (size_t i = 0; i < obj.obj.size(); ++i) at_[obj.obj[i].first] = i;
  dead_.assign(obj.obj.size(), false);
}

JValue *ObjIndex::find(std::string_view key) {
  auto it = at_.find(std::string(key));
  return it == at_.end() ? nullptr : &obj_.obj[it->second].second;
}

JValue &ObjIndex::set(std::string_view key, JValue v) {
  auto it = at_.find(std::string(key));
  if (it != at_.end()) {
    obj_.obj[it->second].second = std::move(v);
    return obj_.obj[it->second].second;
  }
  at_.emplace(std::string(key), obj_.obj.size());
  obj_.obj.emplace_back(std::string(key), std::move(v));
  dead_.push_back(false);
  return obj_.obj.back().second;
}

void ObjIndex::erase(std::string_view key) {
  auto it = at_.find(std::string(key));
  if (it == at_.end()) return;
  dead_[it->second] = true;
  at_.erase(it);
}

void ObjIndex::finish() {
  size_t out = 0;
  for (size_t i = 0; i < obj_.obj.size(); ++i) {
    if (dead_[i]) continue;
    if (out != i) obj_.obj[out] = std::move(obj_.obj[i]);
    ++out;
  }
  obj_.obj.resize(out);
  at_.clear();
  dead_.clear();
}

namespace {

bool build(const Doc &d, uint32_t node, JValue &out, uint32_t depth) {
  if (depth == 0) return false;
  const Node &n = d.nodes[node];
  switch (n.type) {
    case NodeType::Null: out = JValue{}; return true;
    case NodeType::False:
    case NodeType::True:
      out = JValue{};
      out.t = JValue::T::Bool;
      out.b = n.type == NodeType::True;
      return true;
    case NodeType::Number:
      out = JValue{};
      out.t = JValue::T::Number;
      out.s.assign(n.text());
      return true;
    case NodeType::String: out = JValue::string(std::string(n.text())); return true;
    case NodeType::Array: {
      out = JValue::array();
      out.arr.reserve(n.len);
      for (auto el = elements(d, node); !el.done(); el.advance()) {
        out.arr.emplace_back();
        if (!build(d, el.cur, out.arr.back(), depth - 1)) return false;
      }
      return true;
    }
    case NodeType::Object: {
      out = JValue::object();
      ObjIndex idx(out);
      for (auto it = members(d, node); !it.done(); it.advance()) {
        JValue v;
        if (!build(d, it.value(), v, depth - 1)) return false;
        idx.set(d.nodes[it.key].text(), std::move(v));  // a repeated key keeps its first position, the last value
      }
      idx.finish();
      return true;
    }
  }
  return false;
}

// Go's strconv.FormatFloat(f, 'g', -1, 64), as fmt's %v prints a float64.
std::string go_float(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f == 0) return std::signbit(f) ? "-0" : "0";
  char buf[64];
  int prec = 0;
  for (prec = 0; prec < 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*e", prec, f);
    if (std::strtod(buf, nullptr) == f) break;
  }
  std::snprintf(buf, sizeof buf, "%.*e", prec, f);
  // buf = [-]d.ddddde[+-]XX
  std::string s(buf);
  bool neg = s[0] == '-';
  if (neg) s.erase(0, 1);
  size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  int exp = std::atoi(s.c_str() + e + 1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits.push_back(c);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = neg ? "-" : "";
  if (exp < -4 || exp >= 6) {  // shortest %g: exponent form outside [-4, 6)
    out.push_back(digits[0]);
    if (digits.size() > 1) {
      out.push_back('.');
      out.append(digits, 1, std::string::npos);
    }
    out.push_back('e');
    out.push_back(exp < 0 ? '-' : '+');
    int a = exp < 0 ? -exp : exp;
    if (a < 10) out.push_back('0');
    out += std::to_string(a);
    return out;
  }
  if (exp < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exp - 1), '0');
    out += digits;
    return out;
  }
  size_t point = static_cast<size_t>(exp) + 1;
  if (digits.size() <= point) {
    out += digits;
    out.append(point - digits.size(), '0');
  } else {
    out.append(digits, 0, point);
    out.push_back('.');
    out.append(digits, point, std::string::npos);
  }
  return out;
}

}  // namespace

bool from_doc(const Doc &d, uint32_t node, JValue &out, uint32_t max_depth) { return build(d, node, out, max_depth); }

uint32_t depth_of(const JValue &v) {
  uint32_t m = 0;
  if (v.t == JValue::T::Array) {
    for (const auto &e : v.arr) m = std::max(m, depth_of(e));
  } else if (v.t == JValue::T::Object) {
    for (const auto &e : v.obj) m = std::max(m, depth_of(e.second));
  }
  return m + 1;
}

void to_json(const JValue &v, std::string &out) {
  switch (v.t) {
    case JValue::T::Null: out += "null"; return;
    case JValue::T::Bool: out += v.b ? "true" : "false"; return;
    case JValue::T::Number: out += v.s; return;
    case JValue::T::String: append_json_string(out, v.s, true); return;
    case JValue::T::Array:
      out.push_back('[');
      for (size_t i = 0; i < v.arr.size(); ++i) {
        if (i) out.push_back(',');
        to_json(v.arr[i], out);
      }
      out.push_back(']');
      return;
    case JValue::T::Object:
      out.push_back('{');
      for (size_t i = 0; i < v.obj.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, v.obj[i].first, true);
        out.push_back(':');
        to_json(v.obj[i].second, out);
      }
      out.push_back('}');
      return;
  }
}

std::string to_json(const JValue &v) {
  std::string s;
  to_json(v, s);
  return s;
}

bool number_is_int(std::string_view lit) {
  if (lit.empty()) return false;
  for (char c : lit) {
    if (c == '.' || c == 'e' || c == 'E') return false;
  }
  errno = 0;
  std::string tmp(lit);
  char *end = nullptr;
  (void)std::strtoll(tmp.c_str(), &end, 10);
  return errno != ERANGE && end && *end == '\0';
}

void go_format(const JValue &v, std::string &out) {
  switch (v.t) {
    case JValue::T::Null: out += "<nil>"; return;
    case JValue::T::Bool: out += v.b ? "true" : "false"; return;
    case JValue::T::Number:
      if (number_is_int(v.s)) {
        out += std::to_string(std::strtoll(v.s.c_str(), nullptr, 10));
      } else {
        out += go_float(std::strtod(v.s.c_str(), nullptr));
      }
      return;
    case JValue::T::String: out += v.s; return;
    case JValue::T::Array:
      out.push_back('[');
      for (size_t i = 0; i < v.arr.size(); ++i) {
        if (i) out.push_back(' ');
        go_format(v.arr[i], out);
      }
      out.push_back(']');
      return;
    case JValue::T::Object: {
      std::vector<const std::pair<std::string, JValue> *> m;
      for (const auto &e : v.obj) m.push_back(&e);
      std::sort(m.begin(), m.end(), [](auto *a, auto *b) { return a->first < b->first; });
      out += "map[";
      for (size_t i = 0; i < m.size(); ++i) {
        if (i) out.push_back(' ');
        out += m[i]->first;
        out.push_back(':');
        go_format(m[i]->second, out);
      }
      out.push_back(']');
      return;
    }
  }
}

std::string go_format(const JValue &v) {
  std::string s;
  go_format(v, s);
  return s;
}

bool go_equal(const JValue &a, const JValue &b) {
  if (a.t != b.t) return false;
  switch (a.t) {
    case JValue::T::Null: return true;
    case JValue::T::Bool: return a.b == b.b;
    case JValue::T::String: return a.s == b.s;
    case JValue::T::Number: {
      bool ai = number_is_int(a.s), bi = number_is_int(b.s);
      if (ai != bi) return false;
      if (ai) return std::strtoll(a.s.c_str(), nullptr, 10) == std::strtoll(b.s.c_str(), nullptr, 10);
      return std::strtod(a.s.c_str(), nullptr) == std::strtod(b.s.c_str(), nullptr);
    }
    case JValue::T::Array:
      if (a.arr.size() != b.arr.size()) return false;
      for (size_t i = 0; i < a.arr.size(); ++i) {
        if (!go_equal(a.arr[i], b.arr[i])) return false;
      }
      return true;
    case JValue::T::Object: {
      if (a.obj.size() != b.obj.size()) return false;
      std::unordered_map<std::string_view, const JValue *> bi;
      for (const auto &m : b.obj) bi[m.first] = &m.second;
      for (const auto &m : a.obj) {
        auto it = bi.find(m.first);
        if (it == bi.end() || !go_equal(m.second, *it->second)) return false;
      }
      return true;
    }
  }
  return false;
}

const char *json_kind(const JValue &v) {
  switch (v.t) {
    case JValue::T::Null: return "null";
    case JValue::T::Bool: return "bool";
    case JValue::T::Number: return "number";
    case JValue::T::String: return "string";
    case JValue::T::Array: return "array";
    case JValue::T::Object: return "object";
  }
  return "null";
}

}  // namespace isc::detail
