// The proportional-hazards test of R survival >= 3.0's cox.zph: a score test, at the fitted
// coefficients, for adding g(t) * x terms to the model, per covariate and globally.
#pragma once

#include <string>
#include <vector>

#include "regression/cox_model.h"

namespace nelm {

// g(t): "km" is 1 - KM(t-) of the pooled, unweighted data (R's default); "identity" is t itself.
enum class TimeTransform { km, identity };

// rows are the covariate names then "GLOBAL"; each covariate is its own one-df term.
struct ProportionalHazardsTest {
  std::vector<std::string> rows;
  std::vector<double> chi_square, df, p;
  double global_chi_square = 0, global_df = 0, global_p = 1;
  // Rows whose information matrix is singular (their chi-square and p are NaN), e.g. with every
  // event at one time g(t) is constant over the events and g(t) * x is x again. R's cox.zph
  // stops with "system is exactly singular"; here the rest of the table is still given.
  std::vector<std::string> singular_rows;
};

// `coef` are the fitted coefficients (the score test is taken there); `ties` must be the fit's
// (exact uses Breslow's risk sets, as R's zph1/zph2 for method != "efron"). Stratified models use
// within-stratum risk sets, as R; counting-process data (data.survival.entry) the rows at risk
// on (entry, time], as zph2.c. Refusals (CoreError): "invalid_input" (sizes), "no_events". A
// singular information matrix is not a refusal: the rows it affects are listed in singular_rows.
ProportionalHazardsTest cox_zph(const CoxData& data, TiesMethod ties,
                                const std::vector<double>& coef, TimeTransform transform);

}  // namespace nelm
