// The calculator's version from CMake's project version (core/CMakeLists.txt defines NELM_VERSION).
#include "common/version.h"

#ifndef NELM_VERSION
#error "NELM_VERSION is CMake's PROJECT_VERSION, set on this file by core/CMakeLists.txt"
#endif

namespace nelm {

const char* calculator_version() { return NELM_VERSION; }

}  // namespace nelm
