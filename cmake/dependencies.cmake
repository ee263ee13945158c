# Third-party code comes from Debian packages: nlohmann-json3-dev, libboost-math-dev and
# libeigen3-dev (header-only) and googletest (sources).
if(EMSCRIPTEN)
  # Emscripten compiles against its own sysroot; /usr/include must not be on its path (it would
  # drag glibc headers in). Each header-only library is exposed alone, through a build-tree
  # folder holding one link to its Debian header folder.
  function(nelm_header_only_library target link_name debian_folder)
    set(folder "${CMAKE_BINARY_DIR}/third_party_include/${target}")
    file(MAKE_DIRECTORY "${folder}")
    file(CREATE_LINK "${debian_folder}" "${folder}/${link_name}" SYMBOLIC)
    add_library(${target} INTERFACE)
    target_include_directories(${target} SYSTEM INTERFACE "${folder}")
  endfunction()
  nelm_header_only_library(nlohmann_json nlohmann /usr/include/nlohmann)
  nelm_header_only_library(boost_headers boost /usr/include/boost)
  nelm_header_only_library(eigen Eigen /usr/include/eigen3/Eigen)
  add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json)
  add_library(Boost::headers ALIAS boost_headers)
  add_library(Eigen3::Eigen ALIAS eigen)
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  find_package(Boost 1.74 REQUIRED)           # Boost::headers (Boost.Math is header-only)
  find_package(Eigen3 3.3 REQUIRED NO_MODULE) # Eigen3::Eigen
endif()

if(NELM_BUILD_TESTS)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL)
endif()
