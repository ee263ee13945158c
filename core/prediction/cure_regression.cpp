// The personalised mixture-cure model of cure_regression.h: per-profile survival with analytic
// parameter gradients, and the marginal quantities built from them by exact enumeration.
#include "prediction/cure_regression.h"

#include <cmath>
#include <limits>

#include "common/core_error.h"
#include "numerics/distributions.h"

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

void refuse(const std::string& message, const std::string& subject = {}) {
  throw CoreError("invalid_cure_model", message, subject);
}

// Per effect, its centred indicator I_k - c_k at each level of its factor (made once per call).
using CentredDesign = std::vector<std::vector<double>>;

CentredDesign centred_design(const CureRegressionStructure& structure) {
  CentredDesign design;
  for (const CureEffect& effect : structure.effects) {
    const std::vector<double>& proportion = structure.factors[effect.factor].proportion;
    std::vector<double> indicator(proportion.size(), 0.0);
    double share = 0.0;
    for (std::size_t level : effect.levels) {
      indicator[level] = 1.0;
      share += proportion[level];
    }
    for (double& value : indicator) value -= share;
    design.push_back(std::move(indicator));
  }
  return design;
}

// The latency shift eta(x) and cure log-odds of one complete profile, with their gradients.
struct ProfileTerms {
  double latency_shift = 0.0, cure_logit = 0.0;
  std::vector<double> latency_gradient, cure_gradient;
};

// Fills `terms` (its vectors are reused: the marginal loops call this for every patient).
void fill_profile_terms(const CureRegressionModel& model, const CentredDesign& design,
                        const std::vector<std::size_t>& levels, ProfileTerms& terms) {
  const std::vector<double>& theta = model.parameters;
  terms.latency_shift = 0.0;
  terms.latency_gradient.assign(theta.size(), 0.0);
  terms.cure_gradient.assign(theta.size(), 0.0);
  terms.cure_logit = theta[2];
  terms.cure_gradient[2] = 1.0;
  const double cure_split = theta[3];
  for (std::size_t k = 0; k < model.structure.effects.size(); ++k) {
    const CureEffect& effect = model.structure.effects[k];
    const double centred = design[k][levels[effect.factor]];
    const std::size_t j = first_effect_parameter + k;
    const double b = theta[j];
    if (effect.path != EffectPath::cure_only) {
      terms.latency_shift += b * centred;
      terms.latency_gradient[j] = centred;
    }
    if (effect.path == EffectPath::shared) {
      terms.cure_logit -= cure_split * b * centred;
      terms.cure_gradient[3] -= b * centred;
      terms.cure_gradient[j] = -cure_split * centred;
    } else if (effect.path == EffectPath::cure_only) {
      terms.cure_logit -= b * centred;
      terms.cure_gradient[j] = -centred;
    }
  }
}

double inverse_logit(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// S(t | x), its parameter gradient and (optionally) dS/dt. With z = (log t - mu)/sigma + eta and
// u = exp(-exp z): dS/dlogit pi = pi (1 - pi)(1 - u), dS/dz = -(1 - pi) u exp(z).
double profile_survival(const CureRegressionModel& model, const ProfileTerms& terms, double t,
                        std::vector<double>& gradient, double* time_derivative) {
  const std::size_t count = model.parameters.size();
  gradient.assign(count, 0.0);
  if (time_derivative) *time_derivative = 0.0;
  if (!(t > 0.0)) return 1.0;
  const double location = model.parameters[0], scale = std::exp(model.parameters[1]);
  const double standardised = (std::log(t) - location) / scale;
  const double z = standardised + terms.latency_shift;
  const double exp_z = std::exp(z), latency = std::exp(-exp_z);
  const double pi = inverse_logit(terms.cure_logit);
  const double by_logit = pi * (1.0 - pi) * (1.0 - latency);
  const double by_z = -(1.0 - pi) * latency * exp_z;
  for (std::size_t j = 0; j < count; ++j)
    gradient[j] = by_logit * terms.cure_gradient[j] + by_z * terms.latency_gradient[j];
  gradient[0] += by_z * (-1.0 / scale);
  gradient[1] += by_z * (-standardised);
  if (time_derivative) *time_derivative = by_z / (scale * t);
  return pi + (1.0 - pi) * latency;
}

QuantityWithGradient zero_quantity(std::size_t count) { return {0.0, std::vector<double>(count)}; }

void add_scaled(QuantityWithGradient& total, double weight, double value,
                const std::vector<double>& gradient) {
  total.value += weight * value;
  for (std::size_t j = 0; j < gradient.size(); ++j) total.gradient[j] += weight * gradient[j];
}

QuantityWithGradient marginal_survival_with_slope(const CureRegressionModel& model,
                                                  const Population& population, double t,
                                                  double& slope) {
  QuantityWithGradient total = zero_quantity(model.parameters.size());
  slope = 0.0;
  std::vector<double> gradient;
  ProfileTerms terms;
  const CentredDesign design = centred_design(model.structure);
  for (const WeightedProfile& patient : population) {
    double derivative = 0.0;
    fill_profile_terms(model, design, patient.levels, terms);
    const double survival = profile_survival(model, terms, t, gradient, &derivative);
    add_scaled(total, patient.weight, survival, gradient);
    slope += patient.weight * derivative;
  }
  return total;
}

// a / b with its gradient.
QuantityWithGradient ratio(const QuantityWithGradient& a, const QuantityWithGradient& b) {
  QuantityWithGradient result{a.value / b.value, std::vector<double>(a.gradient.size())};
  for (std::size_t j = 0; j < a.gradient.size(); ++j)
    result.gradient[j] = (a.gradient[j] * b.value - a.value * b.gradient[j]) / (b.value * b.value);
  return result;
}

}  // namespace

void validate_cure_regression(const CureRegressionModel& model) {
  const CureRegressionStructure& structure = model.structure;
  for (const CureFactor& factor : structure.factors) {
    if (factor.levels.empty() || factor.proportion.size() != factor.levels.size())
      refuse("Each factor needs levels and one proportion per level.", factor.name);
    double total = 0.0;
    for (double share : factor.proportion) {
      if (!(share >= 0.0 && share <= 1.0)) refuse("A proportion must lie in [0, 1].", factor.name);
      total += share;
    }
    if (std::fabs(total - 1.0) > 1e-9) refuse("A factor's proportions must sum to 1.", factor.name);
  }
  for (const CureEffect& effect : structure.effects) {
    if (effect.factor >= structure.factors.size() || effect.levels.empty())
      refuse("An effect must name an existing factor and at least one level.", effect.name);
    for (std::size_t level : effect.levels)
      if (level >= structure.factors[effect.factor].levels.size())
        refuse("An effect names a level its factor does not have.", effect.name);
  }
  if (model.parameters.size() != first_effect_parameter + structure.effects.size())
    refuse("The model needs 4 parameters plus one per effect.");
  for (double value : model.parameters)
    if (!std::isfinite(value)) refuse("Every parameter must be finite.");
}

std::vector<std::string> cure_regression_parameter_names(const CureRegressionStructure& structure) {
  std::vector<std::string> names = {"location", "log_scale", "cure_intercept", "cure_split"};
  for (const CureEffect& effect : structure.effects) names.push_back(effect.name);
  return names;
}

EffectCoefficients effect_coefficients(const CureRegressionModel& model) {
  EffectCoefficients coefficients;
  for (std::size_t k = 0; k < model.structure.effects.size(); ++k) {
    const double b = model.parameters[first_effect_parameter + k];
    const EffectPath path = model.structure.effects[k].path;
    coefficients.latency_log_hazard_ratio.push_back(path == EffectPath::cure_only ? 0.0 : b);
    coefficients.cure_log_odds.push_back(path == EffectPath::shared      ? -model.parameters[3] * b
                                         : path == EffectPath::cure_only ? -b
                                                                         : 0.0);
  }
  return coefficients;
}

QuantityWithGradient marginal_survival(const CureRegressionModel& model,
                                       const Population& population, double t) {
  double slope = 0.0;
  return marginal_survival_with_slope(model, population, t, slope);
}

QuantityWithGradient marginal_cure_fraction(const CureRegressionModel& model,
                                            const Population& population) {
  QuantityWithGradient total = zero_quantity(model.parameters.size());
  const CentredDesign design = centred_design(model.structure);
  ProfileTerms terms;
  for (const WeightedProfile& patient : population) {
    fill_profile_terms(model, design, patient.levels, terms);
    const double pi = inverse_logit(terms.cure_logit);
    std::vector<double> gradient = terms.cure_gradient;
    for (double& value : gradient) value *= pi * (1.0 - pi);
    add_scaled(total, patient.weight, pi, gradient);
  }
  return total;
}

QuantityWithGradient marginal_median(const CureRegressionModel& model, const Population& population,
                                     double limit) {
  // Values only while bracketing (no gradients): the median is searched at every fit step.
  std::vector<ProfileTerms> terms(population.size());
  const CentredDesign design = centred_design(model.structure);
  for (std::size_t i = 0; i < population.size(); ++i)
    fill_profile_terms(model, design, population[i].levels, terms[i]);
  const double location = model.parameters[0], scale = std::exp(model.parameters[1]);
  const auto survival_at = [&](double t) {
    double total = 0.0;
    for (std::size_t i = 0; i < population.size(); ++i) {
      const double pi = inverse_logit(terms[i].cure_logit);
      const double z = (std::log(t) - location) / scale + terms[i].latency_shift;
      total += population[i].weight * (pi + (1.0 - pi) * std::exp(-std::exp(z)));
    }
    return total;
  };
  if (survival_at(limit) > 0.5)
    return {not_a_number, std::vector<double>(model.parameters.size(), not_a_number)};
  double low = 0.0, high = limit;
  for (int iteration = 0; iteration < 200 && high - low > 1e-7 * (1.0 + high); ++iteration) {
    const double middle = 0.5 * (low + high);
    if (survival_at(middle) > 0.5)
      low = middle;
    else
      high = middle;
  }
  // Newton steps polish the bracketed root to full precision (the gradient divides by it).
  double median = 0.5 * (low + high), slope = 0.0;
  for (int step = 0; step < 4; ++step) {
    const double survival = marginal_survival_with_slope(model, population, median, slope).value;
    if (!(slope < 0.0)) break;
    const double next = median - (survival - 0.5) / slope;
    if (!(next > low && next < high)) break;
    median = next;
  }
  QuantityWithGradient result = marginal_survival_with_slope(model, population, median, slope);
  result.value = median;
  for (double& value : result.gradient) value = -value / slope;
  return result;
}

QuantityWithGradient conditional_marginal_survival(const CureRegressionModel& model,
                                                   const Population& population, double t0,
                                                   double t) {
  return ratio(marginal_survival(model, population, t), marginal_survival(model, population, t0));
}

QuantityWithGradient cure_probability_given_disease_free(const CureRegressionModel& model,
                                                         const Population& population, double t0) {
  return ratio(marginal_cure_fraction(model, population), marginal_survival(model, population, t0));
}

QuantityWithGradient average_log_hazard_ratio(const CureRegressionModel& model,
                                              const Population& others, std::size_t factor,
                                              std::size_t level, std::size_t reference_level,
                                              double horizon) {
  const std::size_t count = model.parameters.size();
  QuantityWithGradient total = zero_quantity(count);
  std::vector<double> gradient_level, gradient_reference, difference(count);
  ProfileTerms terms;
  const CentredDesign design = centred_design(model.structure);
  for (const WeightedProfile& patient : others) {
    std::vector<std::size_t> with_level = patient.levels, with_reference = patient.levels;
    with_level[factor] = level;
    with_reference[factor] = reference_level;
    fill_profile_terms(model, design, with_level, terms);
    const double s_level = profile_survival(model, terms, horizon, gradient_level, nullptr);
    fill_profile_terms(model, design, with_reference, terms);
    const double s_reference = profile_survival(model, terms, horizon, gradient_reference, nullptr);
    // d log(-log S) = dS / (S log S).
    for (std::size_t j = 0; j < count; ++j)
      difference[j] = gradient_level[j] / (s_level * std::log(s_level)) -
                      gradient_reference[j] / (s_reference * std::log(s_reference));
    add_scaled(total, patient.weight,
               std::log(-std::log(s_level)) - std::log(-std::log(s_reference)), difference);
  }
  return total;
}

QuantityWithGradient marginal_log_hazard_ratio(const CureRegressionModel& model,
                                               const Population& first, const Population& second,
                                               double horizon) {
  const QuantityWithGradient a = marginal_survival(model, first, horizon);
  const QuantityWithGradient b = marginal_survival(model, second, horizon);
  QuantityWithGradient result{std::log(-std::log(a.value)) - std::log(-std::log(b.value)),
                              std::vector<double>(a.gradient.size())};
  for (std::size_t j = 0; j < a.gradient.size(); ++j)
    result.gradient[j] = a.gradient[j] / (a.value * std::log(a.value)) -
                         b.gradient[j] / (b.value * std::log(b.value));
  return result;
}

ModelRange model_range(const QuantityWithGradient& quantity, const Matrix& covariance,
                       RangeScale scale, double level) {
  if (covariance.size() != quantity.gradient.size())
    throw CoreError("covariance_size_mismatch",
                    "The covariance does not match the model's parameters.");
  double variance = 0.0;
  for (std::size_t j = 0; j < quantity.gradient.size(); ++j)
    for (std::size_t k = 0; k < quantity.gradient.size(); ++k)
      variance += quantity.gradient[j] * covariance(j, k) * quantity.gradient[k];
  const double v = quantity.value, std_err = std::sqrt(std::max(variance, 0.0));
  const double z = two_sided_critical_value(level);
  ModelRange range{v, std_err, not_a_number, not_a_number};
  if (scale == RangeScale::identity) {
    range.lower = v - z * std_err;
    range.upper = v + z * std_err;
  } else if (scale == RangeScale::log) {
    if (!(v > 0.0)) return range;
    range.lower = v * std::exp(-z * std_err / v);
    range.upper = v * std::exp(z * std_err / v);
  } else if (scale == RangeScale::logit) {
    if (!(v > 0.0 && v < 1.0)) return range;
    const double centre = std::log(v / (1.0 - v)), half = z * std_err / (v * (1.0 - v));
    range.lower = inverse_logit(centre - half);
    range.upper = inverse_logit(centre + half);
  } else {
    if (!(v > 0.0 && v < 1.0)) return range;
    const double centre = std::log(-std::log(v)), half = z * std_err / std::fabs(v * std::log(v));
    range.lower = std::exp(-std::exp(centre + half));
    range.upper = std::exp(-std::exp(centre - half));
  }
  return range;
}

}  // namespace nelm
