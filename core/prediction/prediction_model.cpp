// Proportional-hazards prediction on a parametric, cure or step baseline; see prediction_model.h.
#include "prediction/prediction_model.h"

#include <algorithm>
#include <cmath>

#include "common/core_error.h"
#include "numerics/distributions.h"

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

// Index of the last step time <= t, or -1 before the first.
long step_index(const StepBaseline& step, double t) {
  const auto after = std::upper_bound(step.time.begin(), step.time.end(), t);
  return static_cast<long>(after - step.time.begin()) - 1;
}

// dH0(t)/d(unconstrained parameters) of a parametric baseline: -dS/dtheta / S; at t = infinity
// only a cure curve has a finite H0 = -log pi, with dH/dlogit pi = -(1 - pi).
std::vector<double> cumulative_hazard_gradient(const CurveParameters& curve, double t) {
  const std::size_t count = curve_parameter_names(curve.family).size();
  if (std::isinf(t)) {
    std::vector<double> gradient(count, 0.0);
    if (curve.family == CurveFamily::weibull_cure) gradient[0] = -(1.0 - curve.cure_fraction);
    return gradient;
  }
  const double survival = curve_survival(curve, t);
  std::vector<double> gradient = curve_survival_gradient(curve, t);
  for (double& value : gradient) value = -value / survival;
  return gradient;
}

// Variance of log D, D = H0(end) - H0(start), from the baseline's uncertainty.
double log_difference_variance(const PredictionBaseline& baseline, double start, double end,
                               double difference) {
  if (!baseline.parametric) {
    // Only the SE of log H0 at each step is known: usable when start is before the first step.
    if (baseline.step.cloglog_std_err.empty() || start >= baseline.step.time.front()) {
      return not_a_number;
    }
    const long index = step_index(baseline.step, end);
    return index < 0 ? not_a_number : std::pow(baseline.step.cloglog_std_err[index], 2);
  }
  if (baseline.covariance.size() == 0) return not_a_number;
  const std::vector<double> at_end = cumulative_hazard_gradient(baseline.curve, end);
  const std::vector<double> at_start = cumulative_hazard_gradient(baseline.curve, start);
  const std::size_t count = at_end.size();
  if (baseline.covariance.size() != count) {
    throw CoreError("covariance_size_mismatch",
                    "The covariance does not match the baseline curve's parameters.");
  }
  double variance = 0.0;
  for (std::size_t j = 0; j < count; ++j) {
    for (std::size_t k = 0; k < count; ++k) {
      variance += (at_end[j] - at_start[j]) * baseline.covariance(j, k) *
                  (at_end[k] - at_start[k]);
    }
  }
  return variance / (difference * difference);
}

}  // namespace

LinearPredictor linear_predictor(const std::vector<PredictorTerm>& terms,
                                 const Matrix& coefficient_covariance) {
  LinearPredictor predictor;
  for (const PredictorTerm& term : terms) {
    predictor.value += term.log_hazard_ratio * term.centred_value;
  }
  if (coefficient_covariance.size() == terms.size() && !terms.empty()) {
    for (std::size_t j = 0; j < terms.size(); ++j) {
      for (std::size_t k = 0; k < terms.size(); ++k) {
        predictor.variance +=
            terms[j].centred_value * coefficient_covariance(j, k) * terms[k].centred_value;
      }
    }
    return predictor;
  }
  for (const PredictorTerm& term : terms) {
    if (!std::isnan(term.std_err)) {
      predictor.variance += std::pow(term.centred_value * term.std_err, 2);
    }
  }
  return predictor;
}

double baseline_cumulative_hazard(const PredictionBaseline& baseline, double t) {
  if (!(t > 0.0)) return 0.0;
  if (baseline.parametric) {
    if (std::isinf(t)) {
      return baseline.curve.family == CurveFamily::weibull_cure
                 ? -std::log(baseline.curve.cure_fraction)
                 : infinity;
    }
    return -std::log(curve_survival(baseline.curve, t));
  }
  const long index = step_index(baseline.step, t);
  if (index < 0) return 0.0;
  // A step function says nothing past its last time: infinity means "not known", not cure.
  if (std::isinf(t)) return infinity;
  return baseline.step.cumulative_hazard[index];
}

ProbabilityEstimate predicted_probability(const PredictionBaseline& baseline,
                                          const LinearPredictor& predictor, double start,
                                          double end, double conf_level) {
  const double difference =
      baseline_cumulative_hazard(baseline, end) - baseline_cumulative_hazard(baseline, start);
  const double hazard_ratio = std::exp(predictor.value);
  ProbabilityEstimate result{std::exp(-hazard_ratio * difference), not_a_number, not_a_number,
                             not_a_number};
  if (!(difference > 0.0) || std::isinf(difference)) return result;
  // A baseline without uncertainty adds nothing (the band is then the coefficients' alone, as
  // the model's uncertainty block must say); with no uncertainty at all there is no band.
  double baseline_variance = log_difference_variance(baseline, start, end, difference);
  if (std::isnan(baseline_variance)) {
    if (!(predictor.variance > 0.0)) return result;
    baseline_variance = 0.0;
  }
  const double variance = baseline_variance + predictor.variance;
  if (!std::isfinite(variance)) return result;
  // g = log(-log P) = lp + log D; P = exp(-exp(g)), dP/dg = P log P.
  const double log_log = predictor.value + std::log(difference);
  const double std_err = std::sqrt(variance);
  const double z = two_sided_critical_value(conf_level);
  result.se = std::fabs(result.estimate * std::log(result.estimate)) * std_err;
  result.lower = std::exp(-std::exp(log_log + z * std_err));
  result.upper = std::exp(-std::exp(log_log - z * std_err));
  return result;
}

double predicted_median(const PredictionBaseline& baseline, const LinearPredictor& predictor,
                        double start, double limit) {
  const auto above_half = [&](double t) {
    return predicted_probability(baseline, predictor, start, t).estimate > 0.5;
  };
  if (above_half(limit)) return not_a_number;
  double low = start, high = limit;
  // A step curve's median is the first time it reaches 1/2 or below (bisection converges there).
  for (int iteration = 0; iteration < 200 && high - low > 1e-12 * (1.0 + high); ++iteration) {
    const double middle = 0.5 * (low + high);
    if (above_half(middle)) low = middle;
    else high = middle;
  }
  return high;
}

double log_hazard_ratio_through(const PredictionBaseline& baseline, double t, double target) {
  const double hazard = baseline_cumulative_hazard(baseline, t);
  if (!(target > 0.0 && target < 1.0) || !(hazard > 0.0) || std::isinf(hazard)) {
    throw CoreError("invalid_landmark",
                    "A proportional-hazards curve through this point needs 0 < S < 1 on both "
                    "the baseline and the target.",
                    "time");
  }
  return std::log(-std::log(target) / hazard);
}

}  // namespace nelm
