// Test-only helpers shared by the concordance, prediction and cox.zph tests: the Cox data of a
// reference set (complete cases of the model's terms) and a fitted block's coef/var from its JSON.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "reference_data.h"
#include "regression/cox_model.h"

namespace nelm::testing {

struct CoxReferenceCase {
  CoxData data;
  nlohmann::json block;  // cox.<ties> of the reference JSON
  std::vector<double> coef, means;
  Matrix variance;
};

// Rows with a missing value in any model term are dropped, as R's coxph does (lung's ph_ecog).
inline CoxReferenceCase load_cox_case(const std::string& dataset, const std::string& ties) {
  const ReferenceTable table = load_reference_csv(dataset);
  const nlohmann::json json = load_reference_json(dataset);
  CoxReferenceCase result;
  result.block = json.at("cox").at(ties);
  const auto terms = result.block.at("terms").get<std::vector<std::string>>();
  const std::size_t p = terms.size();
  result.variance = Matrix(p);
  for (std::size_t k = 0; k < p; ++k) {
    result.coef.push_back(to_double(result.block.at("coef").at(terms[k])));
    result.means.push_back(to_double(result.block.at("means").at(terms[k])));
    for (std::size_t m = 0; m < p; ++m) {
      result.variance(k, m) = to_double(result.block.at("var").at(k).at(m));
    }
  }
  CoxData& data = result.data;
  data.covariate_names = terms;
  data.covariates.assign(p, {});
  const auto& time = table.column("time");
  const auto& status = table.column("status");
  for (std::size_t i = 0; i < table.rows; ++i) {
    bool complete = true;
    for (const auto& term : terms) complete = complete && !std::isnan(table.column(term)[i]);
    if (!complete) continue;
    data.survival.time.push_back(time[i]);
    data.survival.event.push_back(static_cast<int>(status[i]));
    for (std::size_t k = 0; k < p; ++k) data.covariates[k].push_back(table.column(terms[k])[i]);
  }
  return result;
}

// R's fit$linear.predictors: x'beta - sum(means * beta) (coxph.fit).
inline std::vector<double> centred_linear_predictor(const CoxReferenceCase& c) {
  double centre = 0.0;
  for (std::size_t k = 0; k < c.coef.size(); ++k) centre += c.means[k] * c.coef[k];
  std::vector<double> lp(c.data.survival.size(), 0.0);
  for (std::size_t i = 0; i < lp.size(); ++i) {
    for (std::size_t k = 0; k < c.coef.size(); ++k) lp[i] += c.data.covariates[k][i] * c.coef[k];
    lp[i] -= centre;
  }
  return lp;
}

inline const std::vector<std::string>& reference_datasets() {
  static const std::vector<std::string> names{"lung", "aml", "ovarian", "veteran"};
  return names;
}

}  // namespace nelm::testing
