// What an update does to generations, tag by tag: which tags the server
// treats as changed (N5) and why, what generation each ends up with (N4), and
// whether the image importer will act on it. Rendered as JSON for
// isc_report_generations() and `isconform diff-generations`.
#ifndef ISC_CORE_GENERATIONS_HH
#define ISC_CORE_GENERATIONS_HH

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

#include "ir/imagestream.hh"

namespace isc::detail {

// Reasons a tag counts as changed for tagRefChanged (N5); empty = unchanged.
// Order: namespace, name, reference, importMode, generation reset.
std::vector<const char *> tag_change_reasons(const TagReference &old, const TagReference &next,
                                             std::string_view stream_namespace);

// Fields that differ between two tags without making it a tag change
// (from.kind, importPolicy.scheduled/insecure, referencePolicy, annotations).
std::vector<const char *> tag_other_differences(const ImageStream &a, const TagReference &old, const ImageStream &b,
                                                const TagReference &next);

// The generation each tag carried in the request, before the server's
// preparation (kept by the pipeline for the report).
struct SentGeneration {
  std::string_view tag;
  OptInt generation;
};

// Writes the JSON description of an update:
// {"oldGeneration":N,"generation":M,"generationBumped":b,"tags":[{"tag":..,"change":"added|changed|unchanged|removed",
//  "reasons":[..],"otherChanges":[..],"sentGeneration":x|null,"oldGeneration":y|null,"generation":z|null,
//  "observedGeneration":o|null,"import":"pending|none|not-applicable"}]}
void render_generations(const ImageStream &old, const ImageStream &after, const std::vector<SentGeneration> &sent,
                        bool generation_bumped, std::string &out);

}  // namespace isc::detail

#endif  // ISC_CORE_GENERATIONS_HH
