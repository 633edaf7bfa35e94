// Doc -> ImageStream IR.
#ifndef ISC_DECODE_BUILD_HH
#define ISC_DECODE_BUILD_HH

#include <cstdint>  // uint32_t

#include "ir/imagestream.hh"
#include "json/doc.hh"

namespace isc::detail {

// Fills `out` (cleared first) from the ImageStream object at `node`. The Doc
// must have passed the structural checks without a fatal error; views in
// `out` point into the Doc, which must outlive it. Call out.to_internal()
// afterwards for the server's map view of the tags.
void build_image_stream(const Doc &doc, uint32_t node, ImageStream &out);

}  // namespace isc::detail

#endif  // ISC_DECODE_BUILD_HH
