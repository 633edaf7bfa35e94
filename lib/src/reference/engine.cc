#include "reference/engine.hh"

#include <stdexcept>

namespace isc::detail {

std::shared_ptr<const ReferenceEngine> ReferenceEngine::create(std::shared_ptr<const Model>) {
  throw std::runtime_error("the reference engine is not built yet");
}

}  // namespace isc::detail
