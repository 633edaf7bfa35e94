// Document tree shared by the JSON parser and the YAML loader.
//
// A Doc is a flat tape of Nodes in document order. A container node is
// followed by its children; Node::next is the index just past its subtree,
// so a subtree can be skipped in O(1). Object members are a key node (String)
// followed by the value's subtree; every member is kept, duplicates included,
// because the decoder must see them the way the API server's decoder does.
//
// Strings without escapes point into the source buffer; decoded strings live
// in the Doc's arena. Both stay valid until the Doc is cleared. Node::pos is a
// position token: a byte offset for JSON, an index into `marks` for YAML.
#ifndef ISC_JSON_DOC_HH
#define ISC_JSON_DOC_HH

#include <cstdint>      // uint32_t
#include <memory>       // unique_ptr
#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

namespace isc::detail {

enum class NodeType : uint8_t { Null, False, True, Number, String, Array, Object };

// Number flags.
inline constexpr uint8_t kNumFrac = 1;  // has a fraction or exponent
inline constexpr uint8_t kNumNeg = 2;   // starts with '-'
// String flags.
inline constexpr uint8_t kStrDecoded = 1;    // text lives in the arena (had escapes)
inline constexpr uint8_t kStrBadUtf8 = 2;    // invalid UTF-8 was replaced by U+FFFD
inline constexpr uint8_t kStrSurrogate = 4;  // a lone surrogate escape was replaced by U+FFFD
// YAML flags (any type).
inline constexpr uint8_t kYamlQuoted = 8;      // scalar was quoted (always a string)
inline constexpr uint8_t kYamlTemplate = 16;   // a ${{PARAM}} placeholder that template processing would type
inline constexpr uint8_t kYamlTimestamp = 32;  // scalar resolved as a YAML 1.1 timestamp (kept as text)
inline constexpr uint8_t kKeySuperseded = 64;  // YAML key node: a later key of the same map has the same name

struct Node {
  NodeType type = NodeType::Null;
  uint8_t flags = 0;
  uint16_t reserved = 0;
  uint32_t pos = 0;   // position token, see Doc::locate
  uint32_t len = 0;   // String/Number: text length; Array: elements; Object: members
  uint32_t next = 0;  // index just past this node's subtree
  const char *str = nullptr;  // String/Number: text

  [[nodiscard]] std::string_view text() const { return {str, len}; }
  [[nodiscard]] bool is_container() const { return type == NodeType::Array || type == NodeType::Object; }
};

struct Mark {
  uint32_t line;  // 1-based
  uint32_t col;   // 1-based, code points
};

// Bump allocator with stable addresses; reset() keeps the first block.
class Arena {
 public:
  char *alloc(size_t n);
  const char *copy(std::string_view s);
  void reset();
  [[nodiscard]] size_t capacity() const;  // bytes held

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size = 0;
    size_t used = 0;
  };
  std::vector<Block> blocks_;
};

struct Location {
  uint32_t line = 0;
  uint32_t col = 0;
};

class Doc {
 public:
  std::vector<Node> nodes;
  Arena arena;
  std::string_view src;     // the bytes positions refer to (JSON)
  std::vector<Mark> marks;  // YAML: pos -> mark
  bool yaml = false;
  uint32_t root = 0;  // index of the root node
  std::vector<uint32_t> scratch;  // parser stack, reused
  // An upper bound of every String and Number node's length, kept by the
  // JSON parser so that a length limit needs no walk over the nodes. The
  // YAML loader does not keep it (kUnknownLength).
  static constexpr uint32_t kUnknownLength = UINT32_MAX;
  uint32_t max_scalar_len = 0;

  void clear() {
    nodes.clear();
    arena.reset();
    marks.clear();
    yaml = false;
    max_scalar_len = 0;
    src = {};
    root = 0;
    index_built_ = false;
    direct_locates_ = 0;
  }
  // Points positions at new source bytes (drops the locate() index).
  void set_src(std::string_view s) {
    src = s;
    index_built_ = false;
    direct_locates_ = 0;
  }

  // Line and column of a position token. Cheap for YAML. For JSON the first
  // kDirectLocates calls count from the start of the source (a document
  // with a finding or two needs no index); later calls index the source
  // once (line starts, code points per block), so that every call costs
  // O(log lines + kLocateBlock): findings by the thousand on one long line
  // stay linear. A Doc belongs to one thread.
  [[nodiscard]] Location locate(uint32_t pos) const;

  // Member lookup in an object node (the last occurrence wins, as for the
  // API server's non-strict decoding of scalars). Returns 0 when absent, and
  // when `obj` is not an object.
  [[nodiscard]] uint32_t find_last(uint32_t obj, std::string_view key) const;
  // First occurrence.
  [[nodiscard]] uint32_t find_first(uint32_t obj, std::string_view key) const;

  static constexpr uint32_t kLocateBlock = 1024;
  static constexpr uint32_t kDirectLocates = 4;

 private:
  // The index of `src` built by locate() (rebuilt when src changes).
  mutable std::string_view indexed_;
  mutable bool index_built_ = false;
  mutable uint32_t direct_locates_ = 0;  // locate() calls answered without the index
  mutable std::vector<uint32_t> line_starts_;  // byte offset of every line
  mutable std::vector<uint32_t> block_cps_;    // code points before each kLocateBlock boundary
  void build_index() const;
  [[nodiscard]] uint32_t code_points_before(uint32_t pos) const;
};

// One of 64 classes of a key by its length, first and last byte, as a bit:
// keys of different classes differ, so a scan for an earlier equal key only
// runs when the class was seen before.
inline uint64_t key_class_bit(std::string_view k) {
  const uint32_t h = k.empty() ? 0u
                               : static_cast<uint32_t>(k.size()) * 7u + static_cast<unsigned char>(k.front()) * 3u +
                                     static_cast<unsigned char>(k.back());
  return uint64_t{1} << (h & 63u);
}

// Iterates the members of an object: key index and value index.
struct MemberIter {
  const Doc *doc;
  uint32_t key;
  uint32_t end;
  [[nodiscard]] bool done() const { return key >= end; }
  [[nodiscard]] uint32_t value() const { return key + 1; }
  void advance() { key = doc->nodes[key + 1].next; }
};
inline MemberIter members(const Doc &d, uint32_t obj) { return MemberIter{&d, obj + 1, d.nodes[obj].next}; }

// Iterates the elements of an array.
struct ElemIter {
  const Doc *doc;
  uint32_t cur;
  uint32_t end;
  [[nodiscard]] bool done() const { return cur >= end; }
  void advance() { cur = doc->nodes[cur].next; }
};
inline ElemIter elements(const Doc &d, uint32_t arr) { return ElemIter{&d, arr + 1, d.nodes[arr].next}; }

// Writes a node subtree as compact JSON (used for diagnostics and the reference engine).
void write_json(const Doc &d, uint32_t node, std::string &out);
// Appends s as a JSON string literal (quotes included). Escapes like Go's
// encoding/json when go_html is true (<, >, & as \u003c ...).
void append_json_string(std::string &out, std::string_view s, bool go_html = false);

}  // namespace isc::detail

#endif  // ISC_JSON_DOC_HH
