// Numeric covariates as they are, categorical ones as indicators against their reference level
// (R's treatment contrasts); see covariate_design.h.
#include "regression/covariate_design.h"

#include <algorithm>
#include <utility>

#include "common/core_error.h"

namespace nelm {
namespace {

std::vector<double> count_levels(const CovariateColumn& column) {
  std::vector<double> counts(column.levels.size(), 0.0);
  for (std::size_t level : column.level_index) {
    if (level >= counts.size()) {
      throw CoreError("invalid_input", "Column " + column.name + " has a row without a level.",
                      column.name);
    }
    counts[level] += 1.0;
  }
  return counts;
}

std::size_t reference_index(const CovariateColumn& column) {
  const std::string reference =
      column.reference.empty() ? most_frequent_level(column) : column.reference;
  const auto found = std::find(column.levels.begin(), column.levels.end(), reference);
  if (found == column.levels.end()) {
    throw CoreError("invalid_input",
                    "Column " + column.name + " has no level \"" + reference +
                        "\" among the rows used, so it cannot be the reference.",
                    column.name);
  }
  return static_cast<std::size_t>(found - column.levels.begin());
}

void add_categorical(const CovariateColumn& column, std::size_t rows, CovariateDesign& design) {
  if (column.level_index.size() != rows) {
    throw CoreError("invalid_input", "Covariate columns differ in length.", column.name);
  }
  const std::vector<double> counts = count_levels(column);
  std::size_t present = 0;
  for (double count : counts) present += count > 0.0 ? 1 : 0;
  if (present < 2) {
    const std::string only = present == 1 ? " (\"" + most_frequent_level(column) + "\")" : "";
    throw CoreError("constant_covariate",
                    "Column " + column.name + " has only one level" + only + " among the " +
                        std::to_string(rows) +
                        " rows used, so its effect cannot be estimated; remove it from the "
                        "model (or check why the other levels are missing).",
                    column.name);
  }
  const std::size_t reference = reference_index(column);
  CovariateCoding coding{
      column.name,         true, column.levels[reference], {column.levels[reference]},
      {counts[reference]}, {}};
  for (std::size_t level = 0; level < column.levels.size(); ++level) {
    if (level == reference || counts[level] == 0.0) continue;
    const std::string term = indicator_term(column.name, column.levels[level]);
    std::vector<double> indicator(rows, 0.0);
    for (std::size_t row = 0; row < rows; ++row) {
      if (column.level_index[row] == level) indicator[row] = 1.0;
    }
    coding.levels.push_back(column.levels[level]);
    coding.level_counts.push_back(counts[level]);
    coding.terms.push_back(term);
    design.terms.push_back(term);
    design.columns.push_back(std::move(indicator));
    design.sources.push_back({column.name, column.levels[level], column.levels[reference]});
  }
  design.coding.push_back(std::move(coding));
}

}  // namespace

std::string indicator_term(const std::string& covariate, const std::string& level) {
  return covariate + "=" + level;
}

std::string most_frequent_level(const CovariateColumn& column) {
  const std::vector<double> counts = count_levels(column);
  std::size_t best = 0;
  for (std::size_t level = 1; level < counts.size(); ++level) {
    if (counts[level] > counts[best]) best = level;  // strict: a tie keeps the earlier level
  }
  return column.levels.empty() ? std::string() : column.levels[best];
}

CovariateDesign expand_covariates(std::vector<CovariateColumn> covariates) {
  CovariateDesign design;
  if (covariates.empty()) return design;
  const std::size_t rows = covariates.front().categorical ? covariates.front().level_index.size()
                                                          : covariates.front().values.size();
  for (CovariateColumn& column : covariates) {
    if (column.categorical) {
      add_categorical(column, rows, design);
      continue;
    }
    if (column.values.size() != rows) {
      throw CoreError("invalid_input", "Covariate columns differ in length.", column.name);
    }
    design.terms.push_back(column.name);
    design.columns.push_back(std::move(column.values));
    design.sources.push_back({column.name, "", ""});
    design.coding.push_back({column.name, false, "", {}, {}, {column.name}});
  }
  return design;
}

}  // namespace nelm
