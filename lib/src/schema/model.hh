// The type model compiled from the embedded JSON Schemas.
//
// Both engines take structure from the schemas: the fast engine walks the
// document with this model, the reference engine hands the same schemas to
// valijson. The model also carries the Go type names (`x-go-type`,
// `x-go-struct`) the API server's decoder prints in its error messages.
#ifndef ISC_SCHEMA_MODEL_HH
#define ISC_SCHEMA_MODEL_HH

#include <cstdint>      // uint16_t
#include <cstring>      // memcmp
#include <deque>        // deque
#include <memory>       // shared_ptr
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

namespace isc::detail {

enum class TKind : uint8_t {
  Struct,  // object with fixed properties, additionalProperties false
  Map,     // object whose values all have one type (map[string]string)
  Array,
  String,
  Bool,
  Int64,
  Time,  // string with format date-time (metav1.Time)
  Any,   // no type constraint (fieldsV1)
};

struct TypeNode;

struct FieldDef {
  std::string name;
  const TypeNode *type = nullptr;
};

struct TypeNode {
  TKind kind = TKind::Any;
  std::string go_type;    // "v1.TagReference", "[]string", "int64", ...
  std::string go_struct;  // Struct: the Go struct name used in decode errors
  std::string location;   // schema location, e.g. "TagReference.json" or "ObjectMeta.json#/definitions/OwnerReference"
  std::vector<FieldDef> fields;       // Struct, in schema order
  std::vector<std::string> required;  // Struct
  std::vector<std::string> enum_values;
  const TypeNode *elem = nullptr;  // Array, Map

  // Struct: index of `fields` by name, open addressing (slot -> field index
  // + 1, 0 when free). At most kMaxFields fields, so that a walker can keep
  // the fields it has seen in one 64-bit mask.
  static constexpr uint32_t kSlots = 128;
  static constexpr size_t kMaxFields = 64;
  uint8_t slots[kSlots] = {};
  // Struct: for each `required` name, its index in `fields` (-1 when it is no field).
  std::vector<int> required_fields;

  // a[0, n) == b[0, n). Field names are short: up to sixteen bytes take two
  // overlapping 8-byte loads from each side (never outside the strings), no
  // call to memcmp.
  static bool same_bytes(const char *a, const char *b, size_t n) {
    auto load = [](const char *p, auto &v) { std::memcpy(&v, p, sizeof v); };
    if (n >= 8) {
      uint64_t a0, b0, a1, b1;
      load(a, a0), load(b, b0), load(a + n - 8, a1), load(b + n - 8, b1);
      if (a0 != b0 || a1 != b1) return false;
      return n <= 16 || std::memcmp(a + 8, b + 8, n - 16) == 0;
    }
    if (n >= 4) {
      uint32_t a0, b0, a1, b1;
      load(a, a0), load(b, b0), load(a + n - 4, a1), load(b + n - 4, b1);
      return a0 == b0 && a1 == b1;
    }
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  static uint32_t slot_of(std::string_view s) {
    size_t n = s.size();
    if (n == 0) return 0;
    auto u = [](char c) { return static_cast<uint32_t>(static_cast<unsigned char>(c)); };
    return (static_cast<uint32_t>(n) * 31u + u(s[0]) * 7u + u(s[n / 2]) * 5u + u(s[n - 1])) & (kSlots - 1);
  }
  // Struct: index in `fields` of the field with exactly (case-sensitively)
  // this name, or -1.
  [[nodiscard]] int field_index(std::string_view name) const {
    for (uint32_t h = slot_of(name);; h = (h + 1) & (kSlots - 1)) {
      uint8_t k = slots[h];
      if (k == 0) return -1;
      const std::string &f = fields[k - 1u].name;
      if (f.size() == name.size() && same_bytes(f.data(), name.data(), name.size())) return k - 1;
    }
  }
  [[nodiscard]] const FieldDef *field(std::string_view name) const {
    int i = field_index(name);
    return i < 0 ? nullptr : &fields[static_cast<size_t>(i)];
  }
  // Builds `slots` and `required_fields` once `fields` and `required` are
  // final. Throws std::runtime_error on more than kMaxFields fields.
  void index_fields();
};

class Model {
 public:
  // Compiles the embedded schemas. Throws std::runtime_error on a schema the
  // model cannot represent (a build-time mistake caught by the tests).
  static std::shared_ptr<const Model> compile();

  [[nodiscard]] const TypeNode *image_stream() const { return image_stream_; }
  [[nodiscard]] const TypeNode *image_stream_list() const { return image_stream_list_; }
  // Root type of an embedded schema by name ("TagReference"), or nullptr.
  [[nodiscard]] const TypeNode *root(std::string_view name) const;

 private:
  std::deque<TypeNode> nodes_;
  std::vector<std::pair<std::string, const TypeNode *>> roots_;
  const TypeNode *image_stream_ = nullptr;
  const TypeNode *image_stream_list_ = nullptr;
  friend class ModelBuilder;
};

}  // namespace isc::detail

#endif  // ISC_SCHEMA_MODEL_HH
