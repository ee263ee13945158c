// The predict method: profile -> linear predictor (or a mixture over unknown inputs' levels), the
// band rules, the cure policy, the horizons and the marginal groups; see predict.h.
#include "prediction/predict.h"

#include <cmath>
#include <limits>

#include "prediction/cure_regression_predict.h"

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr const char* delta_band = "delta method on the log(-log) scale";

struct Horizon {
  double condition_time;          // 0 when not conditioning
  std::vector<double> grid;       // curve times
  std::vector<double> landmarks;  // estimate times
};

Horizon make_horizon(const PredictionModelDefinition& model, double condition_time,
                     const std::vector<double>& times, Warnings& warnings) {
  const ModelOutcome& outcome = model.outcome;
  if (!(condition_time >= 0.0 && condition_time < outcome.max_time)) {
    throw CoreError("invalid_value",
                    "condition_time must be >= 0 and below the model's limit of " +
                        number_text(outcome.max_time) + " " + outcome.time_unit,
                    "condition_time");
  }
  Horizon horizon{condition_time, times, estimate_horizons(outcome.max_time, condition_time)};
  if (horizon.grid.empty()) {
    const bool cure_regression = model.effect_structure == EffectStructure::cure_regression;
    horizon.grid = default_time_grid(outcome.max_time, condition_time, cure_regression ? 50 : 200);
  }
  for (double t : horizon.grid) {
    if (!(t >= 0.0) || std::isinf(t)) {
      throw CoreError("invalid_value", "times must be finite numbers >= 0", "times");
    }
  }
  for (double t : horizon.grid) {
    if (t > outcome.max_time) {
      warnings.push_back({"extrapolation_beyond_max_time",
                          "Times beyond " + number_text(outcome.max_time) + " " +
                              outcome.time_unit +
                              " were asked for: the evidence says nothing beyond that, so no "
                              "estimate is given there (null).",
                          ""});
      break;
    }
  }
  return horizon;
}

// How one prediction's probabilities are made: a mixture of linear predictors (one component
// for a plain profile), or a published group's log HR with its published CI mapped through the
// shape (the lower limit from the upper log-HR bound).
struct GroupCurve {
  ProfileMixture mixture;
  bool mapped_interval = false;
  double lower_log_hr = 0.0, upper_log_hr = 0.0;
};

ProbabilityEstimate evaluate(const PredictionModelDefinition& model, const GroupCurve& group,
                             double start, double end) {
  ProbabilityEstimate value = mixture_probability(model.baseline, group.mixture, start, end);
  if (group.mapped_interval) {
    const LinearPredictor upper{group.upper_log_hr, 0.0}, lower{group.lower_log_hr, 0.0};
    value.lower = predicted_probability(model.baseline, upper, start, end).estimate;
    value.upper = predicted_probability(model.baseline, lower, start, end).estimate;
  }
  return value;
}

PredictedCurve curve_of(const PredictionModelDefinition& model, const GroupCurve& group,
                        const Horizon& horizon, const std::string& band) {
  PredictedCurve curve{{}, {}, {}, {}, band, IntervalType::none};
  for (double t : horizon.grid) {
    const bool defined = t >= horizon.condition_time && t <= model.outcome.max_time;
    const ProbabilityEstimate value =
        defined ? evaluate(model, group, horizon.condition_time, t)
                : ProbabilityEstimate{not_a_number, not_a_number, not_a_number, not_a_number};
    curve.time.push_back(t);
    curve.surv.push_back(value.estimate);
    curve.lower.push_back(value.lower);
    curve.upper.push_back(value.upper);
    if (modelled_interval(value) == IntervalType::model_range) {
      curve.interval_type = IntervalType::model_range;
    }
  }
  return curve;
}

std::vector<PredictedEstimate> estimates_of(const PredictionModelDefinition& model,
                                            const GroupCurve& group, const Horizon& horizon) {
  std::vector<PredictedEstimate> estimates;
  for (double t : horizon.landmarks) {
    const ProbabilityEstimate value = evaluate(model, group, horizon.condition_time, t);
    estimates.push_back({t, value, modelled_interval(value)});
  }
  return estimates;
}

PredictedMedian median_of(const PredictionModelDefinition& model, const GroupCurve& group,
                          const Horizon& horizon) {
  const double median =
      mixture_median(model.baseline, group.mixture, horizon.condition_time, model.outcome.max_time);
  return {median,
          std::isnan(median) ? "the curve stays above 1/2 up to the model's limit"
                             : "time at which the modelled curve crosses 1/2",
          IntervalType::none};
}

// The cure policy: only a mixture-cure baseline has a cure fraction, and a model may give it for
// the whole cohort only (then a personalised profile gets the model's statement instead).
std::optional<PredictedCure> cure_of(const PredictionModelDefinition& model,
                                     const GroupCurve& group, const Horizon& horizon,
                                     bool personalised, Warnings& warnings) {
  if (!model.baseline.parametric || model.baseline.curve.family != CurveFamily::weibull_cure) {
    return std::nullopt;
  }
  PredictedCure cure;
  if (personalised && !model.cure_for_profiles) {
    warnings.push_back({"cure_not_personalised", model.personalised_cure_statement, ""});
    cure.statement = model.personalised_cure_statement;
    return cure;
  }
  cure.fraction = evaluate(model, group, 0.0, infinity);
  if (horizon.condition_time > 0.0) {
    cure.given_condition = evaluate(model, group, horizon.condition_time, infinity);
  }
  return cure;
}

std::vector<ModelAnchor> anchors_of(const PredictionModelDefinition& model,
                                    const std::string& input, const std::string& level) {
  std::vector<ModelAnchor> anchors;
  for (const auto& anchor : model.anchors) {
    if (anchor.input == input && anchor.level == level) anchors.push_back(anchor);
  }
  return anchors;
}

Prediction linear_prediction(const PredictionModelDefinition& model, const Horizon& horizon,
                             PredictionResult& result) {
  const GroupCurve group{profile_mixture(model, result.profile, result.averaged_inputs)};
  const std::vector<MixtureComponent>& components = group.mixture.components;
  if (components.size() == 1) {
    const MixtureComponent& only = components[0];
    result.linear_predictor = LinearPredictor{
        only.linear_predictor,
        linear_predictor_variance(only.centred_values, group.mixture.coefficient_covariance)};
  }
  bool any_known = false;
  for (const auto& entry : result.profile) any_known = any_known || entry.second.known;
  if (any_known && !model.personalisation_note.empty()) {
    result.warnings.push_back({"approximate_personalisation", model.personalisation_note, ""});
  }
  // A choice given as an input (the extent of resection) changes the estimate as an association
  // only: every estimate it changes carries the model's caveat, never a "what if".
  for (const auto& input : model.inputs) {
    if (!input.comparison_warning.empty() && result.profile.at(input.name).known) {
      result.warnings.push_back({"confounded_comparison", input.comparison_warning, input.name});
    }
  }
  if (!result.averaged_inputs.empty()) {
    std::string names;
    for (const auto& name : result.averaged_inputs) {
      names += (names.empty() ? "" : ", ") + find_input(model, name)->label;
    }
    result.warnings.push_back(
        {"averaged_over_mix",
         "The curve is the average of the curves for each level of the unknown inputs (" + names +
             "), weighted by their published proportions; this assumes those inputs are "
             "independent of each other and of the inputs given.",
         ""});
  }
  Prediction prediction;
  prediction.label = any_known ? "This profile" : "The whole development cohort";
  prediction.curve = curve_of(model, group, horizon, delta_band);
  prediction.estimates = estimates_of(model, group, horizon);
  prediction.median = median_of(model, group, horizon);
  prediction.cure = cure_of(model, group, horizon, any_known, result.warnings);
  prediction.anchors = anchors_of(model, "", "");
  return prediction;
}

Prediction group_prediction(const PredictionModelDefinition& model, const ModelInput& input,
                            const ModelLevel& level, const Horizon& horizon) {
  Prediction prediction;
  prediction.label = input.label + ": " + level.label;
  prediction.group = PredictionGroup{input.name, level.value, level.label, level.n};
  prediction.anchors = anchors_of(model, input.name, level.value);
  prediction.statement = level.statement;
  for (const auto& effect : model.effects) {
    if (effect.input != input.name || effect.level != level.value) continue;
    GroupCurve group{{{{1.0, effect.log_hazard_ratio, {}}}, Matrix()},
                     !std::isnan(effect.lower),
                     effect.lower,
                     effect.upper};
    prediction.curve =
        curve_of(model, group, horizon,
                 group.mapped_interval ? "published CI mapped through the shape" : "none");
    prediction.estimates = estimates_of(model, group, horizon);
    prediction.median = median_of(model, group, horizon);
  }
  return prediction;
}

// Each input selects its own published groups (all of them when unknown); never combined.
std::vector<Prediction> marginal_predictions(const PredictionModelDefinition& model,
                                             const PatientProfile& profile, const Horizon& horizon,
                                             Warnings& warnings) {
  std::vector<Prediction> predictions;
  int inputs_known = 0;
  for (const auto& input : model.inputs) {
    const InputValue& chosen = profile.at(input.name);
    inputs_known += chosen.known;
    for (const auto& level : input.levels) {
      if (!chosen.known || chosen.level == level.value) {
        predictions.push_back(group_prediction(model, input, level, horizon));
      }
    }
    if (!input.comparison_warning.empty()) {
      warnings.push_back({"confounded_comparison", input.comparison_warning, input.name});
    }
  }
  if (inputs_known > 1) {
    warnings.push_back({"separate_groups",
                        "Each input selects a separate published group; the groups are shown "
                        "side by side and never combined into one estimate for the patient.",
                        ""});
  }
  return predictions;
}

// A choice among the inputs (the extent of resection): its caveat whenever it is known, since
// every estimate then depends on it; and what averaging the unknown inputs assumes.
void choice_warnings(const PredictionModelDefinition& model, PredictionResult& result) {
  for (const auto& input : model.inputs) {
    if (!input.comparison_warning.empty() && result.profile.at(input.name).known) {
      result.warnings.push_back({"confounded_comparison", input.comparison_warning, input.name});
    }
  }
  if (!result.averaged_inputs.empty()) {
    result.warnings.push_back(
        {"averaged_over_mix",
         "The estimates average the patients' curves over the cohort mix of the unknown inputs "
         "(published shares where published, assumed shares otherwise, every assumed share "
         "spanned by the model range); the inputs are taken as independent.",
         ""});
  }
}

}  // namespace

IntervalType modelled_interval(const ProbabilityEstimate& value) {
  return std::isnan(value.lower) || std::isnan(value.upper) ? IntervalType::none
                                                            : IntervalType::model_range;
}

IntervalType published_interval(const ModelAnchor& anchor) {
  return std::isnan(anchor.lower) || std::isnan(anchor.upper) ? IntervalType::none
                                                              : IntervalType::published_95_ci;
}

std::vector<double> default_time_grid(double max_time, double condition_time, int steps) {
  std::vector<double> grid{condition_time};
  for (int k = 0; k <= steps; ++k) {
    const double t = max_time * k / static_cast<double>(steps);
    if (t > condition_time) grid.push_back(t);
  }
  return grid;
}

std::vector<double> estimate_horizons(double max_time, double condition_time) {
  std::vector<double> horizons;
  for (double t : {1.0, 3.0, 5.0, 10.0}) {
    if (t > condition_time && t <= max_time) horizons.push_back(t);
  }
  return horizons;
}

PredictionResult predict(const PredictionModelDefinition& model, const PatientProfile& profile,
                         double condition_time, const std::vector<double>& times) {
  PredictionResult result;
  if (!model.outcome.time_origin_stated) {
    result.warnings.push_back({"time_origin_assumed", model.outcome.time_origin_note, ""});
  }
  result.profile = complete_profile(model, profile);
  profile_warnings(model, result.profile, result.warnings);
  const Horizon horizon = make_horizon(model, condition_time, times, result.warnings);
  result.condition_time = horizon.condition_time;
  if (model.effect_structure == EffectStructure::marginal_groups) {
    result.predictions = marginal_predictions(model, result.profile, horizon, result.warnings);
  } else if (model.effect_structure == EffectStructure::cure_regression) {
    result.predictions.push_back(
        cure_regression_prediction(model, result.profile, horizon.condition_time, horizon.grid,
                                   horizon.landmarks, result.warnings, result.averaged_inputs));
    choice_warnings(model, result);
  } else {
    result.predictions.push_back(linear_prediction(model, horizon, result));
  }
  return result;
}

}  // namespace nelm
