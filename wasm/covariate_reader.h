// Reading a regression's covariate declarations ("categorical": {name: {reference}}) and turning
// a validated cohort into the core's covariate columns; the coding back as JSON.
#pragma once

#include <string>
#include <vector>

#include "regression/covariate_design.h"
#include "request_reader.h"

namespace nelm::api {

struct CategoricalDeclaration {
  std::string name;
  std::string reference;  // "" = the default (the most frequent level among the rows used)
};

// "categorical": {"grade": {"reference": "well"}, "site": {}}. Every name must be a column of
// data.covariates; a numeric reference is read as its label (1 -> "1").
std::vector<CategoricalDeclaration> read_categorical(const json& request);
std::vector<std::string> declared_names(const std::vector<CategoricalDeclaration>& declarations);

// The cohort's covariates for expand_covariates, each declared reference checked against the
// levels among the rows used (invalid_value at /categorical/<name>/reference).
std::vector<CovariateColumn> covariate_columns(const Cohort& cohort,
                                               const std::vector<CategoricalDeclaration>& declared);

// The number of design terms (each categorical level but the reference is one): for the limits.
std::size_t design_term_count(const Cohort& cohort);

// "profile": one value per declared covariate (a number; a level for a categorical covariate),
// as the design's term values (0/1 per indicator). Empty if absent.
std::vector<double> read_design_profile(const json& request,
                                        const std::vector<CovariateCoding>& coding);

// [{"name", "type": "categorical"|"number", "reference"?, "levels"?, "n"?, "terms"}]
json covariate_coding_json(const std::vector<CovariateCoding>& coding);

// {"rows": k, "by_column": {name: count}}: the rows left out and which columns' missing values
// left them out.
json missing_json(const Cohort& cohort);

}  // namespace nelm::api
