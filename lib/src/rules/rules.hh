// The API server's rules for ImageStream, grouped as the server runs them.
// Each emitted finding carries the rule id of the catalogue (rules/catalog.cc,
// docs/rules.md): M* metadata, S* spec, T* status, E* environment, W* isconform's own warnings.
#ifndef ISC_RULES_RULES_HH
#define ISC_RULES_RULES_HH

#include <string>  // string
#include <vector>  // vector

#include "core/report.hh"
#include "core/validator.hh"
#include "ir/imagestream.hh"

namespace isc::detail {

enum class NameRule { ImageStream, PathSegment };

// Metadata (M1-M10): validation.ValidateObjectMeta with the given name
// function; core_finalizers adds the per-index standard-finalizer check
// (k8s core ValidateObjectMeta).
void validate_object_meta(const ImageStream &is, NameRule name_rule, bool core_finalizers, Errors &e);
// M12: ValidateObjectMetaAccessorUpdate (+ core finalizer names when core).
void validate_object_meta_update(const ImageStream &n, const ImageStream &o, bool core_finalizers, Errors &e);

// ValidateImageStreamWithWhitelister: M1-M10 with the stream name rules, M6,
// S1-S8, T2 on the status being persisted.
void validate_image_stream(const ImageStream &is, const Whitelister &wl, Errors &e);

// ValidateImageStreamStatusUpdateWithWhitelister (T3): the meta update rules
// and every status reference that is new compared with the stored status.
void validate_status_update(const ImageStream &n, const ImageStream &o, const Whitelister &wl, Errors &e);

// tagRefChanged (N5).
bool tag_ref_changed(const TagReference &old, const TagReference &next, std::string_view stream_namespace);

// Resolution context for S9/N8.
struct Resolver {
  const isc_validator &v;
  // Streams being checked together (open world): they exist, with an empty status.
  bool open_world = false;
};

// validateTagsAndLimits (S9): tag verification and resolution of every new or
// changed tag, adding N8 events to is.status. Inner errors are returned
// (the caller wraps them into one InternalError); open-world warnings go to e.
void resolve_tags(const Resolver &r, const ImageStream *old, ImageStream &is, std::vector<FieldError> &inner,
                  Errors &warnings);

// isconform's own warnings (W*), never changing validity.
void extra_warnings(const ImageStream &is, isc_operation op, Errors &e);

}  // namespace isc::detail

#endif  // ISC_RULES_RULES_HH
