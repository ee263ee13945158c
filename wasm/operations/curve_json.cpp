// See curve_json.h.
#include "curve_json.h"

#include <cmath>

#include "api_error.h"
#include "json_output.h"

namespace nelm::api {
namespace {

json estimates_json(const std::vector<ProbabilityEstimate>& estimates) {
  json result = {{"estimate", json::array()},
                 {"std_err", json::array()},
                 {"lower", json::array()},
                 {"upper", json::array()}};
  for (const auto& estimate : estimates) {
    result["estimate"].push_back(number_or_null(estimate.estimate));
    result["std_err"].push_back(number_or_null(estimate.se));
    result["lower"].push_back(number_or_null(estimate.lower));
    result["upper"].push_back(number_or_null(estimate.upper));
  }
  return result;
}

}  // namespace

json curve_parameters_json(const CurveParameters& curve) {
  json result = {{"family", curve_family_name(curve.family)},
                 {"location", number_or_null(curve.location)},
                 {"scale", number_or_null(curve.scale)},
                 {"cure_fraction", number_or_null(curve.cure_fraction)}};
  if (curve.family == CurveFamily::weibull || curve.family == CurveFamily::weibull_cure ||
      curve.family == CurveFamily::exponential) {
    result["weibull_shape"] = number_or_null(1.0 / curve.scale);
    const double weibull_scale = std::exp(curve.location);
    if (!std::isfinite(weibull_scale)) {
      throw ApiError("fit_out_of_range",
                     "the fitted time scale is beyond the range of numbers: these data cannot "
                     "identify the curve",
                     "");
    }
    result["weibull_scale"] = weibull_scale;
  }
  return result;
}

void add_curve_evaluations(const json& request, const CurveParameters& curve,
                           const Matrix& covariance, json& result) {
  const double level = read_conf_level(request, "");
  const std::vector<double> times = read_time_list(request, "times", "");
  if (!times.empty()) {
    std::vector<ProbabilityEstimate> estimates;
    for (double t : times)
      estimates.push_back(curve_survival_estimate(curve, t, covariance, level));
    result["at_times"] = estimates_json(estimates);
    result["at_times"]["time"] = numbers_or_null(times);
  }
  if (!request.contains("conditional")) return;
  const ConditionalRequest conditional = read_conditional(request);
  const double t0 = conditional.time;
  const std::vector<double>& horizons = conditional.horizons;
  std::vector<ProbabilityEstimate> estimates;
  for (double s : horizons)
    estimates.push_back(conditional_survival(curve, t0, s, covariance, level));
  json block = estimates_json(estimates);
  block["time"] = t0;
  block["horizon"] = numbers_or_null(horizons);
  if (curve.family == CurveFamily::weibull_cure) {
    const ProbabilityEstimate cure = cure_probability_given_survival(curve, t0, covariance, level);
    block["cure_probability"] = {{"estimate", number_or_null(cure.estimate)},
                                 {"std_err", number_or_null(cure.se)},
                                 {"lower", number_or_null(cure.lower)},
                                 {"upper", number_or_null(cure.upper)}};
  }
  result["conditional"] = std::move(block);
}

}  // namespace nelm::api
