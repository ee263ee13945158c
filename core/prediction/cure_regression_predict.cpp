// predict for a cure-regression model: each quantity under every mix scenario's fit, the central
// estimate with the envelope of the scenarios' model ranges (see cure_regression_predict.h).
#include "prediction/cure_regression_predict.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr const char* mix_band =
    "model range: delta method on the evidence fit, spanning every assumed unpublished mix";

// The patient as the model's factors see it: a level index per factor, unknown_level if unknown.
Profile factor_profile(const PredictionModelDefinition& model, const PatientProfile& profile,
                       std::vector<std::string>& averaged_inputs) {
  const CureRegressionStructure& structure = model.cure_regression->scenarios[0].model.structure;
  Profile levels(structure.factors.size(), unknown_level);
  for (std::size_t f = 0; f < structure.factors.size(); ++f) {
    const CureFactor& factor = structure.factors[f];
    const InputValue& value = profile.at(factor.name);
    if (!value.known) {
      averaged_inputs.push_back(factor.name);
      continue;
    }
    const auto found = std::find(factor.levels.begin(), factor.levels.end(), value.level);
    levels[f] = static_cast<int>(found - factor.levels.begin());
  }
  return levels;
}

// A quantity under one scenario's fit for its population; `scenario` indexes both.
using ScenarioQuantity = std::function<QuantityWithGradient(
    const CureRegressionModel&, const Population&, std::size_t scenario)>;

// The quantity under every scenario (each with its own mix for the unknown inputs); the central
// scenario gives the estimate, all of them the band. Scenarios whose value is undefined (a median
// that is not reached) add nothing to the band; NaN when the central one is undefined.
MixRange over_mix(const CureRegressionDefinition& definition,
                  const std::vector<Population>& populations, const ScenarioQuantity& quantity,
                  RangeScale scale) {
  MixRange result{not_a_number, not_a_number, not_a_number, not_a_number,
                  not_a_number, not_a_number, not_a_number};
  const auto lower_of = [](double a, double b) { return std::isnan(a) ? b : std::min(a, b); };
  const auto upper_of = [](double a, double b) { return std::isnan(a) ? b : std::max(a, b); };
  for (std::size_t s = 0; s < definition.scenarios.size(); ++s) {
    const MixScenario& scenario = definition.scenarios[s];
    const QuantityWithGradient value = quantity(scenario.model, populations[s], s);
    if (std::isnan(value.value)) continue;
    const ModelRange range = model_range(value, scenario.covariance, scale);
    if (scenario.central) {
      result.estimate = range.estimate;
      result.central_lower = range.lower;
      result.central_upper = range.upper;
    }
    result.lower = lower_of(result.lower, range.lower);
    result.upper = upper_of(result.upper, range.upper);
    result.lowest_estimate = lower_of(result.lowest_estimate, range.estimate);
    result.highest_estimate = upper_of(result.highest_estimate, range.estimate);
  }
  if (std::isnan(result.estimate))
    result = {not_a_number, not_a_number, not_a_number, not_a_number,
              not_a_number, not_a_number, not_a_number};
  return result;
}

ProbabilityEstimate probability_of(const MixRange& range) {
  return {range.estimate, not_a_number, range.lower, range.upper};
}

// Survival to t (given disease-free at t0 when t0 > 0), on the log(-log) scale.
// Each scenario's population prepared under its fit, and its survival to t0 (in scenario order):
// made once per predict, since every point of the curve uses them.
struct PreparedScenarios {
  std::vector<PreparedPopulation> populations;
  std::vector<QuantityWithGradient> survival_to_condition;
};

MixRange survival_over_mix(const CureRegressionDefinition& definition,
                           const std::vector<Population>& populations,
                           const PreparedScenarios& prepared, double t0, double t) {
  if (t == t0) return {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
  return over_mix(
      definition, populations,
      [&](const CureRegressionModel& model, const Population&, std::size_t scenario) {
        const PreparedPopulation& patients = prepared.populations[scenario];
        return t0 > 0.0 ? conditional_marginal_survival(model, patients,
                                                        prepared.survival_to_condition[scenario], t)
                        : marginal_survival(model, patients, t);
      },
      RangeScale::log_minus_log);
}

bool matches(const std::vector<LevelSets>& alternatives, const Profile& profile) {
  for (const LevelSets& allowed : alternatives) {
    bool all = true;
    for (std::size_t f = 0; f < allowed.size() && all; ++f) {
      if (allowed[f].empty()) continue;
      all = profile[f] != unknown_level &&
            std::find(allowed[f].begin(), allowed[f].end(), static_cast<std::size_t>(profile[f])) !=
                allowed[f].end();
    }
    if (all) return true;
  }
  return false;
}

void add_cure(const CureRegressionDefinition& definition,
              const std::vector<Population>& populations, double t0, const Profile& profile,
              Prediction& prediction, Warnings& warnings) {
  PersonalisedDetail& detail = *prediction.personalised;
  detail.cure_fraction = over_mix(
      definition, populations,
      [](const CureRegressionModel& model, const Population& population, std::size_t) {
        return marginal_cure_fraction(model, population);
      },
      RangeScale::logit);
  PredictedCure cure;
  cure.fraction = probability_of(detail.cure_fraction);
  if (t0 > 0.0) {
    detail.cure_given_condition = over_mix(
        definition, populations,
        [&](const CureRegressionModel& model, const Population& population, std::size_t) {
          return cure_probability_given_disease_free(model, population, t0);
        },
        RangeScale::logit);
    cure.given_condition = probability_of(*detail.cure_given_condition);
  }
  cure.statement = definition.cure_definition;
  prediction.cure = cure;
  for (const CureProfileReference& reference : definition.cure_profiles) {
    if (!matches(reference.alternatives, profile)) continue;
    const bool covers = detail.cure_fraction.lower <= reference.transferred &&
                        reference.transferred <= detail.cure_fraction.upper;
    detail.cure_profile = CureProfileMatch{reference, covers};
    if (!covers) warnings.push_back({"cure_profile_disagrees", reference.disagreement, ""});
    break;
  }
}

}  // namespace

Prediction cure_regression_prediction(const PredictionModelDefinition& model,
                                      const PatientProfile& profile, double condition_time,
                                      const std::vector<double>& grid,
                                      const std::vector<double>& horizons, Warnings& warnings,
                                      std::vector<std::string>& averaged_inputs) {
  const CureRegressionDefinition& definition = *model.cure_regression;
  const Profile levels = factor_profile(model, profile, averaged_inputs);
  std::vector<Population> populations;
  PreparedScenarios prepared;
  for (const MixScenario& scenario : definition.scenarios) {
    populations.push_back(population_of_profile(scenario.model.structure, levels));
    prepared.populations.push_back(prepare_population(scenario.model, populations.back()));
    prepared.survival_to_condition.push_back(
        marginal_survival(scenario.model, prepared.populations.back(), condition_time));
  }
  Prediction prediction;
  prediction.personalised = PersonalisedDetail{};
  const bool any_known = averaged_inputs.size() < levels.size();
  prediction.label = any_known ? "This profile" : "The whole cohort";
  PredictedCurve curve{{}, {}, {}, {}, mix_band};
  for (double t : grid) {
    const bool defined = t >= condition_time && t <= model.outcome.max_time;
    const MixRange value =
        defined ? survival_over_mix(definition, populations, prepared, condition_time, t)
                : MixRange{not_a_number, not_a_number, not_a_number, not_a_number,
                           not_a_number, not_a_number, not_a_number};
    curve.time.push_back(t);
    curve.surv.push_back(value.estimate);
    curve.lower.push_back(value.lower);
    curve.upper.push_back(value.upper);
  }
  prediction.curve = curve;
  for (double t : horizons) {
    const MixRange value = survival_over_mix(definition, populations, prepared, condition_time, t);
    prediction.personalised->estimates.push_back(value);
    prediction.estimates.push_back({t, probability_of(value)});
  }
  if (condition_time == 0.0) {
    const MixRange median = over_mix(
        definition, populations,
        [&](const CureRegressionModel& fit, const Population& group, std::size_t) {
          return marginal_median(fit, group, model.outcome.max_time);
        },
        RangeScale::log);
    prediction.median =
        PredictedMedian{median.estimate, std::isnan(median.estimate)
                                             ? "the curve stays above 1/2 up to the model's limit"
                                             : "time at which the modelled curve crosses 1/2"};
    if (!std::isnan(median.estimate)) prediction.personalised->median = median;
  } else {
    prediction.median =
        PredictedMedian{not_a_number, "not given for a patient already disease-free for a while"};
  }
  add_cure(definition, populations, condition_time, levels, prediction, warnings);
  for (const ModelAnchor& anchor : model.anchors)
    if (anchor.input.empty()) prediction.anchors.push_back(anchor);
  return prediction;
}

}  // namespace nelm
