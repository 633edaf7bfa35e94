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
  // libyaml re-examines every open flow collection at each token, so its
  // time grows with (tokens x flow depth). This bounds the sum of the flow
  // depths over all events of the stream (a document nested 10000 flow
  // levels deep costs about 10^8 and is still accepted).
  uint64_t max_scan_work = 128u << 20;
};

// A key that occurs twice in one mapping (reported under Strict/Warn as the
// server's YAMLToJSONStrict does: `line <n>: key "<k>" already set in map`).
struct YamlDuplicate {
  uint32_t key_node;   // index of the later key node in Doc::nodes
  uint32_t line;       // 1-based line in the file where the duplicate's value starts
  std::string message; // `line 5: key "name" already set in map` (go-yaml wording, %#v of the key;
                       // <n> is `line`, as the server numbers a body that is the whole file)
};

struct YamlDocument {
  Doc doc;                                 // doc.yaml == true; positions are indexes into doc.marks
  std::vector<YamlDuplicate> duplicates;   // in go-yaml's order (inner maps before outer keys)
  uint32_t start_line = 1;                 // first line of the document in the stream
};
// What the tape holds for a YAML document:
// * doc.src is the document's own copy of its text (CRLF made LF, a final LF
//   added, as oc's line reader does); scalar texts point into it when they
//   are unchanged there, otherwise into doc.arena. Nothing refers to `src`.
// * marks: 1-based absolute line and column (code points) where each node
//   starts. Nodes copied for an alias keep the marks of the anchored
//   original, except the copy's root, which is marked at the alias.
// * Numbers hold encoding/json's text of the decoded Go value; a key is the
//   string sigs.k8s.io/yaml makes of it. Every member stays on the tape: a
//   key superseded by a later equal key (after stringification, merges
//   included) has kKeySuperseded, and the last one holds the value.
// * kYamlQuoted: a quoted or block scalar that is a string; kYamlTemplate:
//   a plain or quoted string value that is exactly ${{NAME}} (not on keys);
//   kYamlTimestamp: a plain scalar go-yaml resolves as a timestamp (its text
//   kept). !!binary values are decoded (kStrDecoded), invalid UTF-8 in them
//   replaced by U+FFFD as json.Marshal writes it.

struct YamlError {
  // e.g. "yaml: line 3: mapping values are not allowed in this context". A
  // line in the message is go-yaml's for the document alone (oc parses each
  // document by itself), with its quirks: parser errors print libyaml's
  // 0-based line, and none is printed on a document's first line.
  std::string message;
  uint32_t line = 0;    // 1-based, in the file
  uint32_t column = 0;  // 1-based, code points
};

// Splits `src` into documents as oc does (lines starting with `---`;
// comment-only, empty, `null` and `~` documents are skipped) and loads each
// into `out` (appended). Returns false on the first document that fails to
// load; documents loaded before it stay in `out` (a bad separator line also
// drops the document before it, as in oc). Linear in the input plus the
// expanded size, which max_nodes bounds (and max_scan_work for libyaml's
// flow nesting). Thread-safe: no shared state. Throws only std::bad_alloc.
bool load_yaml_stream(std::string_view src, std::vector<std::unique_ptr<YamlDocument>> &out, YamlError &err,
                      const YamlLimits &limits = {});

// load_yaml_stream with memory kept between loads: the scratch of the
// composer and decoder, and the documents given back with recycle(), so
// that validating one YAML document after another allocates little in
// steady state. A loader belongs to one thread at a time.
class YamlLoader {
 public:
  YamlLoader();
  ~YamlLoader();
  YamlLoader(const YamlLoader &) = delete;
  YamlLoader &operator=(const YamlLoader &) = delete;

  bool load(std::string_view src, std::vector<std::unique_ptr<YamlDocument>> &out, YamlError &err,
            const YamlLimits &limits = {});
  // Empties `docs`, keeping a few of its documents (their tapes and arenas)
  // for the next loads.
  void recycle(std::vector<std::unique_ptr<YamlDocument>> &docs);

 private:
  struct State;
  std::unique_ptr<State> st_;
};

}  // namespace isc::detail

#endif  // ISC_YAML_LOADER_HH
