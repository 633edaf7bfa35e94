// A small mutable JSON tree for the patch machinery (the Doc tape is
// read-only). Objects keep member order; a key occurs once (building from a
// Doc keeps the last occurrence, as Go's map decoding does).
#ifndef ISC_REQUEST_VALUE_HH
#define ISC_REQUEST_VALUE_HH

#include <cstdint>      // uint8_t
#include <string>       // string
#include <string_view>  // string_view
#include <unordered_map>  // unordered_map
#include <utility>      // pair
#include <vector>       // vector

#include "json/doc.hh"

namespace isc::detail {

struct JValue {
  enum class T : uint8_t { Null, Bool, Number, String, Array, Object };
  T t = T::Null;
  bool b = false;
  std::string s;  // Number: the literal; String: the decoded text
  std::vector<JValue> arr;
  std::vector<std::pair<std::string, JValue>> obj;

  static JValue null() { return JValue{}; }
  static JValue string(std::string v) {
    JValue j;
    j.t = T::String;
    j.s = std::move(v);
    return j;
  }
  static JValue object() {
    JValue j;
    j.t = T::Object;
    return j;
  }
  static JValue array() {
    JValue j;
    j.t = T::Array;
    return j;
  }
  [[nodiscard]] bool is_null() const { return t == T::Null; }
  [[nodiscard]] bool is_object() const { return t == T::Object; }
  [[nodiscard]] bool is_array() const { return t == T::Array; }
  [[nodiscard]] bool is_string() const { return t == T::String; }

  // Object members.
  JValue *find(std::string_view key);
  [[nodiscard]] const JValue *find(std::string_view key) const;
  bool erase(std::string_view key);
  JValue &set(std::string_view key, JValue v);  // replaces in place or appends
};

// Constant-time member edits of one object (merging large objects stays
// linear): lookups through a hash, erasures as tombstones until finish().
class ObjIndex {
 public:
  explicit ObjIndex(JValue &obj);
  JValue *find(std::string_view key);
  JValue &set(std::string_view key, JValue v);
  void erase(std::string_view key);
  void finish();  // drops erased members; the index is unusable afterwards

 private:
  JValue &obj_;
  std::unordered_map<std::string, size_t> at_;
  std::vector<bool> dead_;
};

// Builds a value from a Doc node. `max_depth` bounds the nesting (deeper
// input returns false); the patch machinery recurses.
bool from_doc(const Doc &d, uint32_t node, JValue &out, uint32_t max_depth);
// Nesting depth of a value (1 for a scalar).
uint32_t depth_of(const JValue &v);

// Compact JSON with Go's encoding/json escaping.
void to_json(const JValue &v, std::string &out);
std::string to_json(const JValue &v);

// fmt's %v of the value decoded into interface{} (map[k:v ...] with sorted
// keys, [a b], <nil>); numbers as int64 when they are integer literals that
// fit, else float64 (sigs.k8s.io/json PreserveInts).
void go_format(const JValue &v, std::string &out);
std::string go_format(const JValue &v);

// Whether a number literal decodes to int64 (no fraction or exponent, in range).
bool number_is_int(std::string_view lit);
// Equality of two values decoded into interface{} (int64 and float64 differ).
bool go_equal(const JValue &a, const JValue &b);

// "object", "array", "string", "number", "bool" (as encoding/json's
// UnmarshalTypeError names what it found) or "null".
const char *json_kind(const JValue &v);

}  // namespace isc::detail

#endif  // ISC_REQUEST_VALUE_HH
