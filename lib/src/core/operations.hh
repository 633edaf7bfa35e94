// What the API server does to an ImageStream before validating it:
// v1 defaulting (N1, N2) and the strategies' preparation for create (N3),
// update (N4, N5, N7) and status update (N6, T4). Also the persisted-object
// writer (N9).
#ifndef ISC_CORE_OPERATIONS_HH
#define ISC_CORE_OPERATIONS_HH

#include <string>       // string
#include <string_view>  // string_view

#include "core/validator.hh"
#include "ir/imagestream.hh"

namespace isc::detail {

// N1, N2 (SetObjectDefaults_ImageStream) for every spec tag.
void apply_v1_defaults(ImageStream &is, std::string_view default_import_mode);

// The generated-name suffix isconform uses in place of the server's five
// random characters (all from the server's alphabet).
inline constexpr std::string_view kGeneratedSuffix = "xxxxx";
// BeforeCreate: name = generateName[:58] + suffix when name is empty.
void expand_generate_name(ImageStream &is);

void prepare_for_create(const isc_validator &v, ImageStream &is);
void prepare_for_update(const isc_validator &v, ImageStream &n, const ImageStream &o);
void prepare_for_status_update(ImageStream &n, const ImageStream &o);

// rest.BeforeUpdate: uid, creationTimestamp, deletionTimestamp and
// deletionGracePeriodSeconds come from the stored object.
void copy_system_fields(ImageStream &n, const ImageStream &o);

// equality.Semantic.DeepEqual of the two specs (nil and empty collections equal).
bool spec_equal(const ImageStream &a, const ImageStream &b);

// strategy.go dockerImageRepository / publicDockerImageRepository with a
// registry configured: <registry>/<namespace>/<name>.
std::string stream_repository(std::string_view registry, std::string_view ns, std::string_view name);

// The object as the server persists and returns it (image.openshift.io/v1 JSON).
void render_persisted(const ImageStream &is, std::string &out);

}  // namespace isc::detail

#endif  // ISC_CORE_OPERATIONS_HH
