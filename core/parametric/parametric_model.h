// Parametric accelerated-failure-time regression, R's survreg: log T = X b + sigma W with W
// extreme value (Weibull, exponential), normal (log-normal) or logistic (log-logistic).
#pragma once

#include <string>
#include <vector>

#include "common/core_error.h"
#include "common/survival_data.h"
#include "numerics/linear_algebra.h"
#include "parametric/parametric_distribution.h"

namespace nelm {

struct ParametricOptions {
  ParametricFamily family = ParametricFamily::weibull;
  int max_iterations = 30;  // survreg.control iter.max
  double epsilon = 1e-9;    // relative loglik change, survreg.control rel.tolerance
  double conf_level = 0.95;
};

struct ParametricData {
  SurvivalData survival;  // time > 0, event 0/1, optional weight; entry is not supported
  std::vector<std::string> covariate_names;
  std::vector<std::vector<double>> covariates;  // covariates[j][i]: covariate j of row i
};

struct LikelihoodRatioTest {
  double statistic;
  int df;
  double p;
};

// The Weibull fit in proportional-hazards form: h(t|x) = lambda shape t^(shape-1) exp(x' log_hr).
struct WeibullProportionalHazards {
  double shape;                // 1 / sigma
  std::vector<double> log_hr;  // -b_j / sigma per covariate (no intercept)
  std::vector<double> hr;
};

struct ParametricFit {
  ParametricFamily family;
  std::vector<std::string> terms;  // "(Intercept)" first, then the covariates
  std::vector<double> coef, se;
  double scale;                               // sigma (1 for exponential)
  double log_scale;                           // NaN for exponential
  double log_scale_se;                        // NaN for exponential
  std::vector<std::string> variance_names;    // terms, then "Log(scale)" unless exponential
  Matrix variance;                            // inverse observed information in (b, log sigma)
  double loglik, loglik_null;                 // time scale, including -log t of events
  LikelihoodRatioTest likelihood_ratio_test;  // 2 (loglik - loglik_null) on (terms - 1) df
  WeibullProportionalHazards weibull_ph;      // filled for weibull and exponential only
  int iterations;
  bool converged;
  double n, n_events;  // weighted
  Warnings warnings;
};

// Refuses with CoreError: "no_events", "non_positive_time", "constant_covariate" /
// "collinear_covariates" (subject = the covariate), "singular_information".
// Warning "not_converged" when max_iterations are used up.
ParametricFit parametric_fit(const ParametricData& data, const ParametricOptions& options = {});

struct ParametricPrediction {
  double linear_predictor;                                               // x' b with the intercept
  std::vector<double> quantile_probability, quantile_time, quantile_se;  // predict type=quantile
  std::vector<double> time, surv;                                        // 1 - psurvreg(t)
};

// profile: covariate values in the fit's order, without the intercept.
ParametricPrediction parametric_predict(const ParametricFit& fit,
                                        const std::vector<double>& profile,
                                        const std::vector<double>& quantile_probabilities,
                                        const std::vector<double>& times);

}  // namespace nelm
