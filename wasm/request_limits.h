// Upper limits on what one request may ask for, so that a hostile or mistaken request is refused
// with "too_large" instead of exhausting memory, the stack or minutes of CPU. The numbers and the
// reasons are in docs/errors.md ("Size limits"); tests/api/size_limits_test.cpp checks each one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nelm::api::limits {

inline constexpr std::size_t kMaxNestingDepth = 64;  // arrays/objects inside each other
inline constexpr std::size_t kMaxRows = 2'000'000;   // rows in "data"
inline constexpr std::size_t kMaxCovariates = 100;
inline constexpr std::size_t kMaxLevels = 1'000;      // distinct groups or strata
inline constexpr std::size_t kMaxListLength = 1'000;  // times, quantiles, horizons, points
inline constexpr std::size_t kMaxCauses = 100;        // competing-risk cause codes
// Work of the quadratic steps: rows x covariates^2 (Cox, survreg), rows x groups^2 (log-rank),
// rows x causes^2 (Aalen-Johansen), rows x strata (stratified Cox prediction).
inline constexpr double kMaxWork = 2e8;

// Refuses ("too_large", path "") text whose arrays and objects nest deeper than kMaxNestingDepth:
// deep nesting would exhaust the stack wherever a JSON value is copied or printed recursively.
void check_nesting_depth(std::string_view text);

// Refuses with "too_large" at `path` when count > limit; `what` names the quantity for the message.
void check_count(std::size_t count, std::size_t limit, const std::string& what,
                 const std::string& path);
void check_work(double work, const std::string& what, const std::string& path);

}  // namespace nelm::api::limits
