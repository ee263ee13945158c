// op "predict": a model file + a patient profile (+ a conditioning time) -> curve with band,
// estimates at 1, 3, 5 and 10 years, cure probabilities, the published anchors, and warnings.
// Every number carries "status": "published" (as in the source) or "modelled".
#include <cmath>

#include "api_error.h"
#include "json_output.h"
#include "model_reader.h"
#include "operations.h"
#include "predict_profile.h"

namespace nelm::api {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

struct Horizon {
  double condition_time;        // 0 when not conditioning
  std::vector<double> grid;     // curve times
  std::vector<double> landmarks;  // estimate times
};

Horizon read_horizon(const json& request, const PredictionModelDefinition& model,
                     Warnings& warnings) {
  Horizon horizon{read_number(request, "condition_time", "", 0.0), {}, {}};
  if (horizon.condition_time < 0.0 || horizon.condition_time >= model.max_time) {
    throw ApiError("invalid_value",
                   "condition_time must be >= 0 and below the model's limit of " +
                       json(model.max_time).dump() + " " + model.time_unit,
                   "/condition_time");
  }
  horizon.grid = read_time_list(request, "times", "");
  if (request.contains("times") && horizon.grid.empty()) {
    throw ApiError("invalid_value", "times must not be empty", "/times");
  }
  if (horizon.grid.empty()) {
    for (int k = 0; k <= 100; ++k) {
      const double t = model.max_time * k / 100.0;
      if (t >= horizon.condition_time) horizon.grid.push_back(t);
    }
  }
  for (double t : horizon.grid) {
    if (t > model.max_time) {
      warnings.push_back({"extrapolation_beyond_max_time",
                          "Times beyond " + json(model.max_time).dump() + " " + model.time_unit +
                              " were asked for: the evidence says nothing beyond that, so no "
                              "estimate is given there (null).",
                          ""});
      break;
    }
  }
  for (double t : {1.0, 3.0, 5.0, 10.0}) {
    if (t > horizon.condition_time && t <= model.max_time) horizon.landmarks.push_back(t);
  }
  return horizon;
}

// The curve's band: from the delta method (linear predictor) or from the published CI mapped
// through the shape (marginal groups: lower uses the upper log-HR bound).
struct GroupCurve {
  LinearPredictor predictor;
  bool mapped_interval = false;
  double lower_log_hr = 0.0, upper_log_hr = 0.0;
};

json probability_json(const ProbabilityEstimate& value, const char* status) {
  return {{"estimate", number_or_null(value.estimate)}, {"lower", number_or_null(value.lower)},
          {"upper", number_or_null(value.upper)}, {"status", status}};
}

ProbabilityEstimate evaluate(const PredictionModelDefinition& model, const GroupCurve& group,
                             double start, double end) {
  ProbabilityEstimate value = predicted_probability(model.baseline, group.predictor, start, end);
  if (group.mapped_interval) {
    value.lower = predicted_probability(model.baseline, {group.upper_log_hr, 0.0}, start, end).estimate;
    value.upper = predicted_probability(model.baseline, {group.lower_log_hr, 0.0}, start, end).estimate;
  }
  return value;
}

json curve_json(const PredictionModelDefinition& model, const GroupCurve& group,
                const Horizon& horizon, const std::string& band) {
  json curve = {{"time", json::array()}, {"survival", json::array()}, {"lower", json::array()},
                {"upper", json::array()}, {"status", "modelled"}, {"band", band}};
  for (double t : horizon.grid) {
    const bool defined = t >= horizon.condition_time && t <= model.max_time;
    const ProbabilityEstimate value =
        defined ? evaluate(model, group, horizon.condition_time, t)
                : ProbabilityEstimate{NAN, NAN, NAN, NAN};
    curve["time"].push_back(t);
    curve["survival"].push_back(number_or_null(value.estimate));
    curve["lower"].push_back(number_or_null(value.lower));
    curve["upper"].push_back(number_or_null(value.upper));
  }
  return curve;
}

json estimates_json(const PredictionModelDefinition& model, const GroupCurve& group,
                    const Horizon& horizon) {
  json estimates = json::array();
  for (double t : horizon.landmarks) {
    json item = probability_json(evaluate(model, group, horizon.condition_time, t), "modelled");
    item["time"] = t;
    estimates.push_back(std::move(item));
  }
  return estimates;
}

json anchors_json(const PredictionModelDefinition& model, const std::string& input,
                  const std::string& level) {
  json anchors = json::array();
  for (const auto& anchor : model.anchors) {
    if (anchor.input != input || anchor.level != level) continue;
    anchors.push_back({{"label", anchor.label}, {"quantity", anchor.quantity},
                       {"time", number_or_null(anchor.time)},
                       {"estimate", anchor.estimate}, {"lower", number_or_null(anchor.lower)},
                       {"upper", number_or_null(anchor.upper)}, {"status", "published"},
                       {"source", anchor.source}, {"citation", anchor.citation},
                       {"applies_to", input.empty() ? "the whole development cohort"
                                                    : input + " = " + level}});
  }
  return anchors;
}

json median_json(const PredictionModelDefinition& model, const GroupCurve& group,
                 const Horizon& horizon) {
  const double median = predicted_median(model.baseline, group.predictor, horizon.condition_time,
                                         model.max_time);
  return {{"estimate", number_or_null(median)}, {"status", "modelled"},
          {"note", std::isnan(median) ? "the curve stays above 1/2 up to the model's limit"
                                      : "time at which the modelled curve crosses 1/2"}};
}

json cure_json(const PredictionModelDefinition& model, const GroupCurve& group,
               const Horizon& horizon, bool personalised, Warnings& warnings) {
  if (!model.baseline.parametric || model.baseline.curve.family != CurveFamily::weibull_cure) {
    return nullptr;
  }
  if (personalised && !model.cure_for_profiles) {
    warnings.push_back({"cure_not_personalised", model.personalised_cure_statement, ""});
    return {{"fraction", nullptr}, {"given_condition", nullptr},
            {"statement", model.personalised_cure_statement}};
  }
  json cure = {{"fraction", probability_json(evaluate(model, group, 0.0, infinity), "modelled")},
               {"given_condition", nullptr}, {"statement", nullptr}};
  if (horizon.condition_time > 0.0) {
    cure["given_condition"] =
        probability_json(evaluate(model, group, horizon.condition_time, infinity), "modelled");
    cure["given_condition"]["time"] = horizon.condition_time;
  }
  return cure;
}

json linear_prediction(const PredictionModelDefinition& model, const Profile& profile,
                       const Horizon& horizon, Warnings& warnings, json& result) {
  const GroupCurve group{profile_linear_predictor(model, profile)};
  result["linear_predictor"] = {{"value", group.predictor.value},
                                {"std_err", std::sqrt(group.predictor.variance)},
                                {"status", "modelled"}};
  if (profile.any_known && !model.personalisation_note.empty()) {
    warnings.push_back({"approximate_personalisation", model.personalisation_note, ""});
  }
  return {{"label", profile.any_known ? "This profile" : "The whole development cohort"},
          {"group", nullptr},
          {"curve", curve_json(model, group, horizon, "delta method on the log(-log) scale")},
          {"estimates", estimates_json(model, group, horizon)},
          {"median", median_json(model, group, horizon)},
          {"cure", cure_json(model, group, horizon, profile.any_known, warnings)},
          {"anchors", anchors_json(model, "", "")},
          {"statement", nullptr}};
}

json group_prediction(const PredictionModelDefinition& model, const ModelInput& input,
                      const ModelLevel& level, const Horizon& horizon) {
  json prediction = {{"label", input.label + ": " + level.label},
                     {"group", {{"input", input.name}, {"level", level.value},
                                {"label", level.label}}},
                     {"curve", nullptr}, {"estimates", json::array()}, {"median", nullptr},
                     {"cure", nullptr}, {"anchors", anchors_json(model, input.name, level.value)},
                     {"statement", level.statement.empty() ? json(nullptr) : json(level.statement)}};
  for (const auto& effect : model.effects) {
    if (effect.input != input.name || effect.level != level.value) continue;
    GroupCurve group{{effect.log_hazard_ratio, 0.0}, !std::isnan(effect.lower), effect.lower,
                     effect.upper};
    prediction["curve"] = curve_json(model, group, horizon,
                                     group.mapped_interval ? "published CI mapped through the shape"
                                                           : "none");
    prediction["estimates"] = estimates_json(model, group, horizon);
    prediction["median"] = median_json(model, group, horizon);
  }
  return prediction;
}

json marginal_predictions(const PredictionModelDefinition& model, const Profile& profile,
                          const Horizon& horizon, Warnings& warnings) {
  json predictions = json::array();
  int inputs_known = 0;
  for (const auto& input : model.inputs) {
    const std::string& chosen = profile.level.at(input.name);
    inputs_known += chosen != "unknown";
    for (const auto& level : input.levels) {
      if (chosen == "unknown" || chosen == level.value) {
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

}  // namespace

json run_predict(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "", {"op", "model", "profile", "condition_time", "times"});
  if (!request.contains("model")) {
    throw ApiError("missing_field", "give the whole model file as \"model\"", "/model");
  }
  const PredictionModelDefinition model = read_model(request["model"], "/model", true);
  if (!model.time_origin_stated) {
    warnings.push_back({"time_origin_assumed", model.time_origin_note, ""});
  }
  const Profile profile = read_model_profile(request, model, warnings);
  const Horizon horizon = read_horizon(request, model, warnings);
  json result = {{"model", {{"id", model.id}, {"version", model.version},
                            {"title", model.title}, {"kind", model.kind},
                            {"synthetic", request["model"]["synthetic"]},
                            {"checksum", model.checksum}}},
                 {"outcome", request["model"]["outcome"]},
                 {"condition_time",
                  horizon.condition_time > 0.0 ? json(horizon.condition_time) : json(nullptr)},
                 {"profile", profile_json(model, profile)},
                 {"linear_predictor", nullptr}};
  if (model.effect_structure == "marginal_groups") {
    result["predictions"] = marginal_predictions(model, profile, horizon, warnings);
  } else {
    result["predictions"] = json::array({linear_prediction(model, profile, horizon, warnings, result)});
  }
  result["assumptions"] = string_list(model.assumptions);
  result["limitations"] = string_list(model.limitations);
  return result;
}

}  // namespace nelm::api
