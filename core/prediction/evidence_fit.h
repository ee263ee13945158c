// Minimum-distance fit of a personalised cure model to published summaries of several kinds
// (marginal survival points and median, cure-odds contrasts, average hazard ratios), each with a
// stated standard error: weighted nonlinear least squares by Levenberg-Marquardt, parameter
// covariance (J'WJ + P)^-1 by the delta method, and an identifiability check.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "common/core_error.h"
#include "numerics/linear_algebra.h"
#include "prediction/cure_regression.h"

namespace nelm {

enum class TargetKind {
  marginal_survival,    // S(time) of `population`; value on the probability scale
  marginal_median,      // median of `population`, in years
  cure_odds_contrast,   // logit pi(population) - logit pi(reference)
  average_hazard_ratio  // average_log_hazard_ratio(others = population, ...), on the log scale
};

struct EvidenceTarget {
  std::string label;
  std::string source;  // where the number comes from (a source id and its row)
  TargetKind kind;
  Population population;
  Population reference;  // cure_odds_contrast only
  double time = 0.0;     // marginal_survival: t; average_hazard_ratio: the horizon
  std::size_t factor = 0, level = 0, reference_level = 0;  // average_hazard_ratio only
  double value;    // the target on the fit scale (see TargetKind)
  double std_err;  // its SE on that scale (used when no target covariance is given)
};

// The model quantity a target compares with, on the target's scale, with its gradient (a median
// is searched up to 100 years; beyond that it is NaN and the fit refuses the step).
QuantityWithGradient target_quantity(const CureRegressionModel& model,
                                     const EvidenceTarget& target);

struct EvidenceFitOptions {
  // Per parameter (empty: none fixed / no priors): held at the start value; a Gaussian prior
  // N(prior_mean, prior_std_err^2) (prior_std_err NaN or infinite: none). A prior is the stated
  // way to let a parameter that the targets do not identify take a value.
  std::vector<bool> fixed;
  std::vector<double> prior_mean, prior_std_err;
  // Per parameter (empty: none): +1 must be >= 0, -1 must be <= 0, 0 free. A published direction
  // the unconstrained fit reverses is held at 0 (no effect) and the fit repeated (active set).
  std::vector<int> direction;
  // Extra starting parameter vectors, tried besides the model's own; the smallest objective wins.
  std::vector<std::vector<double>> starts;
  int max_iterations = 500;
};

struct EvidenceFit {
  CureRegressionModel model;
  std::vector<std::string> parameter_names;
  std::vector<bool> fixed;
  Matrix covariance;             // all parameters; rows and columns of fixed ones are 0
  std::vector<double> fitted;    // per target, on its scale
  std::vector<double> residual;  // fitted - value
  std::vector<double> standardised_residual;  // residual / std_err (target's own SE)
  double objective;                           // r'Wr + prior terms
  double degrees_of_freedom;                  // targets - free parameters (priors not counted)
  // Per parameter: 1 - posterior variance / prior variance (NaN without a prior): near 0 means
  // the targets say almost nothing and the prior sets the value.
  std::vector<double> data_share;
  double largest_scaled_gradient;  // convergence: max |g_j| sqrt((H^-1)_jj) at the end
  bool converged;
  int iterations;
  std::vector<bool>
      held_at_zero;  // per parameter: held at 0 because the fit reversed its direction
  Warnings
      warnings;  // "not_converged", "prior_dominated", "direction_constrained" (subject: parameter)
};

// Refuses "invalid_cure_model" (see validate_cure_regression), "invalid_target" (SE <= 0,
// target covariance of the wrong size or not positive definite, an average-HR target whose
// levels do not exist), "unidentified_parameter" (subject: the first free parameter, without a
// prior, that the targets cannot determine: fix it or give it a prior), "evidence_fit_failed"
// (no start gives finite model quantities).
// `target_covariance`: the targets' joint covariance (size 0: independent, with their std_err).
EvidenceFit fit_evidence(const CureRegressionModel& start,
                         const std::vector<EvidenceTarget>& targets,
                         const Matrix& target_covariance, const EvidenceFitOptions& options);

}  // namespace nelm
