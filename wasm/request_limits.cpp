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

}  // namespace nelm::api::limits
