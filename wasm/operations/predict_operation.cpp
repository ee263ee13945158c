// op "predict": a model (by the handle load_model gave, or the whole file inline) + a patient
// profile (+ a conditioning time, + curve times) -> the core's predict (core/prediction/predict.h)
// as JSON. Every number carries "status": "published" (as in the source) or "modelled", and
// every interval its "interval_type" (published_95_ci, model_range or none; docs/api.md).
#include <cmath>
#include <memory>

#include "api_error.h"
#include "json_output.h"
#include "model_description_json.h"
#include "model_reader.h"
#include "model_registry.h"
#include "operations.h"
#include "prediction/predict.h"
#include "profile_reader.h"

namespace nelm::api {
namespace {

const char* interval_type_name(IntervalType type) {
  switch (type) {
    case IntervalType::published_95_ci:
      return "published_95_ci";
    case IntervalType::model_range:
      return "model_range";
    case IntervalType::none:
      break;
  }
  return "none";
}

json probability_json(const ProbabilityEstimate& value, IntervalType interval_type) {
  return {{"estimate", number_or_null(value.estimate)},
          {"lower", number_or_null(value.lower)},
          {"upper", number_or_null(value.upper)},
          {"status", "modelled"},
          {"interval_type", interval_type_name(interval_type)}};
}

json probability_json(const ProbabilityEstimate& value) {
  return probability_json(value, modelled_interval(value));
}

json curve_json(const PredictedCurve& curve) {
  return {{"time", curve.time},
          {"surv", numbers_or_null(curve.surv)},
          {"lower", numbers_or_null(curve.lower)},
          {"upper", numbers_or_null(curve.upper)},
          {"status", "modelled"},
          {"band", curve.band},
          {"interval_type", interval_type_name(curve.interval_type)}};
}

json estimates_json(const std::vector<PredictedEstimate>& estimates, bool model_range) {
  json result = json::array();
  for (const auto& item : estimates) {
    json estimate = probability_json(item.value, item.interval_type);
    if (model_range) estimate["interval_type"] = "model_range";
    estimate["time"] = item.time;
    result.push_back(std::move(estimate));
  }
  return result;
}

json cure_json(const PredictedCure& cure, double condition_time) {
  json given = nullptr;
  if (cure.given_condition) {
    given = probability_json(*cure.given_condition);
    given["time"] = condition_time;
  }
  return {{"fraction", cure.fraction ? probability_json(*cure.fraction) : json(nullptr)},
          {"given_condition", std::move(given)},
          {"statement", cure.statement.empty() ? json(nullptr) : json(cure.statement)}};
}

json anchors_json(const std::vector<ModelAnchor>& anchors) {
  json result = json::array();
  for (const auto& anchor : anchors) {
    result.push_back({{"label", anchor.label},
                      {"quantity", anchor.quantity},
                      {"time", number_or_null(anchor.time)},
                      {"estimate", anchor.estimate},
                      {"lower", number_or_null(anchor.lower)},
                      {"upper", number_or_null(anchor.upper)},
                      {"status", "published"},
                      {"interval_type", interval_type_name(published_interval(anchor))},
                      {"source", anchor.source},
                      {"citation", anchor.citation},
                      {"applies_to", anchor.input.empty() ? "the whole development cohort"
                                                          : anchor.input + " = " + anchor.level}});
  }
  return result;
}

// A cure-regression number: the model range (envelope over the assumed mixes) and what makes it.
json mix_range_json(const MixRange& range) {
  return {{"estimate", number_or_null(range.estimate)},
          {"lower", number_or_null(range.lower)},
          {"upper", number_or_null(range.upper)},
          {"status", "modelled"},
          {"interval_type", "model_range"},
          {"central_lower", number_or_null(range.central_lower)},
          {"central_upper", number_or_null(range.central_upper)},
          {"lowest_estimate", number_or_null(range.lowest_estimate)},
          {"highest_estimate", number_or_null(range.highest_estimate)}};
}

json personalised_json(const PersonalisedDetail& detail, const PredictionModelDefinition& model) {
  json estimates = json::array();
  for (const auto& range : detail.estimates) estimates.push_back(mix_range_json(range));
  json profile = nullptr;
  if (detail.cure_profile) {
    const CureProfileReference& reference = detail.cure_profile->reference;
    profile = {{"label", reference.label},
               {"published", reference.published},
               {"status", "published"},
               {"interval_type", "none"},  // S4 printed no CI for its cure fractions
               {"source", reference.source},
               {"citation", reference.citation},
               {"transferred", reference.transferred},
               {"transferred_status", "modelled"},
               {"range_covers_transferred", detail.cure_profile->range_covers_transferred},
               {"disagreement", reference.disagreement}};
  }
  const CureRegressionDefinition& definition = *model.cure_regression;
  json scenarios = json::array();
  for (const auto& scenario : definition.scenarios)
    scenarios.push_back({{"label", scenario.label}, {"central", scenario.central}});
  return {
      {"estimates", std::move(estimates)},
      {"cure_fraction", mix_range_json(detail.cure_fraction)},
      {"cure_given_condition",
       detail.cure_given_condition ? mix_range_json(*detail.cure_given_condition) : json(nullptr)},
      {"median", detail.median ? mix_range_json(*detail.median) : json(nullptr)},
      {"cure_profile", std::move(profile)},
      {"published_cure",
       {{"label", definition.source_cure_label},
        {"estimate", definition.source_cure_fraction},
        {"status", "published"},
        {"interval_type", "none"},
        {"source", definition.source_cure_source}}},
      {"cure_definition", definition.cure_definition},
      {"mix_statement", definition.mix_statement},
      {"scenarios", std::move(scenarios)}};
}

json prediction_json(const Prediction& prediction, double condition_time,
                     const PredictionModelDefinition& model) {
  json group = nullptr;
  if (prediction.group) {
    group = {{"input", prediction.group->input},
             {"level", prediction.group->level},
             {"label", prediction.group->label},
             {"n", number_or_null(prediction.group->n)}};
  }
  json median = nullptr;
  if (prediction.median) {
    median = {{"estimate", number_or_null(prediction.median->estimate)},
              {"status", "modelled"},
              {"note", prediction.median->note},
              {"interval_type", interval_type_name(prediction.median->interval_type)}};
  }
  const bool model_range = prediction.personalised.has_value();
  json result = {
      {"label", prediction.label},
      {"group", std::move(group)},
      {"curve", prediction.curve ? curve_json(*prediction.curve) : json(nullptr)},
      {"estimates", estimates_json(prediction.estimates, model_range)},
      {"median", std::move(median)},
      {"cure", prediction.cure ? cure_json(*prediction.cure, condition_time) : json(nullptr)},
      {"anchors", anchors_json(prediction.anchors)},
      {"statement", prediction.statement.empty() ? json(nullptr) : json(prediction.statement)}};
  if (prediction.personalised) {
    result["personalised"] = personalised_json(*prediction.personalised, model);
    // Every band a cure regression builds is a model range, never a 95% CI.
    if (result["curve"].is_object()) result["curve"]["interval_type"] = "model_range";
    for (const char* key : {"fraction", "given_condition"})
      if (result["cure"].is_object() && result["cure"][key].is_object())
        result["cure"][key]["interval_type"] = "model_range";
  }
  return result;
}

// The model named by "model_handle" (kept by load_model) or given whole as "model".
std::shared_ptr<const PredictionModelDefinition> requested_model(const json& request) {
  const bool by_handle = request.contains("model_handle"), inline_model = request.contains("model");
  if (by_handle && inline_model) {
    throw ApiError("invalid_value", "give either \"model_handle\" or \"model\", not both",
                   "/model_handle");
  }
  if (inline_model) {
    return std::make_shared<const PredictionModelDefinition>(
        read_model(request["model"], "/model", true));
  }
  if (!by_handle) {
    throw ApiError("missing_field",
                   "give \"model_handle\" (from load_model) or the whole model file as \"model\"",
                   "/model_handle");
  }
  const json& handle = request["model_handle"];
  if (!handle.is_string()) {
    throw ApiError("invalid_type", "model_handle must be the handle text load_model returned",
                   "/model_handle");
  }
  auto model = find_kept_model(handle.get<std::string>());
  if (!model) {
    throw ApiError("unknown_model_handle",
                   "no model is loaded under this handle: load it with the load_model op first "
                   "(the module keeps the 16 models used most recently)",
                   "/model_handle");
  }
  return model;
}

}  // namespace

json run_predict(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "",
                         {"op", "model", "model_handle", "profile", "condition_time", "times"});
  const auto model = requested_model(request);
  const PatientProfile profile = read_patient_profile(request, *model);
  const double condition_time = read_number(request, "condition_time", "", 0.0);
  const std::vector<double> times = read_time_list(request, "times", "");
  if (request.contains("times") && times.empty()) {
    throw ApiError("invalid_value", "times must not be empty", "/times");
  }
  const PredictionResult prediction = predict(*model, profile, condition_time, times);
  warnings.insert(warnings.end(), prediction.warnings.begin(), prediction.warnings.end());
  json predictions = json::array();
  for (const auto& item : prediction.predictions) {
    predictions.push_back(prediction_json(item, prediction.condition_time, *model));
  }
  json linear = nullptr;
  if (prediction.linear_predictor) {
    linear = {{"value", prediction.linear_predictor->value},
              {"std_err", std::sqrt(prediction.linear_predictor->variance)},
              {"status", "modelled"},
              {"interval_type", "none"}};
  }
  return {{"model", model_identity_json(*model)},
          {"outcome", outcome_json(model->outcome)},
          {"condition_time",
           prediction.condition_time > 0.0 ? json(prediction.condition_time) : json(nullptr)},
          {"profile", profile_json(*model, prediction.profile)},
          {"linear_predictor", std::move(linear)},
          {"averaged_inputs", string_list(prediction.averaged_inputs)},
          {"predictions", std::move(predictions)},
          {"assumptions", string_list(model->assumptions)},
          {"limitations", string_list(model->limitations)}};
}

}  // namespace nelm::api
