// Reads the reference CSV/JSON files; the directory comes from NELM_REFERENCE_DIR (set by CMake).
#include "reference_data.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#ifndef NELM_REFERENCE_DIR
#error "NELM_REFERENCE_DIR must be defined by the build"
#endif

namespace nelm::testing {
namespace {

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, ',')) cells.push_back(cell);
  return cells;
}

bool parse_number(const std::string& cell, double& value) {
  if (cell == "NA") {
    value = std::nan("");
    return true;
  }
  try {
    std::size_t used = 0;
    value = std::stod(cell, &used);
    return used == cell.size();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::string reference_path(const std::string& file_name) {
  return std::string(NELM_REFERENCE_DIR) + "/" + file_name;
}

const std::vector<double>& ReferenceTable::column(const std::string& name) const {
  auto it = numbers.find(name);
  if (it == numbers.end()) throw std::runtime_error("no numeric reference column " + name);
  return it->second;
}

ReferenceTable load_reference_csv(const std::string& dataset) {
  std::ifstream file(reference_path(dataset + ".csv"));
  if (!file) throw std::runtime_error("cannot open reference " + dataset + ".csv");
  ReferenceTable table;
  std::string line;
  std::getline(file, line);
  table.columns = split_commas(line);
  while (std::getline(file, line)) {
    if (line.empty()) continue;
    const auto cells = split_commas(line);
    if (cells.size() != table.columns.size()) throw std::runtime_error("ragged reference row");
    for (std::size_t c = 0; c < cells.size(); ++c) table.text[table.columns[c]].push_back(cells[c]);
    ++table.rows;
  }
  for (const auto& name : table.columns) {
    std::vector<double> values;
    bool numeric = true;
    for (const auto& cell : table.text[name]) {
      double value = 0.0;
      if (!parse_number(cell, value)) {
        numeric = false;
        break;
      }
      values.push_back(value);
    }
    if (numeric) table.numbers[name] = std::move(values);
  }
  return table;
}

nlohmann::json load_reference_json(const std::string& dataset) {
  std::ifstream file(reference_path(dataset + ".json"));
  if (!file) throw std::runtime_error("cannot open reference " + dataset + ".json");
  return nlohmann::json::parse(file);
}

double to_double(const nlohmann::json& value) {
  return value.is_null() ? std::nan("") : value.get<double>();
}

std::vector<double> to_doubles(const nlohmann::json& array) {
  std::vector<double> values;
  for (const auto& value : array) values.push_back(to_double(value));
  return values;
}

::testing::AssertionResult near_relative(double actual, double expected, double relative,
                                         double absolute) {
  if (std::isnan(expected)) {
    if (std::isnan(actual)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected undefined (NaN), got " << actual;
  }
  const double difference = std::fabs(actual - expected);
  if (difference <= absolute || difference <= relative * std::fabs(expected)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "actual " << actual << " vs expected " << expected << " (relative difference "
         << difference / std::fabs(expected) << ", allowed " << relative << ")";
}

}  // namespace nelm::testing
