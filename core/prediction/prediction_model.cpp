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
      variance += (at_end[j] - at_start[j]) * baseline.covariance(j, k) * (at_end[k] - at_start[k]);
    }
  }
  return variance / (difference * difference);
}

// The time at which survival(t) reaches 1/2, by bisection on [start, limit]; NaN when it stays
// above 1/2 up to limit. For a step curve it converges to the first time at or below 1/2.
template <typename Survival>
double time_at_half(const Survival& survival, double start, double limit) {
  if (survival(limit) > 0.5) return not_a_number;
  double low = start, high = limit;
  for (int iteration = 0; iteration < 200 && high - low > 1e-12 * (1.0 + high); ++iteration) {
    const double middle = 0.5 * (low + high);
    if (survival(middle) > 0.5)
      low = middle;
    else
      high = middle;
  }
  return high;
}

// How H0(start) and H0(end) move with the baseline's uncertain parameters: their gradients and
// the parameters' covariance, when known.
struct BaselineSensitivity {
  bool known = false;
  std::vector<double> at_start, at_end;
  Matrix covariance;
};

BaselineSensitivity baseline_sensitivity(const PredictionBaseline& baseline, double start,
                                         double end) {
  BaselineSensitivity sensitivity;
  if (!baseline.parametric) {
    // One parameter, u = log H0(end), with Var(u) = cloglog_std_err^2; only from before the first
    // step, where H0(start) = 0 (as log_difference_variance).
    const long index = step_index(baseline.step, end);
    if (baseline.step.cloglog_std_err.empty() || start >= baseline.step.time.front() || index < 0) {
      return sensitivity;
    }
    sensitivity.known = true;
    sensitivity.at_start = {0.0};
    sensitivity.at_end = {baseline_cumulative_hazard(baseline, end)};
    sensitivity.covariance = Matrix(1, std::pow(baseline.step.cloglog_std_err[index], 2));
    return sensitivity;
  }
  if (baseline.covariance.size() == 0) return sensitivity;
  sensitivity.at_start = cumulative_hazard_gradient(baseline.curve, start);
  sensitivity.at_end = cumulative_hazard_gradient(baseline.curve, end);
  if (baseline.covariance.size() != sensitivity.at_end.size()) {
    throw CoreError("covariance_size_mismatch",
                    "The covariance does not match the baseline curve's parameters.");
  }
  sensitivity.known = true;
  sensitivity.covariance = baseline.covariance;
  return sensitivity;
}

// The pieces of a mixture's P = N / M, N = sum_k w_k A_k(end), M = sum_k w_k A_k(start),
// A_k(t) = exp(-exp(lp_k) H0(t)); with dP/dlp_k and dP/dbeta = sum_k dP/dlp_k x_k.
struct MixtureTerms {
  double probability = not_a_number;
  double complement = not_a_number;  // 1 - P, computed directly (precise when P is near 1)
  double alive_at_start = 0.0;       // M
  std::vector<double> survival_at_start, survival_at_end, hazard_ratio;  // A_k(start), A_k(end)
  std::vector<double> coefficient_gradient;
};

MixtureTerms mixture_terms(const PredictionBaseline& baseline, const ProfileMixture& mixture,
                           double start, double end) {
  MixtureTerms terms;
  const double hazard_start = baseline_cumulative_hazard(baseline, start);
  const double hazard_end = baseline_cumulative_hazard(baseline, end);
  double alive_at_end = 0.0, dying = 0.0;
  for (const MixtureComponent& component : mixture.components) {
    const double hazard_ratio = std::exp(component.linear_predictor);
    const double at_start = std::exp(-hazard_ratio * hazard_start);
    const double at_end = std::isinf(hazard_end) ? 0.0 : std::exp(-hazard_ratio * hazard_end);
    terms.hazard_ratio.push_back(hazard_ratio);
    terms.survival_at_start.push_back(at_start);
    terms.survival_at_end.push_back(at_end);
    terms.alive_at_start += component.weight * at_start;
    alive_at_end += component.weight * at_end;
    const double dies =
        std::isinf(hazard_end) ? 1.0 : -std::expm1(-hazard_ratio * (hazard_end - hazard_start));
    dying += component.weight * at_start * dies;
  }
  if (!(terms.alive_at_start > 0.0)) return terms;
  terms.probability = alive_at_end / terms.alive_at_start;
  terms.complement = dying / terms.alive_at_start;
  const std::size_t count = mixture.coefficient_covariance.size();
  terms.coefficient_gradient.assign(count, 0.0);
  for (std::size_t k = 0; k < mixture.components.size(); ++k) {
    // dA/dlp = -A exp(lp) H0; dP/dlp_k = w_k (dA_k(end) - P dA_k(start)) / M.
    const double hazard_ratio = terms.hazard_ratio[k];
    const double by_end = std::isinf(hazard_end) ? 0.0 : terms.survival_at_end[k] * hazard_end;
    const double by_lp = mixture.components[k].weight * hazard_ratio *
                         (terms.probability * terms.survival_at_start[k] * hazard_start - by_end) /
                         terms.alive_at_start;
    for (std::size_t j = 0; j < count && j < mixture.components[k].centred_values.size(); ++j) {
      terms.coefficient_gradient[j] += by_lp * mixture.components[k].centred_values[j];
    }
  }
  return terms;
}

// dP/dtheta for the baseline's parameters: dA/dtheta = -A exp(lp) dH0/dtheta.
std::vector<double> baseline_gradient(const ProfileMixture& mixture, const MixtureTerms& terms,
                                      const BaselineSensitivity& sensitivity) {
  std::vector<double> gradient(sensitivity.at_end.size(), 0.0);
  for (std::size_t k = 0; k < mixture.components.size(); ++k) {
    const double scale =
        mixture.components[k].weight * terms.hazard_ratio[k] / terms.alive_at_start;
    const double at_start = terms.probability * terms.survival_at_start[k];
    for (std::size_t m = 0; m < gradient.size(); ++m) {
      gradient[m] += scale * (at_start * sensitivity.at_start[m] -
                              terms.survival_at_end[k] * sensitivity.at_end[m]);
    }
  }
  return gradient;
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
  return time_at_half(
      [&](double t) { return predicted_probability(baseline, predictor, start, t).estimate; },
      start, limit);
}

double linear_predictor_variance(const std::vector<double>& centred_values,
                                 const Matrix& coefficient_covariance) {
  if (coefficient_covariance.size() != centred_values.size()) return 0.0;
  double variance = 0.0;
  for (std::size_t j = 0; j < centred_values.size(); ++j) {
    for (std::size_t k = 0; k < centred_values.size(); ++k) {
      variance += centred_values[j] * coefficient_covariance(j, k) * centred_values[k];
    }
  }
  return variance;
}

ProbabilityEstimate mixture_probability(const PredictionBaseline& baseline,
                                        const ProfileMixture& mixture, double start, double end,
                                        double conf_level) {
  if (mixture.components.empty()) {
    throw CoreError("invalid_value", "a mixture needs at least one component");
  }
  if (mixture.components.size() == 1) {
    // The closed form keeps full precision near S = 1, where 1 - P is tiny.
    const MixtureComponent& only = mixture.components.front();
    const LinearPredictor predictor{
        only.linear_predictor,
        linear_predictor_variance(only.centred_values, mixture.coefficient_covariance)};
    return predicted_probability(baseline, predictor, start, end, conf_level);
  }
  const MixtureTerms terms = mixture_terms(baseline, mixture, start, end);
  ProbabilityEstimate result{terms.probability, not_a_number, not_a_number, not_a_number};
  if (!(terms.probability > 0.0 && terms.probability < 1.0)) return result;
  double variance =
      linear_predictor_variance(terms.coefficient_gradient, mixture.coefficient_covariance);
  const BaselineSensitivity sensitivity = baseline_sensitivity(baseline, start, end);
  if (!sensitivity.known && !(variance > 0.0)) return result;
  if (sensitivity.known) {
    variance += linear_predictor_variance(baseline_gradient(mixture, terms, sensitivity),
                                          sensitivity.covariance);
  }
  if (!std::isfinite(variance)) return result;
  result.se = std::sqrt(variance);
  // g = log(-log P), dg/dP = 1 / (P log P); log P = log1p(-(1 - P)) keeps precision near 1.
  const double log_probability = std::log1p(-terms.complement);
  const double log_log = std::log(-log_probability);
  const double log_log_std_err = result.se / std::fabs(terms.probability * log_probability);
  const double z = two_sided_critical_value(conf_level);
  result.lower = std::exp(-std::exp(log_log + z * log_log_std_err));
  result.upper = std::exp(-std::exp(log_log - z * log_log_std_err));
  return result;
}

double mixture_median(const PredictionBaseline& baseline, const ProfileMixture& mixture,
                      double start, double limit) {
  return time_at_half(
      [&](double t) { return mixture_probability(baseline, mixture, start, t).estimate; }, start,
      limit);
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

double wald_std_err(double hazard_ratio, double p_value) {
  if (!(hazard_ratio > 0.0) || hazard_ratio == 1.0 || !(p_value > 0.0 && p_value < 1.0)) {
    throw CoreError("invalid_value",
                    "a Wald SE needs a hazard ratio > 0 other than 1 and 0 < p < 1");
  }
  return std::fabs(std::log(hazard_ratio)) / normal_quantile(1.0 - p_value / 2.0);
}

}  // namespace nelm
