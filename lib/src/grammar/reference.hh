// Container image pull specs, as library-go's pkg/image/reference.Parse reads
// them (spec §3.4). Linear time on any input: a hand-written parser that
// accepts exactly the language of the anchored upstream regular expression.
#ifndef ISC_GRAMMAR_REFERENCE_HH
#define ISC_GRAMMAR_REFERENCE_HH

#include <string>       // string
#include <string_view>  // string_view

namespace isc::detail {

struct ImageRef {
  std::string_view registry;    // "" when none; for registry-only names the whole input
  std::string_view namespace_;  // first path segment of the repository (may be "")
  std::string_view name;        // the rest of the repository
  std::string_view tag;         // "" when none (never set for registry-only names)
  std::string_view id;          // digest "sha256:..." or ""
};

// Parses `s`. Returns nullptr and fills `out` (views into `s`) when it parses,
// else the exact upstream error text:
//   "repository name must have at least one component" (empty input),
//   "repository name must be lowercase", "invalid reference format",
//   "repository name must not be more than 255 characters",
//   "unsupported digest algorithm", "invalid checksum digest length".
const char *parse_image_ref(std::string_view s, ImageRef &out);

// The three capture groups of the anchored upstream regular expression
// (name, tag, digest). Every string of that language has exactly one split
// into the three groups, so the captures do not depend on match semantics.
struct RefCaptures {
  std::string_view name;    // capture 1, never empty on a match
  std::string_view tag;     // capture 2, "" when absent (never empty when present)
  std::string_view digest;  // capture 3, "" when absent (never empty when present)
};

// Whether `s` is in the language of the anchored regular expression of spec
// section 3.4; fills `out` on a match. Linear time, no allocation.
bool match_reference_grammar(std::string_view s, RefCaptures &out);

// DockerImageReference.Exact(): registry/namespace/name, then :tag or @id (id wins).
std::string image_ref_exact(const ImageRef &r);
// DockerImageReference.String() (used for computed repositories: registry/namespace/name).
std::string image_ref_string(const ImageRef &r);

}  // namespace isc::detail

#endif  // ISC_GRAMMAR_REFERENCE_HH
