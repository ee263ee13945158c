// Internal to the Cox fit: Newton-Raphson with step-halving from beta = 0, with the rules of the
// R routine that fits each kind of data, so that iteration counts and non-convergence match R.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "numerics/linear_algebra.h"
#include "regression/cox_likelihood.h"
#include "regression/cox_model.h"

namespace nelm {

// The R routine whose iteration rules are followed (survival 3.5-3):
//   coxfit6   right-censored Efron/Breslow: halving ever more aggressive, (new + h old)/(h + 1);
//             converged as soon as |1 - old/new| <= eps; out of iterations: iter = max + 1, the
//             last accepted beta.
//   agfit4    counting-process Efron/Breslow: the same halving; converged only when not halving;
//             out of iterations: iter = max, the last trial unless it is worse than the best by
//             more than eps (relative), then the last accepted beta.
//   coxexact  right-censored exact: plain halving, (new + old)/2; converged only when not
//             halving; out of iterations: iter = max, the last accepted beta.
//   agexact   counting-process exact: plain halving; converged only when not halving; out of
//             iterations: iter = max, the last trial.
enum class NewtonRules { coxfit6, agfit4, coxexact, agexact };

// The state R's routine returns, still on the design's scaled covariates.
struct NewtonResult {
  std::vector<double> beta;
  double loglik_null = 0, loglik = 0, score_statistic = 0;
  int score_rank = 0;
  CoxDerivatives final;  // score and information at beta
  int iterations = 0;
  bool converged = false;
};

using CoxEvaluation = std::function<CoxDerivatives(const std::vector<double>& beta)>;

// R's control$toler.chol: .Machine$double.eps^0.75.
double cox_cholesky_tolerance();

// `on_singular` is called (and must throw) when the information at beta = 0 is singular.
NewtonResult cox_newton_raphson(const CoxEvaluation& evaluate, std::size_t p, NewtonRules rules,
                                const CoxOptions& options,
                                const std::function<void(const CholeskyFactor&)>& on_singular);

}  // namespace nelm
