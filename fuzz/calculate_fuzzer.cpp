// Arbitrary bytes -> calculate(): the boundary must answer every input with one envelope, never
// crash, hang, leak or trip a sanitizer. Seeds: docs/examples/*.request.json.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api.h"
#include "envelope_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string request(reinterpret_cast<const char*>(data), size);
  nelm::fuzz::check_envelope(nelm::api::calculate(request));
  return 0;
}
