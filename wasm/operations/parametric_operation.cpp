// op "parametric": survreg-style AFT fits (exponential, Weibull, log-normal, log-logistic) with
// covariates, or the Weibull mixture-cure model on individual data (dist "weibull_cure").
#include <cmath>

#include "api_error.h"
#include "curve_json.h"
#include "json_output.h"
#include "operations.h"
#include "parametric/cure_model.h"
#include "parametric/parametric_model.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

ParametricFamily family_from(const std::string& name) {
  if (name == "exponential") return ParametricFamily::exponential;
  if (name == "lognormal") return ParametricFamily::lognormal;
  if (name == "loglogistic") return ParametricFamily::loglogistic;
  return ParametricFamily::weibull;
}

json per_name(const std::vector<std::string>& names, const std::vector<double>& values) {
  json object = json::object();
  for (std::size_t j = 0; j < names.size(); ++j) object[names[j]] = number_or_null(values[j]);
  return object;
}

// exp(x'b + sigma w_p) beyond the double range (a profile of 1e300, or times near 1e300 with a
// wide scale) would print the predicted times as null (found by the fuzzers): refuse instead.
void refuse_overflowing_prediction(const ParametricPrediction& prediction, bool has_profile) {
  bool finite = std::isfinite(prediction.linear_predictor);
  for (const auto* values :
       {&prediction.quantile_time, &prediction.quantile_se, &prediction.surv}) {
    for (double value : *values) finite = finite && std::isfinite(value);
  }
  if (finite) return;
  throw ApiError("invalid_value",
                 "the predicted survival times lie beyond the double range; check the profile's "
                 "values and the units of time",
                 has_profile ? "/profile" : "/data/time");
}

json survreg_json(const json& request, const Cohort& cohort, ParametricFamily family,
                  Warnings& warnings) {
  ParametricOptions options;
  options.family = family;
  options.conf_level = read_conf_level(request, "");
  ParametricData data{cohort.survival, cohort.covariate_names, cohort.covariates};
  const ParametricFit fit = parametric_fit(data, options);
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());
  json result = {{"terms", string_list(fit.terms)},
                 {"coef", per_name(fit.terms, fit.coef)},
                 {"se", per_name(fit.terms, fit.se)},
                 {"scale", number_or_null(fit.scale)},
                 {"log_scale", number_or_null(fit.log_scale)},
                 {"log_scale_se", number_or_null(fit.log_scale_se)},
                 {"var_names", string_list(fit.variance_names)},
                 {"var", matrix_json(fit.variance)},
                 {"loglik", number_or_null(fit.loglik)},
                 {"loglik_null", number_or_null(fit.loglik_null)},
                 {"lr_test",
                  {{"statistic", number_or_null(fit.likelihood_ratio_test.statistic)},
                   {"df", fit.likelihood_ratio_test.df},
                   {"p", number_or_null(fit.likelihood_ratio_test.p)}}},
                 {"iterations", fit.iterations},
                 {"converged", fit.converged},
                 {"n", fit.n},
                 {"nevent", fit.n_events}};
  if (family == ParametricFamily::weibull || family == ParametricFamily::exponential) {
    const std::vector<std::string> covariates(fit.terms.begin() + 1, fit.terms.end());
    for (std::size_t j = 0; j < covariates.size(); ++j) {
      if (!std::isfinite(fit.weibull_ph.hr[j])) {
        throw ApiError("fit_out_of_range",
                       "the hazard ratio of \"" + covariates[j] +
                           "\" is beyond the range of numbers (the covariate may separate the "
                           "outcomes, or needs rescaling)",
                       child_path("/data/covariates", covariates[j]));
      }
    }
    result["weibull_ph"] = {{"shape", number_or_null(fit.weibull_ph.shape)},
                            {"log_hr", per_name(covariates, fit.weibull_ph.log_hr)},
                            {"hr", per_name(covariates, fit.weibull_ph.hr)}};
  }
  if (request.contains("profile") || cohort.covariate_names.empty()) {
    const std::vector<double> profile = read_profile(request, cohort.covariate_names);
    const auto probabilities = read_probability_list(request, "quantiles", "", {0.25, 0.5, 0.75});
    const ParametricPrediction prediction =
        parametric_predict(fit, profile, probabilities, read_time_list(request, "times", ""));
    refuse_overflowing_prediction(prediction, request.contains("profile"));
    result["predict"] = {
        {"lp", number_or_null(prediction.linear_predictor)},
        {"quantile_probs", numbers_or_null(prediction.quantile_probability)},
        {"quantile_time", numbers_or_null(prediction.quantile_time)},
        {"quantile_se", numbers_or_null(prediction.quantile_se)},
        {"landmarks",
         {{"time", numbers_or_null(prediction.time)}, {"surv", numbers_or_null(prediction.surv)}}}};
  }
  return result;
}

json cure_json(const json& request, const Cohort& cohort, Warnings& warnings) {
  if (!cohort.covariate_names.empty()) {
    throw ApiError("unsupported_option", "the cure model is fitted without covariates",
                   "/data/covariates");
  }
  const CureFit fit = cure_model_fit(cohort.survival);
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());
  json result = curve_parameters_json(fit.curve);
  result["var_names"] = string_list(curve_parameter_names(fit.curve.family));
  result["var"] = matrix_json(fit.variance);
  result["loglik"] = number_or_null(fit.loglik);
  result["iterations"] = fit.iterations;
  result["converged"] = fit.converged;
  result["n"] = fit.n;
  result["nevent"] = fit.n_events;
  add_curve_evaluations(request, fit.curve, fit.variance, result);
  return result;
}

}  // namespace

json run_parametric(const json& request, Warnings& warnings) {
  reject_unknown_members(
      request, "",
      {"op", "data", "dist", "conf_level", "profile", "quantiles", "times", "conditional"});
  const std::string dist =
      read_choice(request, "dist", "", "weibull",
                  {"weibull", "exponential", "lognormal", "loglogistic", "weibull_cure"});
  CohortSpec spec;
  spec.allow_weight = spec.allow_covariates = true;
  const Cohort cohort = read_cohort(request, spec, warnings);
  const double parameters = static_cast<double>(cohort.covariates.size()) + 2.0;
  limits::check_work(static_cast<double>(cohort.survival.size()) * parameters * parameters,
                     "rows x covariates^2", "/data/covariates");
  if (dist == "weibull_cure") {
    limits::check_work(static_cast<double>(cohort.survival.size()) * limits::kCureFitPassesPerRow,
                       "rows x 1,000 (the cure fit reads every row about 1,000 times); give "
                       "identical (time, event) rows once with their count as \"weight\"",
                       "/data/time");
  }
  for (std::size_t i = 0; i < cohort.survival.size(); ++i) {
    if (cohort.survival.time[i] <= 0.0) {
      throw ApiError("invalid_time", "parametric models need times > 0 (log time is modelled)",
                     child_path("/data/time", cohort.source_row_of(i)));
    }
  }
  // Options one model family cannot honour are refused, never silently ignored.
  const char* unsupported = dist == "weibull_cure"
                                ? (request.contains("profile")     ? "profile"
                                   : request.contains("quantiles") ? "quantiles"
                                                                   : nullptr)
                                : (request.contains("conditional") ? "conditional" : nullptr);
  if (unsupported) {
    throw ApiError(
        "unsupported_option",
        std::string("\"") + unsupported + "\" is not available with dist \"" + dist + "\"",
        child_path("", unsupported));
  }
  json result = dist == "weibull_cure" ? cure_json(request, cohort, warnings)
                                       : survreg_json(request, cohort, family_from(dist), warnings);
  result["dist"] = dist;
  return result;
}

}  // namespace nelm::api
