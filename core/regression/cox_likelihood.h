// Internal to the Cox fit: the data sorted and centred once, and the passes over it that give the
// log partial likelihood with its score and information (Efron, Breslow or exact ties, strata,
// weights; right-censored or counting-process data), and the score residuals.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "numerics/linear_algebra.h"
#include "regression/cox_model.h"

namespace nelm {

// Rows sorted by stratum, then by ascending time, as R's coxph.fit orders them before coxfit6.
// Covariates are centred and scaled as coxfit6 does (x - mean) * scale, so that Newton-Raphson,
// step-halving and the Cholesky tolerance see the same numbers as in R.
struct CoxDesign {
  std::size_t n = 0;  // rows
  std::size_t p = 0;  // covariates
  bool efron = true;
  std::vector<double> time;  // sorted
  std::vector<int> status;   // 1 = event
  std::vector<double> weight;
  std::vector<std::size_t> stratum;  // stratum label per sorted row
  std::vector<double> x;             // n x p row-major, centred and scaled
  std::vector<double> mean;          // subtracted per covariate (0 for -1/0/1 covariates)
  std::vector<double> scale;         // multiplied per covariate (1 for -1/0/1 covariates)
  std::vector<std::size_t> row_of;   // original row index of each sorted row
  // Counting-process data only (else empty): the entry time of each sorted row, and the sorted
  // rows ordered by stratum, then by ascending entry time; read from the end, it is the order
  // they leave the risk set in a backward pass (agfit4.c's sort1).
  std::vector<double> entry;
  std::vector<std::size_t> by_entry;

  bool counting() const { return !entry.empty(); }
  const double* row(std::size_t i) const { return x.data() + i * p; }
  // The first sorted row of the tie group that ends at `last` (same time, same stratum).
  std::size_t tie_group_begin(std::size_t last) const;
};

// Refuses data the fit cannot use (CoreError codes as cox_fit in cox_model.h).
void validate_cox_data(const CoxData& data, const CoxOptions& options);
// Sorts once by stratum and time (R's order(strata, time), stable), merges nearly tied times
// (timefix = TRUE; entry and exit times together for counting-process data) and centres/scales
// the covariates as coxfit6 does (cox_design.cpp).
CoxDesign build_cox_design(const CoxData& data, const CoxOptions& options);

struct CoxDerivatives {
  double loglik = 0;
  std::vector<double> score;  // first derivative of the log partial likelihood
  Matrix information;         // minus the second derivative
};

// Running sums over the risk set: sum of w*exp(eta), of w*exp(eta)*x and of w*exp(eta)*x*x'
// (lower triangle only, as in coxfit6). A row leaves by adding it with its risk negated.
struct RiskSums {
  explicit RiskSums(std::size_t p) : x(p, 0.0), xx(p * p, 0.0) {}
  void clear() {
    total = 0;
    std::fill(x.begin(), x.end(), 0.0);
    std::fill(xx.begin(), xx.end(), 0.0);
  }
  void add(const double* covariates, double risk) {
    const std::size_t p = x.size();
    total += risk;
    for (std::size_t i = 0; i < p; ++i) {
      const double risk_x = risk * covariates[i];
      x[i] += risk_x;
      for (std::size_t j = 0; j <= i; ++j) xx[i * p + j] += risk_x * covariates[j];
    }
  }
  double total = 0;
  std::vector<double> x;
  std::vector<double> xx;
};

// The deaths of one tied time (their sums `dead`, `deaths` of them with total weight
// `dead_weight`) against the others at risk: adds their terms to loglik, score and information
// (Efron's d steps, or Breslow's one), then adds them to `at_risk` (cox_likelihood.cpp).
void add_tied_deaths(const RiskSums& dead, double deaths, double dead_weight, bool efron,
                     RiskSums& at_risk, CoxDerivatives& result);

// R's coxfit6_iter: one backward pass accumulating risk-set sums; O(n p^2).
CoxDerivatives cox_partial_likelihood(const CoxDesign& design, const std::vector<double>& beta);

// R's agfit4 pass for counting-process data (design.counting()): rows join the risk set at their
// exit time and leave it when the pass reaches their entry time; Efron or Breslow, or for
// TiesMethod::exact the exact likelihood at every time with tied deaths (agexact.c's quantity,
// by recursion over the risk set instead of agexact's enumeration of subsets). O(n p^2), plus
// for exact O(at risk x d x p^2) per tied death time (cox_counting_likelihood.cpp).
CoxDerivatives cox_counting_partial_likelihood(const CoxDesign& design,
                                               const std::vector<double>& beta, TiesMethod ties);

// R's coxexact.c for right-censored data: the exact likelihood, with the elementary symmetric
// polynomials of each stratum's risk scores built up as the backward pass adds rows; O(n x the
// largest tie x p^2) (cox_exact_likelihood.cpp).
CoxDerivatives cox_exact_partial_likelihood(const CoxDesign& design,
                                            const std::vector<double>& beta);

// For one tied death time: the hazard increments and hazard-weighted risk-set means that every
// subject still at risk owes, and the (different) ones the deaths themselves owe under Efron,
// where a death is only a fraction (1 - k/d) in the k-th of the d steps (coxscore2.c, agscore2.c).
struct DeathTimeTerms {
  double hazard = 0;                // sum over steps of hazard_k
  std::vector<double> hazard_mean;  // sum over steps of hazard_k * mean_k
  double death_hazard = 0;          // sum over steps of hazard_k * (1 - k/d)
  std::vector<double> death_hazard_mean;
  std::vector<double> average_mean;  // mean over steps of mean_k
};
DeathTimeTerms death_time_terms(double risk_total, const std::vector<double>& risk_x,
                                double death_risk, const std::vector<double>& death_x,
                                double deaths, double death_weight, bool efron);

// R's coxscore2 score residuals, multiplied by the case weights (residuals(type = "score",
// weighted = TRUE)), n x p row-major in sorted order, on the original (unscaled) covariate scale.
// Computed in O(n p) with cumulative hazard sums instead of looping over risk sets.
std::vector<double> cox_score_residuals(const CoxDesign& design, const std::vector<double>& beta);

// The same for counting-process data, R's agscore2.c: a row owes the hazard of the death times
// in its (entry, exit] interval only. O(n p log n) (cox_counting_residuals.cpp).
std::vector<double> cox_counting_score_residuals(const CoxDesign& design,
                                                 const std::vector<double>& beta, bool efron);

// Residual rows summed within each cluster (R's residuals(..., collapse = cluster)); `cluster`
// is indexed by original row, residuals are in sorted order. Returns clusters x p.
std::vector<double> collapse_by_cluster(const CoxDesign& design,
                                        const std::vector<double>& residuals,
                                        const std::vector<std::size_t>& cluster,
                                        std::size_t clusters);

// Lin-Wei sandwich D'D with D = weighted score residuals times the model variance (dfbeta).
Matrix cox_robust_variance(const std::vector<double>& score_residuals, std::size_t p,
                           const Matrix& variance);

// D'D for a residual matrix D (n x p row-major).
Matrix cross_product(const std::vector<double>& residuals, std::size_t p);

}  // namespace nelm
