#include "sim/cli/version.h"

#include "kreach_version.h"  // generated in the build tree by cmake/kreach_version.cmake

namespace kreach {

const char* KreachVersion() { return KREACH_VERSION_STRING; }

}  // namespace kreach
