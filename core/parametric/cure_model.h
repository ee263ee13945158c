// The Weibull mixture-cure model S(t) = pi + (1 - pi) S_weibull(t) fitted by maximum likelihood
// to individual right-censored data.
#pragma once

#include "common/core_error.h"
#include "common/survival_data.h"
#include "numerics/linear_algebra.h"
#include "parametric/parametric_curve.h"

namespace nelm {

struct CureFitOptions {
  int max_iterations = 100;
  double epsilon = 1e-10;  // relative loglik change
};

struct CureFit {
  CurveParameters curve;  // family weibull_cure
  // Inverse observed information of (logit_cure_fraction, location, log_scale).
  Matrix variance;
  double loglik;  // time scale, like survreg: events log((1-pi) f(t)), censored log(pi+(1-pi)S(t))
  int iterations;
  bool converged;
  double n, n_events;
  Warnings warnings;  // "not_converged", "cure_fraction_at_boundary"
};

// Refuses "no_events", "non_positive_time", "singular_information".
CureFit cure_model_fit(const SurvivalData& data, const CureFitOptions& options = {});

// The log-likelihood at given unconstrained parameters (logit pi, location, log scale).
double cure_model_loglik(const SurvivalData& data, const std::vector<double>& parameters);

}  // namespace nelm
