// The Cox proportional hazards model's input, options and result, shared by the fit
// (cox_fit.cpp) and by the modules built on a fit (concordance, predicted survival, cox.zph).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/core_error.h"
#include "common/survival_data.h"
#include "numerics/linear_algebra.h"
#include "regression/covariate_design.h"

namespace nelm {

// How tied event times enter the partial likelihood (R's coxph `ties`).
enum class TiesMethod { efron, breslow };

struct CoxOptions {
  TiesMethod ties = TiesMethod::efron;
  int max_iterations = 20;   // R's iter.max
  double epsilon = 1e-9;     // R's eps: relative change in loglik for convergence
  double conf_level = 0.95;  // for the hazard-ratio intervals
  bool robust = false;       // also compute the Lin-Wei sandwich variance (each row a cluster)
};

struct CoxData {
  SurvivalData survival;  // entry must be empty (counting process unsupported)
  std::vector<std::string> covariate_names;
  std::vector<std::vector<double>> covariates;  // one column per covariate, each of size n
  std::vector<std::size_t> strata;              // empty = none; else a stratum label per row
  // Empty, or one per covariate column: which declared covariate (and level) it codes, so that a
  // refusal names "level poor of column grade" instead of an internal indicator.
  std::vector<TermSource> term_sources;
};

// CoxData from an expanded design (covariate_design.h): terms, columns and their sources.
CoxData cox_data_with_design(SurvivalData survival, CovariateDesign design,
                             std::vector<std::size_t> strata = {});

struct CoxTest {
  double statistic = 0;
  int df = 0;
  double p = 1;
};

// Per-term vectors are in the order of `terms` (= CoxData::covariate_names).
struct CoxFit {
  std::vector<std::string> terms;
  std::vector<double> coef, se, z, p, hr, hr_lower, hr_upper;
  std::vector<double> means;   // the (weighted) covariate means subtracted internally, as R's
  std::vector<bool> infinite;  // true: R's monotone-likelihood check fired; the HR is not usable
  Matrix variance;             // inverse information at the estimate (model-based)
  double loglik = 0;           // log partial likelihood at the estimate
  double loglik_null = 0;      // at beta = 0
  CoxTest likelihood_ratio_test, wald_test, score_test;  // score test at beta = 0, as R's
  int iterations = 0;                                    // equals R's fit$iter
  bool converged = false;
  double n = 0;         // rows used
  double n_events = 0;  // number of events (unweighted, as R's nevent)
  TiesMethod ties = TiesMethod::efron;
  // Centred linear predictor per input row, (x - means)' coef, as R's fit$linear.predictors.
  std::vector<double> linear_predictor;

  bool has_robust = false;
  std::vector<double> robust_se, robust_hr_lower, robust_hr_upper;
  Matrix robust_variance;
  CoxTest robust_wald_test, robust_score_test;  // robust_score_test is R's fit$rscore

  Warnings warnings;  // e.g. "infinite_coefficient", "not_converged"
};

// Fits the Cox model by Newton-Raphson with step-halving, as R's coxph.fit / coxfit6.c.
// Refusals (CoreError codes): "no_events", "constant_covariate", "collinear_covariates",
// "unsupported" (entry times given), "invalid_input" (mismatched column sizes).
CoxFit cox_fit(const CoxData& data, const CoxOptions& options = {});

}  // namespace nelm
