// The one contract between the survival core and its callers (GoogleTest, the CLI, node, the
// browser): a JSON request string in, a JSON response envelope out. See docs/api.md.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace nelm::api {

// {"ok": true, "result": ..., "warnings": [...]} or
// {"ok": false, "error": {"code": ..., "message": ..., "path": "/json/pointer"}}. Never throws.
std::string calculate(const std::string& request_json);

// Version of the module and of the contract, as JSON: {"version": ..., "api_version": ...}.
std::string version();

// Fast path for large cohorts: a column of numbers handed over without JSON text (from a typed
// array in the browser). A request refers to it as {"column": "<name>"} wherever a numeric array
// is accepted. NaN marks a missing value. Columns stay until cleared.
void put_column(const std::string& name, std::vector<double> values);
// The same from a caller whose copy itself may fail (the module's memory is bounded): `length`
// is checked against the row limit before `values` makes the copy. Answers {"ok": true} or the
// error envelope (too_large); never throws.
std::string put_column(const std::string& name, std::size_t length,
                       const std::function<std::vector<double>()>& values);
void clear_columns();

// Runs the large-cohort ops once on `rows` (100 to 100,000) synthetic rows so that V8 compiles
// them with its optimising tier before a real request (warm_up.h, docs/api.md "Warm-up").
// {"ok": true, "requests": N} or the error envelope; never throws.
std::string warm_up(std::size_t rows);

}  // namespace nelm::api
