// The public header compiles alone as C++17 and its declarations have C linkage.
#include <isconform/isconform.h>

#include <type_traits>

static_assert(std::is_same<decltype(&isc_version), const char *(*)()>::value, "C linkage signature");
static_assert(ISC_OK == 0 && ISC_EINVAL == -1 && ISC_ENOMEM == -2 && ISC_EINTERNAL == -3, "pinned status values");

int main() { return isc_version() != nullptr ? 0 : 1; }
