// See json_output.h.
#include "json_output.h"

#include <cmath>

namespace nelm::api {

json number_or_null(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

json numbers_or_null(const std::vector<double>& values) {
  json array = json::array();
  for (double value : values) array.push_back(number_or_null(value));
  return array;
}

json matrix_json(const Matrix& matrix) {
  json rows = json::array();
  for (std::size_t i = 0; i < matrix.size(); ++i) {
    json row = json::array();
    for (std::size_t j = 0; j < matrix.size(); ++j) row.push_back(number_or_null(matrix(i, j)));
    rows.push_back(std::move(row));
  }
  return rows;
}

json warnings_json(const Warnings& warnings) {
  json array = json::array();
  for (const auto& warning : warnings) {
    json item = {{"code", warning.code}, {"message", warning.message}};
    if (!warning.subject.empty()) item["subject"] = warning.subject;
    array.push_back(std::move(item));
  }
  return array;
}

json string_list(const std::vector<std::string>& values) {
  json array = json::array();
  for (const auto& value : values) array.push_back(value);
  return array;
}

}  // namespace nelm::api
