// Newton-Raphson for the Cox fit, transcribing the main loops of R survival's coxfit6.c,
// agfit4.c, coxexact.c and agexact.c: one loop, with their differences as NewtonRules.
#include "regression/cox_newton.h"

#include <cmath>

namespace nelm {
namespace {

bool all_finite(const CoxDerivatives& derivatives) {
  if (!std::isfinite(derivatives.loglik)) return false;
  const std::size_t p = derivatives.score.size();
  for (std::size_t i = 0; i < p; ++i) {
    if (!std::isfinite(derivatives.score[i])) return false;
    for (std::size_t j = 0; j < p; ++j) {
      if (!std::isfinite(derivatives.information(i, j))) return false;
    }
  }
  return true;
}

bool plain_halving(NewtonRules rules) {
  return rules == NewtonRules::coxexact || rules == NewtonRules::agexact;
}

// After the last allowed iteration without convergence: which beta R reports.
void out_of_iterations(const CoxEvaluation& evaluate, NewtonRules rules, const CoxOptions& options,
                       const std::vector<double>& trial_beta, CoxDerivatives trial,
                       NewtonResult& result) {
  const int max_iterations = options.max_iterations;
  bool keep_trial = false;
  switch (rules) {
    case NewtonRules::coxfit6:  // the loop ran to max + 1; coxfit6 recomputes at the best beta
      break;
    case NewtonRules::agfit4:
      keep_trial =
          !(max_iterations > 1 &&
            (trial.loglik - result.loglik) / std::fabs(result.loglik) < -options.epsilon) &&
          std::isfinite(trial.loglik);
      break;
    case NewtonRules::coxexact:
      keep_trial = max_iterations <= 1;
      break;
    case NewtonRules::agexact:
      keep_trial = true;
      break;
  }
  if (keep_trial) {
    result.beta = trial_beta;
    result.loglik = trial.loglik;
    result.final = std::move(trial);
    return;
  }
  result.final = evaluate(result.beta);
  result.loglik = result.final.loglik;
}

}  // namespace

double cox_cholesky_tolerance() { return std::pow(2.220446049250313e-16, 0.75); }

// Start at beta = 0, a full Newton step each time the loglik improves, otherwise step-halving
// towards the last good beta; converged when |1 - best/new| <= eps.
NewtonResult cox_newton_raphson(const CoxEvaluation& evaluate, std::size_t p, NewtonRules rules,
                                const CoxOptions& options,
                                const std::function<void(const CholeskyFactor&)>& on_singular) {
  const double tolerance = cox_cholesky_tolerance();
  NewtonResult result;
  result.beta.assign(p, 0.0);
  result.final = evaluate(result.beta);
  result.loglik_null = result.loglik = result.final.loglik;
  const CholeskyFactor null_factor(result.final.information, tolerance);
  if (null_factor.rank() < static_cast<int>(p)) on_singular(null_factor);
  std::vector<double> step = null_factor.solve(result.final.score);
  for (std::size_t i = 0; i < p; ++i) result.score_statistic += result.final.score[i] * step[i];
  result.score_rank = null_factor.rank();
  if (options.max_iterations <= 0) return result;
  if (rules != NewtonRules::coxfit6 && !std::isfinite(result.loglik)) return result;

  std::vector<double> new_beta(p);
  for (std::size_t i = 0; i < p; ++i) new_beta[i] = result.beta[i] + step[i];
  double halving = 0;
  for (result.iterations = 1; result.iterations <= options.max_iterations; ++result.iterations) {
    CoxDerivatives trial = evaluate(new_beta);
    const bool finite = all_finite(trial);
    const bool may_stop = rules == NewtonRules::coxfit6 || halving == 0;
    if (finite && may_stop && std::fabs(1 - result.loglik / trial.loglik) <= options.epsilon) {
      result.beta = new_beta;
      result.loglik = trial.loglik;
      result.final = std::move(trial);
      result.converged = true;
      return result;
    }
    if (rules != NewtonRules::coxfit6 && result.iterations == options.max_iterations) {
      out_of_iterations(evaluate, rules, options, new_beta, std::move(trial), result);
      return result;
    }
    if (!finite || trial.loglik < result.loglik) {
      halving += 1;
      for (std::size_t i = 0; i < p; ++i) {
        new_beta[i] = plain_halving(rules)
                          ? (new_beta[i] + result.beta[i]) / 2.0
                          : (new_beta[i] + halving * result.beta[i]) / (halving + 1.0);
      }
      continue;
    }
    halving = 0;
    result.loglik = trial.loglik;
    step = CholeskyFactor(trial.information, tolerance).solve(trial.score);
    result.beta = new_beta;
    for (std::size_t i = 0; i < p; ++i) new_beta[i] += step[i];
  }
  // coxfit6 ran out of iterations (R's iter is then max_iterations + 1): the last good beta.
  out_of_iterations(evaluate, rules, options, new_beta, CoxDerivatives{}, result);
  return result;
}

}  // namespace nelm
