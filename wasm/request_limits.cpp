// See request_limits.h.
#include "request_limits.h"

#include "api_error.h"

namespace nelm::api::limits {

void check_nesting_depth(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNestingDepth) {
        throw ApiError("too_large",
                       "the request nests arrays or objects more than " +
                           std::to_string(kMaxNestingDepth) + " levels deep",
                       "");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

void check_count(std::size_t count, std::size_t limit, const std::string& what,
                 const std::string& path) {
  if (count <= limit) return;
  throw ApiError("too_large",
                 "too many " + what + ": " + std::to_string(count) + " given, at most " +
                     std::to_string(limit) + " are accepted (see docs/errors.md, size limits)",
                 path);
}

void check_work(double work, const std::string& what, const std::string& path) {
  if (work <= kMaxWork) return;
  throw ApiError("too_large",
                 "the request is too large to compute in reasonable time: " + what +
                     " exceeds 2e8 (see docs/errors.md, size limits)",
                 path);
}

void check_response_numbers(double numbers, const std::string& what, const std::string& path) {
  if (numbers <= kMaxResponseNumbers) return;
  throw ApiError("too_large",
                 "the response would hold " + std::to_string(static_cast<long long>(numbers)) +
                     " numbers, more than the 24,000,000 a response may hold: " + what +
                     " (see docs/errors.md, size limits)",
                 path);
}

void check_held_numbers(double numbers, const std::string& what, const std::string& path) {
  if (numbers <= kMaxHeldNumbers) return;
  throw ApiError("too_large",
                 "the computation would hold " + std::to_string(static_cast<long long>(numbers)) +
                     " numbers, more than the 48,000,000 it may hold: " + what +
                     " (see docs/errors.md, size limits)",
                 path);
}

void check_response_bytes(std::size_t bytes) {
  if (bytes <= kMaxResponseBytes) return;
  throw ApiError("too_large",
                 "the response would be " + std::to_string(bytes / 1'000'000) +
                     " MB of text, more than the 500 MB a browser can receive; ask for fewer "
                     "groups, causes or requested times, or round the times (see docs/errors.md, "
                     "size limits)",
                 "");
}

}  // namespace nelm::api::limits
