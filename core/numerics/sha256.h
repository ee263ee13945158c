// SHA-256 (FIPS 180-4) of a byte string, as lower-case hex: the checksum of a model file's
// canonical form. Byte-level only; the canonical JSON is produced at the boundary.
#pragma once

#include <string>

namespace nelm {

// The 64 hex digits of SHA-256(bytes).
std::string sha256_hex(const std::string& bytes);

}  // namespace nelm
