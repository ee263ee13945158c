// Ops for model files and for building them from published evidence: "load_model" (validate and
// keep a model in the module), "validate_model", "model_checksum", "landmark_uncertainty" (a
// landmark fit with a pseudo-Greenwood covariance), "log_hr_through_points" (proportional-hazards
// shifts of a curve through published points) and "wald_std_err" (the SE of a log hazard ratio
// implied by its published two-sided p-value). The arithmetic is the core's (core/prediction).
#include <cmath>

#include "api_error.h"
#include "json_output.h"
#include "model_baseline_reader.h"
#include "model_description_json.h"
#include "model_json_fields.h"
#include "model_reader.h"
#include "model_registry.h"
#include "operations.h"
#include "parametric/landmark_uncertainty.h"
#include "prediction/prediction_model.h"

namespace nelm::api {
namespace {

const json& model_member(const json& request) {
  if (!request.contains("model")) {
    throw ApiError("missing_field", "give the whole model file as \"model\"", "/model");
  }
  return request["model"];
}

// Published landmark points without CIs: [{"time": t, "survival": S, "label"?}].
std::vector<LandmarkPoint> read_plain_points(const json& request) {
  const json& points = required_array(request, "points", "", true);
  std::vector<LandmarkPoint> result;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string at = child_path("/points", i);
    if (!points[i].is_object()) throw ApiError("invalid_type", "a point must be an object", at);
    reject_unknown_members(points[i], at, {"time", "survival", "label"});
    const double time = required_finite(points[i], "time", at);
    const double survival = required_finite(points[i], "survival", at);
    if (!(time > 0.0)) throw ApiError("invalid_value", "time must be > 0", child_path(at, "time"));
    if (!(survival > 0.0 && survival < 1.0)) {
      throw ApiError("invalid_value", "survival must lie strictly between 0 and 1",
                     child_path(at, "survival"));
    }
    result.push_back({time, survival});
  }
  return result;
}

}  // namespace

json run_load_model(const json& request, Warnings&) {
  reject_unknown_members(request, "", {"op", "model"});
  const auto kept = keep_model(read_model(model_member(request), "/model", true));
  return model_description_json(*kept);
}

json run_validate_model(const json& request, Warnings&) {
  reject_unknown_members(request, "", {"op", "model"});
  const PredictionModelDefinition model = read_model(model_member(request), "/model", true);
  return {{"valid", true},
          {"id", model.id},
          {"version", model.version},
          {"checksum", model.checksum},
          {"computed_checksum", model_checksum(request["model"])}};
}

json run_model_checksum(const json& request, Warnings&) {
  reject_unknown_members(request, "", {"op", "model"});
  const PredictionModelDefinition model = read_model(model_member(request), "/model", false);
  return {
      {"id", model.id}, {"version", model.version}, {"checksum", model_checksum(request["model"])}};
}

json run_landmark_uncertainty(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "", {"op", "family", "points", "cohort"});
  const std::string family =
      read_choice(request, "family", "", "weibull_cure",
                  {"exponential", "weibull", "lognormal", "loglogistic", "weibull_cure"});
  const std::vector<LandmarkPoint> points = read_plain_points(request);
  const json& cohort_json = required_object(request, "cohort", "");
  reject_unknown_members(cohort_json, "/cohort", {"n", "events", "censoring_free_until"});
  const PublishedCohort cohort{required_finite(cohort_json, "n", "/cohort"),
                               required_finite(cohort_json, "events", "/cohort"),
                               read_number(cohort_json, "censoring_free_until", "/cohort", 0.0)};
  const LandmarkFit fit = fit_landmarks(points, *curve_family_from_name(family));
  const LandmarkUncertainty uncertainty = landmark_fit_uncertainty(points, fit, cohort);
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());
  warnings.insert(warnings.end(), uncertainty.warnings.begin(), uncertainty.warnings.end());
  json result = {{"family", family},
                 {"location", fit.curve.location},
                 {"scale", fit.curve.scale},
                 {"cure_fraction", number_or_null(fit.curve.cure_fraction)},
                 {"covariance",
                  {{"names", string_list(curve_parameter_names(fit.curve.family))},
                   {"matrix", matrix_json(uncertainty.covariance)}}},
                 {"censoring_rate", uncertainty.censoring_rate},
                 {"expected_events", uncertainty.expected_events}};
  json table = {{"time", json::array()},
                {"published", json::array()},
                {"fitted", json::array()},
                {"residual", json::array()},
                {"at_risk", numbers_or_null(uncertainty.at_risk)},
                {"std_err", numbers_or_null(uncertainty.std_err)},
                {"fitted_std_err", numbers_or_null(uncertainty.fitted_std_err)}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    table["time"].push_back(points[i].time);
    table["published"].push_back(points[i].survival);
    table["fitted"].push_back(fit.fitted[i]);
    table["residual"].push_back(fit.residual[i]);
  }
  result["points"] = std::move(table);
  return result;
}

json run_log_hr_through_points(const json& request, Warnings&) {
  reject_unknown_members(request, "", {"op", "baseline", "time", "targets"});
  const PredictionBaseline baseline = read_model_baseline(request, "");
  const double time = required_finite(request, "time", "");
  const std::vector<double> targets = number_list(request, "targets", "");
  json log_hr = json::array();
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (!(targets[i] > 0.0 && targets[i] < 1.0)) {
      throw ApiError("invalid_value", "targets must lie strictly between 0 and 1",
                     child_path("/targets", i));
    }
    log_hr.push_back(log_hazard_ratio_through(baseline, time, targets[i]));
  }
  return {{"time", time},
          {"baseline_survival", std::exp(-baseline_cumulative_hazard(baseline, time))},
          {"log_hr", std::move(log_hr)}};
}

json run_wald_std_err(const json& request, Warnings&) {
  reject_unknown_members(request, "", {"op", "hr", "p"});
  const std::vector<double> hazard_ratios = number_list(request, "hr", "");
  const std::vector<double> p_values = number_list(request, "p", "");
  if (p_values.size() != hazard_ratios.size()) {
    throw ApiError("length_mismatch", "give one p-value per hazard ratio", "/p");
  }
  json log_hr = json::array(), std_err = json::array();
  for (std::size_t i = 0; i < hazard_ratios.size(); ++i) {
    if (!(hazard_ratios[i] > 0.0) || hazard_ratios[i] == 1.0) {
      throw ApiError("invalid_value", "a hazard ratio must be > 0 and differ from 1",
                     child_path("/hr", i));
    }
    if (!(p_values[i] > 0.0 && p_values[i] < 1.0)) {
      throw ApiError("invalid_value", "a p-value must lie strictly between 0 and 1",
                     child_path("/p", i));
    }
    log_hr.push_back(std::log(hazard_ratios[i]));
    std_err.push_back(wald_std_err(hazard_ratios[i], p_values[i]));
  }
  return {{"log_hr", std::move(log_hr)}, {"std_err", std::move(std_err)}};
}

}  // namespace nelm::api
