// The JSON Schemas embedded at build time (schemas/embed.py).
#ifndef ISC_SCHEMA_EMBEDDED_HH
#define ISC_SCHEMA_EMBEDDED_HH

#include <cstddef>  // size_t

namespace isc::detail {

struct EmbeddedSchema {
  const char *name;  // "ImageStream" (file name without .json)
  const char *data;  // NUL-terminated JSON text
  size_t size;       // bytes, without the NUL
};

// Sorted by name.
const EmbeddedSchema *embedded_schemas(size_t *count);

}  // namespace isc::detail

#endif  // ISC_SCHEMA_EMBEDDED_HH
