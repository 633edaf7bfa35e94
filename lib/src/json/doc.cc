#include "json/doc.hh"

#include <algorithm>  // max
#include <cstring>    // memcpy, memrchr
#if defined(__SSE2__)
#include <emmintrin.h>  // SSE2 (baseline on x86-64)
#endif

namespace isc::detail {

char *Arena::alloc(size_t n) {
  if (n == 0) n = 1;
  for (auto &b : blocks_) {
    if (b.size - b.used >= n) {
      char *p = b.data.get() + b.used;
      b.used += n;
      return p;
    }
  }
  size_t size = std::max<size_t>(n, blocks_.empty() ? 4096 : blocks_.back().size * 2);
  Block b;
  b.data.reset(new char[size]);
  b.size = size;
  b.used = n;
  blocks_.push_back(std::move(b));
  return blocks_.back().data.get();
}

size_t Arena::capacity() const {
  size_t n = 0;
  for (const auto &b : blocks_) n += b.size;
  return n;
}

const char *Arena::copy(std::string_view s) {
  char *p = alloc(s.size() + 1);
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

void Arena::reset() {
  // Keep the largest block only, so memory stays bounded by the largest
  // document seen and steady-state use allocates nothing.
  if (blocks_.size() > 1) {
    auto it = std::max_element(blocks_.begin(), blocks_.end(),
                               [](const Block &a, const Block &b) { return a.size < b.size; });
    Block keep = std::move(*it);
    blocks_.clear();
    blocks_.push_back(std::move(keep));
  }
  for (auto &b : blocks_) b.used = 0;
}

namespace {
inline bool starts_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// Code points that start in s[from, to): the bytes that are not UTF-8
// continuation bytes (10xxxxxx), eight at a time. One counter per byte lane,
// summed every kLocateBlock bytes (at most 128 words, so a lane cannot
// overflow): no popcount per word, which without -mpopcnt is a library call.
uint32_t count_code_points(const char *s, uint32_t from, uint32_t to) {
  uint32_t cps = 0;
  for (uint32_t b = from; b < to; b += Doc::kLocateBlock) {
    const uint32_t e = std::min(to, b + Doc::kLocateBlock);
    uint32_t i = b;
    uint64_t lanes = 0;
    uint32_t words = 0;
    for (; i + 8 <= e; i += 8, ++words) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      lanes += ((w & ~(w << 1)) >> 7) & 0x0101010101010101ull;  // bit 7 set, bit 6 clear
    }
    const uint64_t pairs = (lanes & 0x00FF00FF00FF00FFull) + ((lanes >> 8) & 0x00FF00FF00FF00FFull);
    cps += 8 * words - static_cast<uint32_t>((pairs * 0x0001000100010001ull) >> 48);
    for (; i < e; ++i) cps += starts_code_point(s[i]);
  }
  return cps;
}

// Line breaks in s[0, n). SSE2: per-lane counters (a match is -1), summed
// before they can wrap.
uint32_t count_newlines(const char *s, uint32_t n) {
  uint32_t count = 0, i = 0;
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n');
  while (i + 16 <= n) {
    __m128i acc = _mm_setzero_si128();
    for (uint32_t k = 0; k < 255 && i + 16 <= n; ++k, i += 16)
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(s + i)), nl));
    __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    count += static_cast<uint32_t>(_mm_cvtsi128_si32(sums)) + static_cast<uint32_t>(_mm_extract_epi16(sums, 4));
  }
#endif
  for (; i < n; ++i) count += s[i] == '\n';
  return count;
}
}  // namespace

void Doc::build_index() const {
  line_starts_.clear();
  block_cps_.clear();
  line_starts_.push_back(0);
  const char *s = src.data();
  uint32_t n = static_cast<uint32_t>(src.size());
  for (const char *p = s, *end = s + n; (p = static_cast<const char *>(std::memchr(p, '\n', end - p))); ++p)
    line_starts_.push_back(static_cast<uint32_t>(p - s) + 1);
  // Code points before each block boundary.
  block_cps_.reserve(n / kLocateBlock + 2);
  uint32_t cps = 0;
  for (uint32_t b = 0; b < n; b += kLocateBlock) {
    block_cps_.push_back(cps);
    cps += count_code_points(s, b, std::min(n, b + kLocateBlock));
  }
  block_cps_.push_back(cps);  // the end (n may be a multiple of the block)
  indexed_ = src;
  index_built_ = true;
}

uint32_t Doc::code_points_before(uint32_t pos) const {
  const uint32_t b = pos / kLocateBlock;
  return block_cps_[b] + count_code_points(src.data(), b * kLocateBlock, pos);
}

Location Doc::locate(uint32_t pos) const {
  if (yaml) {
    if (pos < marks.size()) return {marks[pos].line, marks[pos].col};
    return {};
  }
  if (pos > src.size()) return {};
  if (!index_built_ || indexed_.data() != src.data() || indexed_.size() != src.size()) {
    if (direct_locates_ < kDirectLocates) {
      ++direct_locates_;
      const char *s = src.data();
      const void *nl = pos ? memrchr(s, '\n', pos) : nullptr;
      uint32_t line_start = nl ? static_cast<uint32_t>(static_cast<const char *>(nl) - s) + 1 : 0;
      return {count_newlines(s, line_start) + 1, count_code_points(s, line_start, pos) + 1};
    }
    build_index();
  }
  // The last line starting at or before pos.
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), pos);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t line_start = *(it - 1);
  return {line, code_points_before(pos) - code_points_before(line_start) + 1};
}

uint32_t Doc::find_last(uint32_t obj, std::string_view key) const {
  // Any other node has no members: its children are no key/value pairs.
  if (obj >= nodes.size() || nodes[obj].type != NodeType::Object) return 0;
  uint32_t found = 0;
  for (auto it = members(*this, obj); !it.done(); it.advance()) {
    if (nodes[it.key].text() == key) found = it.value();
  }
  return found;
}

uint32_t Doc::find_first(uint32_t obj, std::string_view key) const {
  if (obj >= nodes.size() || nodes[obj].type != NodeType::Object) return 0;
  for (auto it = members(*this, obj); !it.done(); it.advance()) {
    if (nodes[it.key].text() == key) return it.value();
  }
  return 0;
}

void append_json_string(std::string &out, std::string_view s, bool go_html) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80 && !(go_html && (c == '<' || c == '>' || c == '&'))) {
      size_t j = i + 1;
      while (j < n) {
        unsigned char d = static_cast<unsigned char>(s[j]);
        if (d < 0x20 || d == '"' || d == '\\' || d >= 0x80 || (go_html && (d == '<' || d == '>' || d == '&'))) break;
        ++j;
      }
      out.append(s.data() + i, j - i);
      i = j;
      continue;
    }
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
      }
      ++i;
      continue;
    }
    // Non-ASCII: copy valid sequences, escape U+2028/2029 like Go, replace
    // invalid bytes with U+FFFD.
    const unsigned char *p = reinterpret_cast<const unsigned char *>(s.data() + i);
    size_t w = 0;
    {
      unsigned char b0 = p[0];
      size_t avail = n - i;
      if (b0 >= 0xC2 && b0 < 0xE0 && avail >= 2 && (p[1] & 0xC0) == 0x80) w = 2;
      else if (b0 >= 0xE0 && b0 < 0xF0 && avail >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
               !(b0 == 0xE0 && p[1] < 0xA0) && !(b0 == 0xED && p[1] >= 0xA0)) w = 3;
      else if (b0 >= 0xF0 && b0 < 0xF5 && avail >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
               (p[3] & 0xC0) == 0x80 && !(b0 == 0xF0 && p[1] < 0x90) && !(b0 == 0xF4 && p[1] >= 0x90)) w = 4;
    }
    if (w == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (w == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
      out += p[2] == 0xA8 ? "\\u2028" : "\\u2029";
      i += 3;
      continue;
    }
    out.append(s.data() + i, w);
    i += w;
  }
  out.push_back('"');
}

namespace {
void write_number(const Node &n, std::string &out) { out.append(n.str, n.len); }
}  // namespace

void write_json(const Doc &d, uint32_t node, std::string &out) {
  // Iterative to bound stack use on deep documents.
  struct Frame {
    uint32_t idx;
    uint32_t end;
    bool object;
    bool first;
  };
  std::vector<Frame> stack;
  uint32_t i = node;
  uint32_t stop = d.nodes[node].next;
  while (i < stop) {
    // Close finished containers.
    while (!stack.empty() && i >= stack.back().end) {
      out.push_back(stack.back().object ? '}' : ']');
      stack.pop_back();
    }
    if (!stack.empty()) {
      Frame &f = stack.back();
      if (!f.first) out.push_back(',');
      f.first = false;
      if (f.object) {
        append_json_string(out, d.nodes[i].text());
        out.push_back(':');
        ++i;
      }
    }
    const Node &n = d.nodes[i];
    switch (n.type) {
      case NodeType::Null: out += "null"; ++i; break;
      case NodeType::True: out += "true"; ++i; break;
      case NodeType::False: out += "false"; ++i; break;
      case NodeType::Number: write_number(n, out); ++i; break;
      case NodeType::String: append_json_string(out, n.text()); ++i; break;
      case NodeType::Array:
      case NodeType::Object:
        out.push_back(n.type == NodeType::Object ? '{' : '[');
        stack.push_back(Frame{i, n.next, n.type == NodeType::Object, true});
        ++i;
        break;
    }
  }
  while (!stack.empty()) {
    out.push_back(stack.back().object ? '}' : ']');
    stack.pop_back();
  }
}

}  // namespace isc::detail
