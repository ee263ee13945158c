// The calculator's version, written once: CMake's project version (CMakeLists.txt).
#pragma once

namespace nelm {

// "MAJOR.MINOR.PATCH" of project(nelm_outcomes VERSION ...); package.json must say the same
// (tests/api/version_test.cpp).
const char* calculator_version();

}  // namespace nelm
