// Survival, parameter gradient and delta-method intervals for a covariate-free parametric curve,
// including the Weibull mixture-cure curve and conditional survival given survival to t0.
#include "parametric/parametric_curve.h"

#include <algorithm>
#include <cmath>

#include "common/core_error.h"
#include "numerics/distributions.h"
#include "parametric/parametric_distribution.h"

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

ParametricFamily latency_family(CurveFamily family) {
  switch (family) {
    case CurveFamily::exponential:
      return ParametricFamily::exponential;
    case CurveFamily::lognormal:
      return ParametricFamily::lognormal;
    case CurveFamily::loglogistic:
      return ParametricFamily::loglogistic;
    case CurveFamily::weibull:
    case CurveFamily::weibull_cure:
      return ParametricFamily::weibull;
  }
  return ParametricFamily::weibull;
}

double quadratic_form(const std::vector<double>& gradient, const Matrix& covariance) {
  if (covariance.size() != gradient.size())
    throw CoreError("covariance_size_mismatch",
                    "The covariance does not match the curve's parameters.");
  double value = 0.0;
  for (std::size_t j = 0; j < gradient.size(); ++j)
    for (std::size_t k = 0; k < gradient.size(); ++k)
      value += gradient[j] * covariance(j, k) * gradient[k];
  return value;
}

// A probability with a CI symmetric on log(-log p): undefined (NaN) at p = 0 or 1.
ProbabilityEstimate log_log_interval(double estimate, double se, double conf_level) {
  ProbabilityEstimate result{estimate, se, not_a_number, not_a_number};
  if (std::isnan(se) || !(estimate > 0.0 && estimate < 1.0)) return result;
  const double z = two_sided_critical_value(conf_level);
  const double log_log = std::log(-std::log(estimate));
  const double se_log_log = se / std::fabs(estimate * std::log(estimate));
  result.lower = std::exp(-std::exp(log_log + z * se_log_log));
  result.upper = std::exp(-std::exp(log_log - z * se_log_log));
  return result;
}

}  // namespace

const char* curve_family_name(CurveFamily family) {
  switch (family) {
    case CurveFamily::exponential:
      return "exponential";
    case CurveFamily::weibull:
      return "weibull";
    case CurveFamily::lognormal:
      return "lognormal";
    case CurveFamily::loglogistic:
      return "loglogistic";
    case CurveFamily::weibull_cure:
      return "weibull_cure";
  }
  return "weibull";
}

std::optional<CurveFamily> curve_family_from_name(const std::string& name) {
  for (CurveFamily family : {CurveFamily::exponential, CurveFamily::weibull, CurveFamily::lognormal,
                             CurveFamily::loglogistic, CurveFamily::weibull_cure}) {
    if (name == curve_family_name(family)) return family;
  }
  return std::nullopt;
}

std::vector<std::string> curve_parameter_names(CurveFamily family) {
  if (family == CurveFamily::exponential) return {"location"};
  if (family == CurveFamily::weibull_cure) return {"logit_cure_fraction", "location", "log_scale"};
  return {"location", "log_scale"};
}

std::vector<double> curve_unconstrained_parameters(const CurveParameters& curve) {
  if (curve.family == CurveFamily::exponential) return {curve.location};
  if (curve.family == CurveFamily::weibull_cure)
    return {std::log(curve.cure_fraction) - std::log1p(-curve.cure_fraction), curve.location,
            std::log(curve.scale)};
  return {curve.location, std::log(curve.scale)};
}

CurveParameters curve_from_unconstrained(CurveFamily family, const std::vector<double>& values) {
  CurveParameters curve;
  curve.family = family;
  if (family == CurveFamily::exponential) {
    curve.location = values[0];
    curve.scale = 1.0;
  } else if (family == CurveFamily::weibull_cure) {
    curve.cure_fraction = 1.0 / (1.0 + std::exp(-values[0]));
    curve.location = values[1];
    curve.scale = std::exp(values[2]);
  } else {
    curve.location = values[0];
    curve.scale = std::exp(values[1]);
  }
  return curve;
}

double curve_survival(const CurveParameters& curve, double t) {
  if (!(t > 0.0)) return 1.0;
  const double w = (std::log(t) - curve.location) / curve.scale;
  const double latency = standard_survival(latency_family(curve.family), w);
  if (curve.family != CurveFamily::weibull_cure) return latency;
  return curve.cure_fraction + (1.0 - curve.cure_fraction) * latency;
}

// With w = (log t - mu)/sigma: dS_W/dmu = f_W(w)/sigma, dS_W/dlog sigma = f_W(w) w; the cure
// curve adds dS/dlogit pi = pi (1 - pi)(1 - S_W) and scales the others by (1 - pi).
std::vector<double> curve_survival_gradient(const CurveParameters& curve, double t) {
  const std::size_t count = curve_parameter_names(curve.family).size();
  if (!(t > 0.0)) return std::vector<double>(count, 0.0);
  const ParametricFamily family = latency_family(curve.family);
  const double w = (std::log(t) - curve.location) / curve.scale;
  const LogContribution log_density = standard_log_density(family, w);
  const double density = std::isfinite(log_density.value) ? std::exp(log_density.value) : 0.0;
  if (curve.family == CurveFamily::exponential) return {density};
  if (curve.family != CurveFamily::weibull_cure) return {density / curve.scale, density * w};
  const double pi = curve.cure_fraction;
  const double latency = standard_survival(family, w);
  return {pi * (1.0 - pi) * (1.0 - latency), (1.0 - pi) * density / curve.scale,
          (1.0 - pi) * density * w};
}

ProbabilityEstimate curve_survival_estimate(const CurveParameters& curve, double t,
                                            const Matrix& covariance, double conf_level) {
  const double estimate = curve_survival(curve, t);
  const double se = covariance.size() == 0
                        ? not_a_number
                        : std::sqrt(quadratic_form(curve_survival_gradient(curve, t), covariance));
  return log_log_interval(estimate, se, conf_level);
}

// C = S(t0 + s) / S(t0); dC = (dS1 S0 - S1 dS0) / S0^2.
ProbabilityEstimate conditional_survival(const CurveParameters& curve, double t0, double s,
                                         const Matrix& covariance, double conf_level) {
  const double survival_t0 = curve_survival(curve, t0);
  const double survival_t1 = curve_survival(curve, t0 + s);
  if (!(survival_t0 > 0.0))
    throw CoreError("conditioning_survival_zero", "S(t0) is 0: conditional survival is undefined.",
                    "conditional");
  const double estimate = survival_t1 / survival_t0;
  if (covariance.size() == 0) return log_log_interval(estimate, not_a_number, conf_level);
  const auto gradient_t0 = curve_survival_gradient(curve, t0);
  const auto gradient_t1 = curve_survival_gradient(curve, t0 + s);
  std::vector<double> gradient(gradient_t0.size());
  for (std::size_t j = 0; j < gradient.size(); ++j)
    gradient[j] =
        (gradient_t1[j] * survival_t0 - survival_t1 * gradient_t0[j]) / (survival_t0 * survival_t0);
  return log_log_interval(estimate, std::sqrt(quadratic_form(gradient, covariance)), conf_level);
}

// P = pi / S(t0); dP = (dpi S0 - pi dS0) / S0^2 with dpi/dlogit pi = pi (1 - pi); CI on logit P.
ProbabilityEstimate cure_probability_given_survival(const CurveParameters& curve, double t0,
                                                    const Matrix& covariance, double conf_level) {
  if (curve.family != CurveFamily::weibull_cure)
    throw CoreError("not_a_cure_model", "The probability of cure needs a cure model.");
  const double pi = curve.cure_fraction;
  const double survival_t0 = curve_survival(curve, t0);
  const double estimate = std::min(1.0, pi / survival_t0);
  ProbabilityEstimate result{estimate, not_a_number, not_a_number, not_a_number};
  if (covariance.size() == 0) return result;
  std::vector<double> gradient = curve_survival_gradient(curve, t0);
  for (double& g : gradient) g = -pi * g / (survival_t0 * survival_t0);
  gradient[0] += pi * (1.0 - pi) / survival_t0;
  result.se = std::sqrt(quadratic_form(gradient, covariance));
  if (!(estimate > 0.0 && estimate < 1.0)) return result;
  const double z = two_sided_critical_value(conf_level);
  const double logit = std::log(estimate) - std::log1p(-estimate);
  const double se_logit = result.se / (estimate * (1.0 - estimate));
  result.lower = 1.0 / (1.0 + std::exp(-(logit - z * se_logit)));
  result.upper = 1.0 / (1.0 + std::exp(-(logit + z * se_logit)));
  return result;
}

}  // namespace nelm
