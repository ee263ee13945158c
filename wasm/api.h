// The one contract between the survival core and its callers (GoogleTest, the CLI, node, the
// browser): a JSON request string in, a JSON response envelope out. See docs/api.md.
#pragma once

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
void clear_columns();

}  // namespace nelm::api
