// See cox_result_json.h. An infinite coefficient (monotone likelihood) is never shown as a
// number: its estimate-derived fields are null and the response carries a warning naming it.
#include "cox_result_json.h"

#include <cmath>

#include "api_error.h"
#include "covariate_reader.h"
#include "json_output.h"
#include "regression/cox_prediction.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

json per_term(const CoxFit& fit, const std::vector<double>& values) {
  json object = json::object();
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    const bool usable = j >= fit.infinite.size() || !fit.infinite[j];
    object[fit.terms[j]] = usable ? number_or_null(values[j]) : json(nullptr);
  }
  return object;
}

json test_json(const CoxTest& test) {
  return {{"statistic", number_or_null(test.statistic)},
          {"df", test.df},
          {"p", number_or_null(test.p)}};
}

}  // namespace

json predicted_curve_json(const CoxPredictedCurve& curve, const std::vector<double>& times) {
  const QuantileEstimate median = cox_survival_quantile(curve, 0.5);
  json result = {{"table",
                  {{"time", numbers_or_null(curve.time)},
                   {"n_risk", numbers_or_null(curve.n_risk)},
                   {"n_event", numbers_or_null(curve.n_event)},
                   {"n_censor", numbers_or_null(curve.n_censor)},
                   {"surv", numbers_or_null(curve.surv)},
                   {"std_err_log", numbers_or_null(curve.std_err_log)},
                   {"lower", numbers_or_null(curve.lower)},
                   {"upper", numbers_or_null(curve.upper)},
                   {"cumhaz", numbers_or_null(curve.cumhaz)}}},
                 {"median",
                  {{"estimate", number_or_null(median.estimate)},
                   {"lower", number_or_null(median.lower)},
                   {"upper", number_or_null(median.upper)}}}};
  if (!times.empty()) {
    const CoxSurvivalAtTimes at = cox_survival_at_times(curve, times);
    result["landmarks"] = {
        {"time", numbers_or_null(at.time)},       {"surv", numbers_or_null(at.surv)},
        {"std_err", numbers_or_null(at.std_err)}, {"lower", numbers_or_null(at.lower)},
        {"upper", numbers_or_null(at.upper)},     {"cumhaz", numbers_or_null(at.cumhaz)}};
  }
  return result;
}

const Matrix& prediction_variance(const CoxFit& fit) {
  return fit.has_robust ? fit.robust_variance : fit.variance;
}

bool prediction_withheld(const CoxFit& fit, Warnings& warnings) {
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    if (j < fit.infinite.size() && fit.infinite[j]) {
      warnings.push_back({"prediction_unreliable",
                          "no predicted curve: the coefficient of \"" + fit.terms[j] +
                              "\" is infinite, so any curve for this profile would be meaningless",
                          fit.terms[j]});
      return true;
    }
  }
  return false;
}

json cox_fit_json(const CoxFit& fit, bool clustered_by_id) {
  const char* ties = fit.ties == TiesMethod::breslow ? "breslow"
                     : fit.ties == TiesMethod::exact ? "exact"
                                                     : "efron";
  json result = {{"ties", ties},
                 {"surv_type", fit.counting_process ? "counting" : "right"},
                 {"n", fit.n},
                 {"nevent", fit.n_events},
                 {"terms", string_list(fit.terms)},
                 {"coef", per_term(fit, fit.coef)},
                 {"se", per_term(fit, fit.se)},
                 {"z", per_term(fit, fit.z)},
                 {"p", per_term(fit, fit.p)},
                 {"hr", per_term(fit, fit.hr)},
                 {"hr_lower", per_term(fit, fit.hr_lower)},
                 {"hr_upper", per_term(fit, fit.hr_upper)},
                 {"infinite", json::object()},
                 {"var", matrix_json(fit.variance)},
                 {"means", per_term(fit, fit.means)},
                 {"loglik", number_or_null(fit.loglik)},
                 {"loglik_null", number_or_null(fit.loglik_null)},
                 {"lr_test", test_json(fit.likelihood_ratio_test)},
                 {"wald_test", test_json(fit.wald_test)},
                 {"score_test", test_json(fit.score_test)},
                 {"iterations", fit.iterations},
                 {"converged", fit.converged}};
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    result["infinite"][fit.terms[j]] = j < fit.infinite.size() && fit.infinite[j];
  }
  if (fit.has_robust) {
    result["robust"] = {{"se", per_term(fit, fit.robust_se)},
                        {"var", matrix_json(fit.robust_variance)},
                        {"hr_lower", per_term(fit, fit.robust_hr_lower)},
                        {"hr_upper", per_term(fit, fit.robust_hr_upper)},
                        {"wald_test", test_json(fit.robust_wald_test)},
                        {"robust_score_test", test_json(fit.robust_score_test)},
                        {"cluster_by", clustered_by_id ? "id" : "row"},
                        {"clusters", fit.robust_clusters}};
  }
  return result;
}

json concordance_json(const Concordance& concordance) {
  return {{"concordance", number_or_null(concordance.concordance)},
          {"std", number_or_null(concordance.std_err)},
          {"concordant", concordance.concordant},
          {"discordant", concordance.discordant},
          {"tied_x", concordance.tied_x},
          {"tied_y", concordance.tied_y},
          {"tied_xy", concordance.tied_xy}};
}

json ph_test_json(const ProportionalHazardsTest& test, const std::string& transform) {
  return {{"transform", transform},
          {"rows", string_list(test.rows)},
          {"chisq", numbers_or_null(test.chi_square)},
          {"df", numbers_or_null(test.df)},
          {"p", numbers_or_null(test.p)},
          {"global_chisq", number_or_null(test.global_chi_square)},
          {"global_df", number_or_null(test.global_df)},
          {"global_p", number_or_null(test.global_p)}};
}

json cox_prediction_json(const json& request, const CoxData& data, const CoxFit& fit,
                         const std::vector<CovariateCoding>& coding,
                         const std::vector<std::string>& stratum_labels, Warnings& warnings) {
  const std::vector<double> profile = read_design_profile(request, coding);
  // A profile far outside the data (x = 1e300) makes the relative risk exp((x - mean)' beta)
  // overflow: the cumulative hazard would be infinite and print as null (request_mutation_fuzzer).
  double centred_eta = 0.0;
  for (std::size_t j = 0; j < profile.size() && j < fit.coef.size(); ++j) {
    centred_eta += (profile[j] - fit.means[j]) * fit.coef[j];
  }
  if (!(std::fabs(centred_eta) < 700.0)) {
    throw ApiError("invalid_value",
                   "the profile lies so far from the data that its relative risk exp(x'beta) is "
                   "beyond the double range; check the profile's values and units",
                   "/profile");
  }
  // A curve built on an infinite coefficient is not a prediction: withhold it and say why.
  if (prediction_withheld(fit, warnings)) return nullptr;
  const ConfidenceTransform transform = read_conf_type(request, "");
  const double level = read_conf_level(request, "");
  const std::vector<double> times = read_time_list(request, "times", "");
  // The curves first (at most one row per data row in all), then the response's size, then JSON.
  std::vector<CoxPredictedCurve> predicted;
  const std::size_t strata_count = data.strata.empty() ? 1 : stratum_labels.size();
  double numbers = 0.0;
  for (std::size_t stratum = 0; stratum < strata_count; ++stratum) {
    predicted.push_back(data.strata.empty()
                            ? cox_predicted_survival(data, fit.ties, fit.coef,
                                                     prediction_variance(fit), profile, transform,
                                                     level)
                            : cox_predicted_survival_in_stratum(data, stratum, fit.ties, fit.coef,
                                                                prediction_variance(fit), profile,
                                                                transform, level));
    numbers += 9.0 * static_cast<double>(predicted.back().time.size()) +
               6.0 * static_cast<double>(times.size()) + 6.0;
  }
  limits::check_response_numbers(numbers,
                                 "the predicted curves have 9 numbers per distinct time; round the "
                                 "times (for example to days), or use fewer strata or times",
                                 "/profile");
  json curves = json::array();
  double linear_predictor = 0.0;
  for (std::size_t stratum = 0; stratum < strata_count; ++stratum) {
    const CoxPredictedCurve& curve = predicted[stratum];
    linear_predictor = curve.linear_predictor;
    json entry = {{"stratum", data.strata.empty() ? json(nullptr) : json(stratum_labels[stratum])}};
    entry.update(predicted_curve_json(curve, times));
    curves.push_back(std::move(entry));
  }
  json result = {{"lp", number_or_null(linear_predictor)}, {"curves", std::move(curves)}};
  return result;
}

}  // namespace nelm::api
