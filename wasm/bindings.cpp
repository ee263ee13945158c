// Embind registrations only: the JSON contract of api.h, plus the typed-array fast path.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "api.h"

namespace {

// Copies a JS Float64Array (or any array of numbers) into the column store in one bulk copy;
// answers {"ok": true} or a too_large envelope (too many values, or no memory left for the copy).
std::string put_column_from_js(const std::string& name, const emscripten::val& values) {
  return nelm::api::put_column(name, values["length"].as<std::size_t>(), [&values] {
    return emscripten::convertJSArrayToNumberVector<double>(values);
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(nelm_core) {
  emscripten::function("calculate", &nelm::api::calculate);
  emscripten::function("version", &nelm::api::version);
  emscripten::function("putColumn", &put_column_from_js);
  emscripten::function("clearColumns", &nelm::api::clear_columns);
  emscripten::function("warmUp", &nelm::api::warm_up);
}
