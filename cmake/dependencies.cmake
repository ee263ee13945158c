# Third-party code comes from Debian packages: nlohmann-json3-dev and googletest (sources).
if(EMSCRIPTEN)
  # Emscripten compiles against its own sysroot; /usr/include must not be on its path (it would
  # drag glibc headers in). Expose only nlohmann through a build-tree folder holding a link to it.
  set(nelm_nlohmann_dir "${CMAKE_BINARY_DIR}/nlohmann_include")
  file(MAKE_DIRECTORY "${nelm_nlohmann_dir}")
  file(CREATE_LINK /usr/include/nlohmann "${nelm_nlohmann_dir}/nlohmann" SYMBOLIC)
  add_library(nlohmann_json INTERFACE)
  target_include_directories(nlohmann_json SYSTEM INTERFACE "${nelm_nlohmann_dir}")
  add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json)
else()
  find_package(nlohmann_json 3.10 REQUIRED)
endif()

if(NELM_BUILD_TESTS)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL)
endif()
