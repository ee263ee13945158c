// See covariate_reader.h. The coding itself (indicators, reference levels) is the core's
// (core/regression/covariate_design.h); this file only validates the request and says where.
#include "covariate_reader.h"

#include <algorithm>
#include <cmath>

#include "api_error.h"
#include "json_output.h"

namespace nelm::api {
namespace {

std::string reference_label(const json& value, const std::string& path) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() && std::isfinite(value.get<double>())) {
    return number_label(value.get<double>());
  }
  throw ApiError("invalid_type", "a reference level is a label: a string or a number", path);
}

std::string level_list(const std::vector<std::string>& levels) {
  std::string text;
  for (const auto& level : levels) text += (text.empty() ? "\"" : ", \"") + level + "\"";
  return text;
}

}  // namespace

std::vector<CategoricalDeclaration> read_categorical(const json& request) {
  std::vector<CategoricalDeclaration> declarations;
  const auto found = request.find("categorical");
  if (found == request.end()) return declarations;
  if (!found->is_object()) {
    throw ApiError("invalid_type",
                   "\"categorical\" must be an object: {covariate: {\"reference\": level}}",
                   "/categorical");
  }
  const json* covariates = nullptr;
  const auto data = request.find("data");
  if (data != request.end() && data->is_object() && data->contains("covariates")) {
    covariates = &(*data)["covariates"];
  }
  for (auto it = found->begin(); it != found->end(); ++it) {
    const std::string at = child_path("/categorical", it.key());
    if (!covariates || !covariates->is_object() || !covariates->contains(it.key())) {
      throw ApiError("invalid_value",
                     "\"" + it.key() +
                         "\" is declared categorical but is not a column of "
                         "data.covariates",
                     at);
    }
    if (!it.value().is_object()) {
      throw ApiError("invalid_type",
                     "give {} or {\"reference\": level} for each categorical "
                     "covariate",
                     at);
    }
    reject_unknown_members(it.value(), at, {"reference"});
    const auto reference = it.value().find("reference");
    declarations.push_back(
        {it.key(), reference == it.value().end() || reference->is_null()
                       ? std::string()
                       : reference_label(*reference, child_path(at, "reference"))});
  }
  return declarations;
}

std::vector<std::string> declared_names(const std::vector<CategoricalDeclaration>& declarations) {
  std::vector<std::string> names;
  for (const auto& declaration : declarations) names.push_back(declaration.name);
  return names;
}

std::vector<CovariateColumn> covariate_columns(
    const Cohort& cohort, const std::vector<CategoricalDeclaration>& declared) {
  std::vector<CovariateColumn> columns;
  for (std::size_t c = 0; c < cohort.covariate_names.size(); ++c) {
    CovariateColumn column;
    column.name = cohort.covariate_names[c];
    column.categorical = cohort.covariate_is_categorical[c];
    if (!column.categorical) {
      column.values = cohort.covariates[c];
      columns.push_back(std::move(column));
      continue;
    }
    column.levels = cohort.covariate_labels[c].levels;
    column.level_index = cohort.covariate_labels[c].index;
    const auto declaration = std::find_if(declared.begin(), declared.end(),
                                          [&](const auto& d) { return d.name == column.name; });
    column.reference = declaration == declared.end() ? std::string() : declaration->reference;
    if (!column.reference.empty() && std::find(column.levels.begin(), column.levels.end(),
                                               column.reference) == column.levels.end()) {
      throw ApiError("invalid_value",
                     "column " + column.name + " has no level \"" + column.reference +
                         "\" among the " + std::to_string(cohort.survival.size()) +
                         " rows used; its levels there are " + level_list(column.levels),
                     child_path(child_path("/categorical", column.name), "reference"));
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

std::size_t design_term_count(const Cohort& cohort) {
  std::size_t terms = 0;
  for (std::size_t c = 0; c < cohort.covariate_names.size(); ++c) {
    const bool categorical = cohort.covariate_is_categorical[c];
    const std::size_t levels = categorical ? cohort.covariate_labels[c].levels.size() : 2;
    terms += levels > 1 ? levels - 1 : 1;
  }
  return terms;
}

std::vector<double> read_design_profile(const json& request,
                                        const std::vector<CovariateCoding>& coding) {
  std::vector<std::string> names;
  for (const auto& covariate : coding) names.push_back(covariate.covariate);
  const auto given = request.find("profile");
  if (given == request.end()) return {};
  if (!given->is_object()) {
    throw ApiError("invalid_type", "\"profile\" must be an object: one value per covariate",
                   "/profile");
  }
  reject_unknown_members(*given, "/profile", names);
  std::vector<double> values;
  for (const CovariateCoding& covariate : coding) {
    const std::string at = child_path("/profile", covariate.covariate);
    if (!given->contains(covariate.covariate)) {
      throw ApiError("missing_field",
                     "the profile needs a value for \"" + covariate.covariate + "\"", at);
    }
    if (!covariate.categorical) {
      values.push_back(read_number(*given, covariate.covariate, "/profile", 0.0));
      continue;
    }
    const std::string level = reference_label((*given)[covariate.covariate], at);
    if (std::find(covariate.levels.begin(), covariate.levels.end(), level) ==
        covariate.levels.end()) {
      throw ApiError("invalid_value",
                     covariate.covariate + " must be one of " + level_list(covariate.levels), at);
    }
    for (std::size_t k = 1; k < covariate.levels.size(); ++k) {
      values.push_back(covariate.levels[k] == level ? 1.0 : 0.0);
    }
  }
  return values;
}

json covariate_coding_json(const std::vector<CovariateCoding>& coding) {
  json result = json::array();
  for (const CovariateCoding& covariate : coding) {
    json entry = {{"name", covariate.covariate},
                  {"type", covariate.categorical ? "categorical" : "number"}};
    if (covariate.categorical) {
      entry["reference"] = covariate.reference;
      entry["levels"] = string_list(covariate.levels);
      entry["n"] = covariate.level_counts;
    }
    entry["terms"] = string_list(covariate.terms);
    result.push_back(std::move(entry));
  }
  return result;
}

json missing_json(const Cohort& cohort) {
  json by_column = json::object();
  for (const auto& [name, count] : cohort.missing_by_column) by_column[name] = count;
  return {{"rows", cohort.dropped_rows}, {"by_column", std::move(by_column)}};
}

}  // namespace nelm::api
