// Loading the R `survival` reference sets (tests/reference, copied from shared/reference) and
// comparing numbers at the README's tolerances. Test-only: the core never sees JSON.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace nelm::testing {

// One reference CSV: every column as text, and as numbers where it parses ("NA" -> NaN).
struct ReferenceTable {
  std::vector<std::string> columns;
  std::map<std::string, std::vector<std::string>> text;
  std::map<std::string, std::vector<double>>
      numbers;  // only columns whose every cell is numeric/NA
  std::size_t rows = 0;
  const std::vector<double>& column(const std::string& name) const;
};

ReferenceTable load_reference_csv(const std::string& dataset);  // e.g. "lung"
nlohmann::json load_reference_json(const std::string& dataset);

// Path of a file under tests/reference.
std::string reference_path(const std::string& file_name);

// Numbers from a JSON array; null -> NaN.
std::vector<double> to_doubles(const nlohmann::json& array);
double to_double(const nlohmann::json& value);

// Relative comparison with an absolute floor; a JSON null expects NaN.
::testing::AssertionResult near_relative(double actual, double expected, double relative,
                                         double absolute = 1e-14);

}  // namespace nelm::testing

// EXPECT_REL_NEAR(actual, expected, relative): expected NaN means "undefined" and needs NaN.
#define EXPECT_REL_NEAR(actual, expected, relative) \
  EXPECT_TRUE(::nelm::testing::near_relative((actual), (expected), (relative)))
