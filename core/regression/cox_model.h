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

// How tied event times enter the partial likelihood (R's coxph `ties`). exact is the discrete
// (conditional-logistic) likelihood: each tied time contributes the probability that exactly
// these d of the risk set die, e_d of the risk scores in the denominator.
enum class TiesMethod { efron, breslow, exact };

struct CoxOptions {
  TiesMethod ties = TiesMethod::efron;
  int max_iterations = 20;   // R's iter.max
  double epsilon = 1e-9;     // R's eps: relative change in loglik for convergence
  double conf_level = 0.95;  // for the hazard-ratio intervals
  bool robust = false;       // also compute the sandwich variance (clusters: CoxData::cluster)
};

// survival.entry, when given, makes the data counting-process data, R's Surv(start, stop,
// event): row i is at risk on (entry_i, time_i]. Delayed entry and time-varying covariates (one
// subject in several rows) are both written this way.
struct CoxData {
  SurvivalData survival;
  std::vector<std::string> covariate_names;
  std::vector<std::vector<double>> covariates;  // one column per covariate, each of size n
  std::vector<std::size_t> strata;              // empty = none; else a stratum label per row
  // Empty, or one per covariate column: which declared covariate (and level) it codes, so that a
  // refusal names "level poor of column grade" instead of an internal indicator.
  std::vector<TermSource> term_sources;
  // Empty = each row its own cluster; else a cluster label 0..K-1 per row (R's cluster(id)):
  // the robust variance sums the score residuals of a cluster before the sandwich.
  std::vector<std::size_t> cluster;
};

// The declared covariate (and level) behind design column j; a plain column is its own source.
inline TermSource cox_term_source(const CoxData& data, std::size_t j) {
  if (j < data.term_sources.size()) return data.term_sources[j];
  return {data.covariate_names[j], "", ""};
}

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
  // The covariate means R reports (fit$means): weighted means for right-censored Efron/Breslow
  // (coxph.fit), plain column means for exact ties and counting-process data (coxexact.fit,
  // agreg.fit, agexact.fit); 0 for -1/0/1 columns, which are never centred.
  std::vector<double> means;
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
  bool counting_process = false;  // fitted to (entry, time] intervals
  // Linear predictor per input row, (x - means)' coef, as R's fit$linear.predictors.
  std::vector<double> linear_predictor;

  bool has_robust = false;
  std::vector<double> robust_se, robust_hr_lower, robust_hr_upper;
  Matrix robust_variance;
  CoxTest robust_wald_test, robust_score_test;  // robust_score_test is R's fit$rscore
  std::size_t robust_clusters = 0;              // clusters in the sandwich (rows without clusters)

  Warnings warnings;  // e.g. "infinite_coefficient", "not_converged"
};

// Fits the Cox model by Newton-Raphson with step-halving, following the R routine for the data
// and ties: coxph.fit / coxfit6.c (right-censored, Efron or Breslow), agreg.fit / agfit4.c
// (counting process, Efron or Breslow), coxexact.fit / coxexact.c (right-censored, exact) and
// agexact.fit / agexact.c (counting process, exact); each one's step-halving, convergence and
// out-of-iterations rules are kept (cox_newton.h).
// Refusals (CoreError codes): "no_events", "constant_covariate", "collinear_covariates",
// "invalid_input" (mismatched column sizes, entry not before time), "unsupported" (exact ties
// with case weights other than 1, as R; the robust variance for right-censored exact ties,
// which R does not have), "zero_length_interval" (an entry and exit time equal up to rounding).
CoxFit cox_fit(const CoxData& data, const CoxOptions& options = {});

// The work of one exact-ties likelihood pass, in units of (1 + p + p(p+1)/2) multiply-adds, so
// that the boundary can refuse a request before fitting: right-censored data, the sum over strata
// of rows x the largest number of tied deaths; counting-process data, the sum over tied death
// times (d > 1) of the number at risk x d. 0 for Efron and Breslow.
double cox_exact_work(const CoxData& data, TiesMethod ties);

}  // namespace nelm
