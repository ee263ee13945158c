// The design matrix of a regression from the covariates a researcher declares: numeric columns as
// they are, categorical columns as 0/1 indicators against a reference level, as R's model.matrix
// with treatment contrasts (contr.treatment) after relevel().
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace nelm {

// One covariate over the rows used (complete cases). A categorical column's levels are in R's
// factor order (numeric labels numerically, text in C-locale order); `level_index` gives each
// row's level. An empty `reference` asks for the default: the most frequent level.
struct CovariateColumn {
  std::string name;
  bool categorical = false;
  std::vector<double> values;            // numeric
  std::vector<std::string> levels;       // categorical
  std::vector<std::size_t> level_index;  // categorical: one per row
  std::string reference;                 // categorical: "" = the most frequent level
};

// How one covariate became terms. For a categorical covariate `levels` is R's fit$xlevels after
// relevel(): the reference first, then the other levels in factor order, each with its row count;
// `terms` has one indicator per non-reference level, in that order.
struct CovariateCoding {
  std::string covariate;
  bool categorical = false;
  std::string reference;
  std::vector<std::string> levels;
  std::vector<double> level_counts;
  std::vector<std::string> terms;
};

// Where a term of the design comes from: a numeric covariate (level empty) or one level of a
// categorical covariate against its reference. Lets a refusal name the column and level.
struct TermSource {
  std::string covariate;
  std::string level;
  std::string reference;
};

struct CovariateDesign {
  std::vector<std::string> terms;
  std::vector<std::vector<double>> columns;  // one per term, one value per row
  std::vector<TermSource> sources;           // one per term
  std::vector<CovariateCoding> coding;       // one per covariate, in the order given
};

// The term of a level: "grade=moderate". The separator is the model format's (docs/models.md,
// coefficient_covariance names); unlike R's "grademoderate" it cannot be ambiguous.
std::string indicator_term(const std::string& covariate, const std::string& level);

// The default reference: the most frequent level; ties go to the first level in factor order
// (the level R would use as its reference among the tied ones).
std::string most_frequent_level(const CovariateColumn& column);

// Expands every covariate. Refusals (CoreError, subject = the covariate): "constant_covariate"
// when a categorical column has one level among the rows used; "invalid_input" when a declared
// reference is not one of the levels or the columns differ in length (the boundary checks both).
// By value: a caller handing over its columns (a temporary) has them moved, not copied.
CovariateDesign expand_covariates(std::vector<CovariateColumn> covariates);

}  // namespace nelm
