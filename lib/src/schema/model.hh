// The type model compiled from the embedded JSON Schemas.
//
// Both engines take structure from the schemas: the fast engine walks the
// document with this model, the reference engine hands the same schemas to
// valijson. The model also carries the Go type names (`x-go-type`,
// `x-go-struct`) the API server's decoder prints in its error messages.
#ifndef ISC_SCHEMA_MODEL_HH
#define ISC_SCHEMA_MODEL_HH

#include <cstdint>      // uint16_t
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

  // Struct: field by exact (case-sensitive) name, or nullptr.
  [[nodiscard]] const FieldDef *field(std::string_view name) const {
    for (const auto &f : fields) {
      if (f.name.size() == name.size() && f.name == name) return &f;
    }
    return nullptr;
  }
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
