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
// Keys in one object: the ordered objects of the request look keys up linearly, so n keys cost
// n^2 / 2 comparisons while parsing (10,000 keys took 44 s in the sanitizer build); requests
// and model files hold a few dozen (100 covariates at most).
inline constexpr std::size_t kMaxObjectMembers = 1'000;
// Work of the quadratic steps: rows x covariates^2 (Cox, survreg), rows x groups^2 (log-rank),
// rows x causes^2 (Aalen-Johansen), rows x strata (stratified Cox prediction), rows x quantiles
// (each Kaplan-Meier quantile reads the whole curve), rows x the cure fit's passes over the data.
inline constexpr double kMaxWork = 2e8;
// The cure model's Newton-Raphson from 4 starts reads every row about this many times (measured:
// 23 s for 2,000,000 rows natively), so its work is rows x this.
inline constexpr double kCureFitPassesPerRow = 1'000;

// Memory. The WebAssembly module may grow to kMaxMemoryBytes (-sMAXIMUM_MEMORY in
// wasm/CMakeLists.txt); an allocation beyond it fails and is refused as too_large. The limits
// below keep every request inside the other limits well under it, measured in
// tests/node/memory_limits.test.mjs.
inline constexpr double kMaxMemoryBytes = 2147483648.0;
// Values (numbers, strings, booleans, nulls, arrays, objects) in one request's JSON text: each
// costs 16 bytes or more in the parsed tree. 2,000,000 rows of 12 columns.
inline constexpr std::size_t kMaxRequestValues = 24'000'000;
// Numbers in one response, counted before the response is built: its JSON text (about 18 bytes a
// number) must fit in one JavaScript string (at most 2^29 - 24 characters) and its tree beside
// the request in the module's memory. A Kaplan-Meier table of 2,000,000 distinct times (11
// columns) fits; a cumulative incidence of 2,000,000 distinct times and 4 causes (27) does not.
inline constexpr double kMaxResponseNumbers = 2.4e7;
// Numbers a computation holds in its per-time table when the response leaves the table out
// (cumulative_incidence with "table": false): plain doubles, 384 MB at most beside the request.
// 10^6 distinct times and 4 causes (27 numbers a time) fit; 2,000,000 do not.
inline constexpr double kMaxHeldNumbers = 4.8e7;
// The last guard, after the text is made: longer than this and a JavaScript caller could not
// receive it (V8's longest string is 2^29 - 24 = 536,870,888 characters).
inline constexpr std::size_t kMaxResponseBytes = 500'000'000;

// Refuses ("too_large", path "") text whose arrays and objects nest deeper than kMaxNestingDepth:
// deep nesting would exhaust the stack wherever a JSON value is copied or printed recursively.
void check_nesting_depth(std::string_view text);

// Refuses with "too_large" at `path` when count > limit; `what` names the quantity for the message.
void check_count(std::size_t count, std::size_t limit, const std::string& what,
                 const std::string& path);
void check_work(double work, const std::string& what, const std::string& path);
// Refuses a response of more than kMaxResponseNumbers numbers; `what` says what makes it large
// and how to make it smaller.
void check_response_numbers(double numbers, const std::string& what, const std::string& path);
// Refuses a computation whose per-time table would hold more than kMaxHeldNumbers numbers.
void check_held_numbers(double numbers, const std::string& what, const std::string& path);
// Refuses a response text longer than kMaxResponseBytes (path "").
void check_response_bytes(std::size_t bytes);

}  // namespace nelm::api::limits
