// YAML streams into Docs, with the semantics oc, kubectl and the API server
// apply (sigs.k8s.io/yaml over go-yaml v2; decoding-rules §3): YAML 1.1
// scalar resolution, merge keys, anchors and bounded aliases, map-key
// stringification, and oc's document splitting.
#ifndef ISC_YAML_LOADER_HH
#define ISC_YAML_LOADER_HH

#include <cstdint>      // uint32_t, uint64_t
#include <memory>       // unique_ptr
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "json/doc.hh"

namespace isc::detail {

struct YamlLimits {
  uint32_t max_depth = 10000;       // go-yaml: "exceeded max depth of 10000"
  uint64_t max_nodes = 4000000;     // nodes after alias expansion (then an error, bounded memory)
  uint64_t max_bytes = 64u << 20;   // input size accepted at all
};

// A key that occurs twice in one mapping (reported under Strict/Warn as the
// server's YAMLToJSONStrict does: `line <n>: key "<k>" already set in map`).
struct YamlDuplicate {
  uint32_t key_node;   // index of the later key node in Doc::nodes
  uint32_t line;       // 1-based line where the duplicate's value starts
  std::string message; // `line 5: key "name" already set in map` (go-yaml wording, %#v of the key)
};

struct YamlDocument {
  Doc doc;                                 // doc.yaml == true; positions are indexes into doc.marks
  std::vector<YamlDuplicate> duplicates;   // in document order
  uint32_t start_line = 1;                 // first line of the document in the stream
};

struct YamlError {
  std::string message;  // e.g. "yaml: line 3: mapping values are not allowed in this context"
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, code points
};

// Splits `src` into documents as oc does (lines starting with `---`;
// comment-only, empty, `null` and `~` documents are skipped) and loads each
// into `out` (appended). Returns false on the first document that fails to
// load; documents loaded before it stay in `out`. Linear in the input plus
// the expanded size, which max_nodes bounds.
bool load_yaml_stream(std::string_view src, std::vector<std::unique_ptr<YamlDocument>> &out, YamlError &err,
                      const YamlLimits &limits = {});

}  // namespace isc::detail

#endif  // ISC_YAML_LOADER_HH
