// Pull spec parsing (spec section 3.4). The upstream regular expression nests
// quantifiers (`(?:(?:[._]|__|[-]*)[a-z0-9]+)+`, host components with
// `[a-zA-Z0-9-]*`), which a backtracking engine explores exponentially on
// long non-matching input. The language itself is simple, though: every
// member splits in exactly one way into name, tag and digest, so each part can
// be checked on its own by a single left-to-right scan.
#include "grammar/reference.hh"

#include <cstddef>  // size_t
#include <cstdint>  // uint64_t
#include <cstring>  // memrchr
#include <string>   // string

#include "rules/messages.hh"
#include "util/goquote.hh"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace isc::detail {

namespace {

constexpr size_t kNameTotalLengthMax = 255;  // distribution/reference NameTotalLengthMax
constexpr size_t kTagMaxLength = 128;        // [\w][\w.-]{0,127}
constexpr size_t kMinDigestHex = 32;         // [[:xdigit:]]{32,}

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_word(char c) { return is_alnum(c) || c == '_'; }
bool is_xdigit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Path component: [a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*. Between two
// alphanumeric runs the separator is ".", "_", "__" or a run of '-' (the
// empty separator only joins two runs into one, so it adds nothing). That is
// the same as local conditions, which need no state carried along the string:
//   - every byte is [a-z0-9._-], the first and the last are [a-z0-9];
//   - two adjacent separators are "__" or "--" (so a run of separators is all
//     '_' or all '-');
//   - no "___".
// Long components (a hostile 1 MB pull spec is one) are checked 16 bytes at a
// time on x86-64; the rest byte by byte.
enum : unsigned char { kAlnum = 0, kDot = 1, kUnder = 2, kDash = 4, kOther = 8 };

// The class of every byte, so that the scan below costs one load per byte.
struct ComponentClasses {
  unsigned char of[256];
  constexpr ComponentClasses() : of{} {
    for (int c = 0; c < 256; ++c) {
      of[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? kAlnum
              : c == '.'                                        ? kDot
              : c == '_'                                        ? kUnder
              : c == '-'                                        ? kDash
                                                                : kOther;
    }
  }
};
constexpr ComponentClasses kComponentClasses;

// The local conditions at positions [from, n) of s (pairs and triples that
// start there).
bool component_local_ok(const char *s, size_t n, size_t from) {
  const unsigned char *u = reinterpret_cast<const unsigned char *>(s);
  const unsigned char *cls = kComponentClasses.of;
  for (size_t j = from; j < n; ++j) {
    const unsigned char c = cls[u[j]];
    if (c == kAlnum) continue;
    if (c == kOther) return false;
    if (j + 1 < n) {
      const unsigned char d = cls[u[j + 1]];
      if (d != kAlnum && (c & d & (kUnder | kDash)) == 0) return false;  // ".-", "._", "..", "_-", ...
      if (c == kUnder && d == kUnder && j + 2 < n && s[j + 2] == '_') return false;
    }
  }
  return true;
}

#if defined(__SSE2__)
// Bit k of each mask describes byte s[k] of a 64-byte window.
struct Window {
  uint64_t other, sep, under, dash;
};

Window classify64(const char *s) {
  Window w{0, 0, 0, 0};
  const __m128i a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1);
  const __m128i d1 = _mm_set1_epi8('0' - 1), n1 = _mm_set1_epi8('9' + 1);
  const __m128i dot = _mm_set1_epi8('.'), under = _mm_set1_epi8('_'), dash = _mm_set1_epi8('-');
  for (int k = 0; k < 4; ++k) {
    // Signed compares: bytes >= 0x80 are negative, so they land in "other".
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + 16 * k));
    const __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(v, a1), _mm_cmplt_epi8(v, z1));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, d1), _mm_cmplt_epi8(v, n1));
    const __m128i u = _mm_cmpeq_epi8(v, under);
    const __m128i h = _mm_cmpeq_epi8(v, dash);
    const __m128i sep = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), u), h);
    const __m128i ok = _mm_or_si128(_mm_or_si128(lower, digit), sep);
    const int shift = 16 * k;
    w.other |= static_cast<uint64_t>(static_cast<unsigned>(~_mm_movemask_epi8(ok)) & 0xFFFFu) << shift;
    w.sep |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(sep))) << shift;
    w.under |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(u))) << shift;
    w.dash |= static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(h))) << shift;
  }
  return w;
}
#endif

bool is_path_component(std::string_view sv) {
  const char *s = sv.data();
  const size_t n = sv.size();
  if (n == 0 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1])) return false;
  size_t i = 0;
#if defined(__SSE2__)
  // Windows of 64 bytes that overlap by 2, so every pair and triple that
  // starts in [i, i + 62) lies inside the window it starts in.
  constexpr uint64_t kStarts = (uint64_t{1} << 62) - 1;
  for (; i + 64 <= n; i += 62) {
    const Window w = classify64(s + i);
    const uint64_t bad_pair = (w.sep & (w.sep >> 1)) & ~((w.under & (w.under >> 1)) | (w.dash & (w.dash >> 1)));
    const uint64_t bad_triple = w.under & (w.under >> 1) & (w.under >> 2);
    if (w.other != 0 || ((bad_pair | bad_triple) & kStarts) != 0) return false;
  }
#endif
  return component_local_ok(s, n, i);
}

// Host component: [a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9].
bool is_host_component(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

// Host: components joined by '.', then an optional ":[0-9]+".
bool is_host(std::string_view s) {
  const size_t colon = s.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view port = s.substr(colon + 1);
    if (port.empty()) return false;
    for (char c : port) {
      if (!is_digit(c)) return false;  // also rejects a second ':'
    }
    s = s.substr(0, colon);
  }
  for (;;) {
    const size_t dot = s.find('.');
    if (!is_host_component(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s = s.substr(dot + 1);
  }
}

// Name: [host '/'] component ('/' component)*. The host alternative only
// exists when a '/' follows, and the first segment may be read either way.
bool is_name(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return is_path_component(s);
  const std::string_view first = s.substr(0, slash);
  if (!is_path_component(first) && !is_host(first)) return false;
  for (;;) {
    const size_t start = slash + 1;
    slash = s.find('/', start);
    if (!is_path_component(s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start)))
      return false;
    if (slash == std::string_view::npos) return true;
  }
}

// Tag: [\w][\w.-]{0,127}.
bool is_tag(std::string_view s) {
  if (s.empty() || s.size() > kTagMaxLength || !is_word(s.front())) return false;
  for (char c : s) {
    if (!is_word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

// Digest: [A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}.
bool is_digest(std::string_view s) {
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view alg = s.substr(0, colon);
  const std::string_view hex = s.substr(colon + 1);
  size_t i = 0;
  for (;;) {
    if (i >= alg.size() || !is_alpha(alg[i])) return false;
    ++i;
    while (i < alg.size() && is_alnum(alg[i])) ++i;
    if (i == alg.size()) break;
    const char c = alg[i];
    if (c != '-' && c != '_' && c != '+' && c != '.') return false;
    ++i;
  }
  if (hex.size() < kMinDigestHex) return false;
  for (char c : hex) {
    if (!is_xdigit(c)) return false;
  }
  return true;
}

enum class DigestCheck { Ok, Format, Unsupported, Length };

// digest.Digest.Validate: a loose syntax check, then the algorithm and the
// length its hash size implies.
DigestCheck validate_digest(std::string_view s) {
  // ^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$ (in Go's class "0-9-_" the second '-' is a literal)
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size()) return DigestCheck::Format;
  for (size_t i = 0; i < colon; ++i) {
    const char c = s[i];
    if (!is_alnum(c) && c != '-' && c != '_' && c != '+' && c != '.') return DigestCheck::Format;
  }
  for (size_t i = colon + 1; i < s.size(); ++i) {
    if (!is_xdigit(s[i])) return DigestCheck::Format;
  }
  const std::string_view alg = s.substr(0, colon);
  size_t want = 0;
  if (alg == "sha256") {
    want = 64;
  } else if (alg == "sha384") {
    want = 96;
  } else if (alg == "sha512") {
    want = 128;
  } else {
    return DigestCheck::Unsupported;
  }
  return s.size() - colon - 1 == want ? DigestCheck::Ok : DigestCheck::Length;
}

// Whether s holds an upper-case ASCII letter or a non-ASCII byte: 16 bytes at
// a time on x86-64 (a signed compare leaves bytes >= 0x80 negative, and
// their top bit shows in the mask anyway), the rest byte by byte.
bool may_change_when_lowered(std::string_view s) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i a1 = _mm_set1_epi8('A' - 1), z1 = _mm_set1_epi8('Z' + 1);
  __m128i acc = _mm_setzero_si128();
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s.data() + i));
    acc = _mm_or_si128(acc, _mm_or_si128(v, _mm_and_si128(_mm_cmpgt_epi8(v, a1), _mm_cmplt_epi8(v, z1))));
  }
  if (_mm_movemask_epi8(acc) != 0) return true;  // a top bit: non-ASCII, or a compare that held
#endif
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

bool is_docker_hub(std::string_view registry) {
  return registry == "docker.io" || registry == "index.docker.io" || registry == "registry-1.docker.io";
}

}  // namespace

bool match_reference_grammar(std::string_view s, RefCaptures &out) {
  // '@' occurs in no other part, so it alone splits off the digest; a second
  // '@' lands in the digest and fails there.
  std::string_view pre = s;
  std::string_view digest;
  const size_t at = s.find('@');
  if (at != std::string_view::npos) {
    digest = s.substr(at + 1);
    pre = s.substr(0, at);
    if (!is_digest(digest)) return false;
  }
  // A ':' inside the name belongs to a host port and is always followed by a
  // '/', while a tag holds neither ':' nor '/': the last ':' starts the tag
  // exactly when no '/' follows it.
  std::string_view name = pre;
  std::string_view tag;
  const void *last_colon = pre.empty() ? nullptr : memrchr(pre.data(), ':', pre.size());
  const size_t colon = last_colon ? static_cast<size_t>(static_cast<const char *>(last_colon) - pre.data())
                                  : std::string_view::npos;
  if (colon != std::string_view::npos && pre.find('/', colon + 1) == std::string_view::npos) {
    tag = pre.substr(colon + 1);
    name = pre.substr(0, colon);
    if (!is_tag(tag)) return false;
  }
  if (!is_name(name)) return false;
  out.name = name;
  out.tag = tag;
  out.digest = digest;
  return true;
}

const char *parse_image_ref(std::string_view s, ImageRef &out) {
  namespace m = msg;
  RefCaptures cap;
  if (!match_reference_grammar(s, cap)) {
    if (s.empty()) return m::kRefNameEmpty;
    // Lower-casing changes nothing unless an upper-case letter or a non-ASCII
    // byte is present; then the second match would fail the same way.
    if (!may_change_when_lowered(s)) return m::kRefInvalidFormat;
    std::string lowered;
    RefCaptures ignored;
    // The grammar is ASCII: whatever stays non-ASCII after lowering fails it.
    if (match_reference_grammar(go_to_lower(s, lowered), ignored)) return m::kRefNameUppercase;
    return m::kRefInvalidFormat;
  }
  if (cap.name.size() > kNameTotalLengthMax) return m::kRefNameTooLong;
  if (!cap.digest.empty()) {
    switch (validate_digest(cap.digest)) {
      case DigestCheck::Ok:
        break;
      case DigestCheck::Format:  // unreachable after the grammar check
        return m::kRefInvalidFormat;
      case DigestCheck::Unsupported:
        return m::kRefDigestUnsupported;
      case DigestCheck::Length:
        return m::kRefDigestLength;
    }
  }

  // reference.Parse's decomposition of the name.
  ImageRef r;
  const std::string_view name = cap.name;
  const size_t slash = name.find('/');
  const bool registry_only =
      slash == std::string_view::npos && (name.find('.') != std::string_view::npos || name.substr(0, 9) == "localhost");
  std::string_view repo;
  if (registry_only) {
    // The re-serialised reference: name, ":tag", "@digest" - the whole input.
    r.registry = s;
  } else if (slash == std::string_view::npos) {
    repo = name;
  } else {
    const std::string_view first = name.substr(0, slash);
    if (first.find_first_of(":.") == std::string_view::npos && first != "localhost") {
      repo = name;
    } else {
      r.registry = first;
      repo = name.substr(slash + 1);
    }
  }
  if (!registry_only) r.tag = cap.tag;
  r.id = cap.digest;
  const size_t ns = repo.find('/');
  if (ns != std::string_view::npos) {
    r.namespace_ = repo.substr(0, ns);
    r.name = repo.substr(ns + 1);
  } else {
    r.name = repo;
  }
  out = r;
  return nullptr;
}

std::string image_ref_exact(const ImageRef &r) {
  std::string s(r.registry);
  if (!s.empty()) s += '/';
  if (!r.namespace_.empty()) {
    s += r.namespace_;
    s += '/';
  }
  // NameString: an ID that is not a valid digest is a v1 by-id tag.
  if (r.name.empty()) return r.registry.empty() ? std::string() : s;
  s += r.name;
  if (!r.id.empty()) {
    s += validate_digest(r.id) == DigestCheck::Ok ? '@' : ':';
    s += r.id;
  } else if (!r.tag.empty()) {
    s += ':';
    s += r.tag;
  }
  return s;
}

std::string image_ref_string(const ImageRef &r) {
  if (r.namespace_.empty() && is_docker_hub(r.registry)) {
    ImageRef d = r;
    d.namespace_ = "library";
    return image_ref_exact(d);
  }
  return image_ref_exact(r);
}

}  // namespace isc::detail
