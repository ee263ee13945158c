// op "fit_landmarks": a parametric or cure curve fitted to published landmark points (time,
// survival, optional CI), with the residual at every point.
#include <cmath>
#include <limits>

#include "api_error.h"
#include "curve_json.h"
#include "json_output.h"
#include "operations.h"
#include "parametric/landmark_fit.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

std::vector<LandmarkPoint> read_points(const json& request) {
  if (!request.contains("points")) {
    throw ApiError("missing_field",
                   "give \"points\": [{\"time\": t, \"survival\": S, \"lower\": L, \"upper\": U}]",
                   "/points");
  }
  const json& points = request["points"];
  if (!points.is_array() || points.empty()) {
    throw ApiError("invalid_type", "\"points\" must be a non-empty array of landmark points",
                   "/points");
  }
  limits::check_count(points.size(), limits::kMaxListLength, "points", "/points");
  std::vector<LandmarkPoint> result;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string path = child_path("/points", i);
    const json& point = points[i];
    if (!point.is_object()) throw ApiError("invalid_type", "a point must be an object", path);
    reject_unknown_members(point, path, {"time", "survival", "lower", "upper", "label"});
    for (const char* field : {"time", "survival"}) {
      if (!point.contains(field)) {
        throw ApiError("missing_field", std::string("a point needs \"") + field + "\"",
                       child_path(path, field));
      }
    }
    LandmarkPoint parsed;
    parsed.time = read_positive_number(point, "time", path, 1.0);
    parsed.survival = read_number(point, "survival", path, 0.5);
    if (!(parsed.survival > 0.0 && parsed.survival < 1.0)) {
      throw ApiError("invalid_value", "survival must be a probability strictly between 0 and 1",
                     child_path(path, "survival"));
    }
    const bool has_lower = point.contains("lower");
    if (has_lower != point.contains("upper")) {
      throw ApiError("missing_field", "give both \"lower\" and \"upper\", or neither",
                     child_path(path, has_lower ? "upper" : "lower"));
    }
    if (has_lower) {
      parsed.lower = read_number(point, "lower", path, 0.0);
      parsed.upper = read_number(point, "upper", path, 1.0);
      if (!(parsed.lower >= 0.0 && parsed.lower < parsed.survival &&
            parsed.survival < parsed.upper && parsed.upper <= 1.0)) {
        throw ApiError("invalid_value",
                       "the interval must satisfy 0 <= lower < survival < upper <= 1", path);
      }
    }
    result.push_back(parsed);
  }
  return result;
}

}  // namespace

json run_fit_landmarks(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "",
                         {"op", "family", "points", "conf_level", "times", "conditional"});
  const std::string family_name =
      read_choice(request, "family", "", "weibull_cure",
                  {"exponential", "weibull", "lognormal", "loglogistic", "weibull_cure"});
  const std::vector<LandmarkPoint> points = read_points(request);
  const LandmarkFit fit =
      fit_landmarks(points, *curve_family_from_name(family_name), read_conf_level(request, ""));
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());
  // Points at times near 1e308 can fit a curve whose time scale exp(location) overflows: that
  // would be reported as null, so refuse instead (hostile_numbers_fuzzer).
  if (!std::isfinite(std::exp(fit.curve.location)) || !std::isfinite(fit.curve.scale)) {
    throw ApiError("invalid_value",
                   "the points imply a curve whose time scale is beyond the double range; express "
                   "the times in a larger unit",
                   "/points");
  }
  json result = curve_parameters_json(fit.curve);
  json table = {{"time", json::array()},
                {"published", json::array()},
                {"fitted", json::array()},
                {"residual", json::array()},
                {"weight", json::array()}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    table["time"].push_back(points[i].time);
    table["published"].push_back(points[i].survival);
    table["fitted"].push_back(number_or_null(fit.fitted[i]));
    table["residual"].push_back(number_or_null(fit.residual[i]));
    table["weight"].push_back(number_or_null(fit.weight[i]));
  }
  result["points"] = std::move(table);
  result["max_abs_residual"] = number_or_null(fit.max_abs_residual);
  result["weighted_sse"] = number_or_null(fit.weighted_sse);
  result["converged"] = fit.converged;
  add_curve_evaluations(request, fit.curve, Matrix(), result);
  return result;
}

}  // namespace nelm::api
