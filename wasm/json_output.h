// Turning core results into response JSON: undefined numbers (NaN) become null, never 0, and no
// infinity ever reaches a response.
#pragma once

#include <string>
#include <vector>

#include "common/core_error.h"
#include "numerics/linear_algebra.h"
#include "request_reader.h"

namespace nelm::api {

json number_or_null(double value);
json numbers_or_null(const std::vector<double>& values);
json matrix_json(const Matrix& matrix);  // array of rows
json warnings_json(const Warnings& warnings);
json string_list(const std::vector<std::string>& values);

}  // namespace nelm::api
