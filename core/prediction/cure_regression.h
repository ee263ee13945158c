// A personalised Weibull mixture-cure model: categorical inputs act on the chance of cure
// (logistic) and on the timing of recurrence among the uncured (proportional hazards), with
// marginal curves over a covariate mix, conditional survival and model-implied hazard ratios.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "numerics/linear_algebra.h"

namespace nelm {

// A categorical input and its mix in the cohort: `proportion[j]` of patients have `levels[j]`
// (they sum to 1). The mix is what "unknown" averages over and where the effects are centred.
struct CureFactor {
  std::string name;
  std::vector<std::string> levels;
  std::vector<double> proportion;
};

// How one effect b acts (b > 0 is harmful):
// shared: latency log HR b and cure log-odds -cure_split * b (one risk score moves both);
// cure_only: cure log-odds -b; latency_only: latency log HR b.
enum class EffectPath { shared, cure_only, latency_only };

// An effect: the indicator "factor is one of `levels`" (grade moderate and poor pooled is one
// effect with two levels), centred at the cohort share of those levels.
struct CureEffect {
  std::string name;  // e.g. "grade=moderate_or_poor"
  std::size_t factor;
  std::vector<std::size_t> levels;
  EffectPath path;
};

struct CureRegressionStructure {
  std::vector<CureFactor> factors;
  std::vector<CureEffect> effects;
};

// S(t | x) = pi(x) + (1 - pi(x)) exp(-exp((log t - location) / scale + eta(x))), with
// logit pi(x) = cure_intercept + sum gamma_k (I_k(x) - c_k), eta(x) = sum beta_k (I_k(x) - c_k).
// `parameters` in cure_regression_parameter_names order: location, log_scale, cure_intercept,
// cure_split, then one effect b_k per structure.effects entry.
struct CureRegressionModel {
  CureRegressionStructure structure;
  std::vector<double> parameters;
};

constexpr std::size_t first_effect_parameter = 4;

// Refuses "invalid_cure_model" (no levels, proportions not summing to 1, an effect naming a
// factor or level that does not exist, a parameter vector of the wrong length).
void validate_cure_regression(const CureRegressionModel& model);
std::vector<std::string> cure_regression_parameter_names(const CureRegressionStructure& structure);

// Per-effect latency log HR beta_k and cure log-odds gamma_k implied by the parameters.
struct EffectCoefficients {
  std::vector<double> latency_log_hazard_ratio, cure_log_odds;
};
EffectCoefficients effect_coefficients(const CureRegressionModel& model);

// Patients described by their levels: a population is a weighted list of complete profiles
// (weights sum to 1). A "mix" gives, per factor, a distribution over its levels (a known level
// is a point mass; an unknown one is the cohort mix); factors are independent within a mix.
struct WeightedProfile {
  std::vector<std::size_t> levels;  // one level index per factor
  double weight;
};
using Population = std::vector<WeightedProfile>;
using CovariateMix = std::vector<std::vector<double>>;

constexpr int unknown_level = -1;
// Per factor: the level index, or unknown_level.
using Profile = std::vector<int>;

CovariateMix mix_of_profile(const CureRegressionStructure& structure, const Profile& profile);
Population population_of_mix(const CureRegressionStructure& structure, const CovariateMix& mix);
Population population_of_profile(const CureRegressionStructure& structure, const Profile& profile);
// Every input unknown: the whole cohort's mix.
Population cohort_population(const CureRegressionStructure& structure);
// The union of populations in the given proportions (e.g. "GI, or functional pancreatic").
Population population_union(const std::vector<std::pair<double, Population>>& parts);

// A model quantity and its gradient with respect to model.parameters.
struct QuantityWithGradient {
  double value;
  std::vector<double> gradient;
};

// The average of the patients' curves, sum_i w_i S(t | x_i) (not the curve of an average
// patient); t <= 0 gives 1.
QuantityWithGradient marginal_survival(const CureRegressionModel& model,
                                       const Population& population, double t);
QuantityWithGradient marginal_cure_fraction(const CureRegressionModel& model,
                                            const Population& population);
// The t with marginal S(t) = 1/2, by bisection on (0, limit]; value NaN if S(limit) > 1/2.
// Gradient by the implicit function theorem: -dS/dtheta / (dS/dt).
QuantityWithGradient marginal_median(const CureRegressionModel& model, const Population& population,
                                     double limit);
// S(t) / S(t0) of the population: survival to t of those still disease-free at t0 < t.
QuantityWithGradient conditional_marginal_survival(const CureRegressionModel& model,
                                                   const Population& population, double t0,
                                                   double t);
// P(cured | disease-free at t0) = sum w_i pi_i / sum w_i S(t0 | x_i).
QuantityWithGradient cure_probability_given_disease_free(const CureRegressionModel& model,
                                                         const Population& population, double t0);

// The model-implied average log hazard ratio over (0, horizon] of `level` against
// `reference_level` of `factor`, for patients otherwise like `others` (whose entry for `factor`
// is ignored): the weighted mean over the other inputs' profiles x of
// log[log S(horizon | x, level) / log S(horizon | x, reference_level)], the log ratio of the
// cumulative hazards at the horizon. Under proportional hazards it is exactly the log HR.
QuantityWithGradient average_log_hazard_ratio(const CureRegressionModel& model,
                                              const Population& others, std::size_t factor,
                                              std::size_t level, std::size_t reference_level,
                                              double horizon);
// The alternative compared in docs: log[log S_a(horizon) / log S_b(horizon)] of two marginal
// curves (populations averaged first, so it mixes the others' spread into the ratio).
QuantityWithGradient marginal_log_hazard_ratio(const CureRegressionModel& model,
                                               const Population& first, const Population& second,
                                               double horizon);

// A delta-method range around a modelled quantity: symmetric on the chosen scale, returned on
// the natural scale. It is a model range, never a published confidence interval.
enum class RangeScale { log_minus_log, logit, log, identity };
struct ModelRange {
  double estimate, std_err, lower, upper;  // std_err on the natural scale
};
ModelRange model_range(const QuantityWithGradient& quantity, const Matrix& covariance,
                       RangeScale scale, double level = 0.95);

}  // namespace nelm
