// Internal to the Cox fit: the data sorted and centred once, and one pass over it that gives the
// log partial likelihood with its score and information (Efron or Breslow ties, strata, weights).
#pragma once

#include <cstddef>
#include <vector>

#include "numerics/linear_algebra.h"

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

  const double* row(std::size_t i) const { return x.data() + i * p; }
  // The first sorted row of the tie group that ends at `last` (same time, same stratum).
  std::size_t tie_group_begin(std::size_t last) const;
};

struct CoxDerivatives {
  double loglik = 0;
  std::vector<double> score;  // first derivative of the log partial likelihood
  Matrix information;         // minus the second derivative
};

// R's coxfit6_iter: one backward pass accumulating risk-set sums; O(n p^2).
CoxDerivatives cox_partial_likelihood(const CoxDesign& design, const std::vector<double>& beta);

// R's coxscore2 score residuals, multiplied by the case weights (residuals(type = "score",
// weighted = TRUE)), n x p row-major in sorted order, on the original (unscaled) covariate scale.
// Computed in O(n p) with cumulative hazard sums instead of looping over risk sets.
std::vector<double> cox_score_residuals(const CoxDesign& design, const std::vector<double>& beta);

// Lin-Wei sandwich D'D with D = weighted score residuals times the model variance (dfbeta).
Matrix cox_robust_variance(const std::vector<double>& score_residuals, std::size_t p,
                           const Matrix& variance);

// D'D for a residual matrix D (n x p row-major).
Matrix cross_product(const std::vector<double>& residuals, std::size_t p);

}  // namespace nelm
