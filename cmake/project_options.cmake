# Compile options for our own targets only (never global): high warnings, optional sanitizers.
add_library(nelm_project_options INTERFACE)
target_compile_options(nelm_project_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                      -Wconversion -Wno-sign-conversion)
if(NELM_WARNINGS_AS_ERRORS)
  target_compile_options(nelm_project_options INTERFACE -Werror)
endif()
if(NELM_SANITIZE)
  target_compile_options(nelm_project_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(nelm_project_options INTERFACE -fsanitize=address,undefined)
endif()

if(EMSCRIPTEN)
  # C++ exceptions are off by default in Emscripten (a throw would abort the module). Every
  # translation unit, GoogleTest's included, must agree, so this one flag is set for the build.
  add_compile_options(-fwasm-exceptions)
  add_link_options(-fwasm-exceptions)
endif()
