// A fitted parametric survival curve without covariates (one of survreg's families, or the
// Weibull mixture-cure curve), its survival and parameter gradient, and conditional survival.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "numerics/linear_algebra.h"

namespace nelm {

enum class CurveFamily { exponential, weibull, lognormal, loglogistic, weibull_cure };

// S(t) = S_W((log t - location) / scale) for the four AFT families (survreg's parametrisation:
// location = intercept mu, scale = sigma; Weibull shape = 1/scale, Weibull scale = exp(location)).
// weibull_cure: S(t) = cure_fraction + (1 - cure_fraction) S_weibull(t).
struct CurveParameters {
  CurveFamily family = CurveFamily::weibull;
  double location = 0.0;  // mu, on the log-time scale
  double scale = 1.0;     // sigma; exactly 1 for exponential
  double cure_fraction = std::numeric_limits<double>::quiet_NaN();  // NaN unless weibull_cure
};

// The family's name as written in requests and model files ("weibull_cure", ...), and back;
// nullopt for a name that is not a family.
const char* curve_family_name(CurveFamily family);
std::optional<CurveFamily> curve_family_from_name(const std::string& name);

// The unconstrained parameters a covariance refers to, in this order:
// weibull_cure: logit_cure_fraction, location, log_scale; exponential: location;
// others: location, log_scale.
std::vector<std::string> curve_parameter_names(CurveFamily family);
std::vector<double> curve_unconstrained_parameters(const CurveParameters& curve);
CurveParameters curve_from_unconstrained(CurveFamily family, const std::vector<double>& values);

double curve_survival(const CurveParameters& curve, double t);  // 1 at t <= 0
// dS(t)/d(unconstrained parameters), in curve_parameter_names order.
std::vector<double> curve_survival_gradient(const CurveParameters& curve, double t);

// A probability with a delta-method confidence interval (NaN when no covariance is given).
struct ProbabilityEstimate {
  double estimate;
  double se;  // SE of the estimate itself (delta method), NaN without covariance
  double lower, upper;
};

// S(t) with a CI from the delta method on the log(-log S) scale.
ProbabilityEstimate curve_survival_estimate(const CurveParameters& curve, double t,
                                            const Matrix& covariance, double conf_level = 0.95);
// S(t0 + s) / S(t0), CI on the log(-log) scale; covariance may be empty (size 0).
ProbabilityEstimate conditional_survival(const CurveParameters& curve, double t0, double s,
                                         const Matrix& covariance, double conf_level = 0.95);
// Cure model only: P(cured | alive at t0) = pi / S(t0), CI on the logit scale.
ProbabilityEstimate cure_probability_given_survival(const CurveParameters& curve, double t0,
                                                    const Matrix& covariance,
                                                    double conf_level = 0.95);

}  // namespace nelm
