// The reference engine: valijson 1.0 over nlohmann/json documents, checking
// the embedded schemas (type, additionalProperties, required). It is the
// yardstick for the fast engine: both must give identical reports
// (fuzz/differential harness). Checks that JSON Schema cannot express in
// the API server's terms (duplicate keys, metav1.Time parsing) are shared
// with the fast engine (decode/structural.hh).
#ifndef ISC_REFERENCE_ENGINE_HH
#define ISC_REFERENCE_ENGINE_HH

#include <cstdint>  // uint32_t
#include <memory>   // shared_ptr

#include "decode/structural.hh"
#include "json/doc.hh"
#include "schema/model.hh"

namespace isc::detail {

class ReferenceEngine {
 public:
  virtual ~ReferenceEngine() = default;
  // Compiles the embedded schemas with valijson. Throws on failure.
  static std::shared_ptr<const ReferenceEngine> create(std::shared_ptr<const Model> model);
  // Same contract as check_structure() with every check enabled.
  virtual void check(const Doc &doc, uint32_t root, const StructuralOptions &opts, DecodeResult &out,
                     StructuralScratch &scratch) const = 0;
};

}  // namespace isc::detail

#endif  // ISC_REFERENCE_ENGINE_HH
