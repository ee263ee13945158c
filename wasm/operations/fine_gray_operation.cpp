// op "fine_gray": the Fine-Gray subdistribution hazards model for one cause under competing
// risks (R's finegray() + weighted coxph), with the predicted cumulative incidence of a profile.
// Category covariates are declared in "categorical" and expanded as in the cox op.
#include <algorithm>
#include <cmath>

#include "api_error.h"
#include "covariate_reader.h"
#include "json_output.h"
#include "operations.h"
#include "regression/fine_gray.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

FineGrayOptions read_fine_gray_options(const json& request) {
  FineGrayOptions options;
  options.cause = read_integer(request, "cause", "", 1, 1, static_cast<int>(limits::kMaxCauses));
  options.ties = read_choice(request, "ties", "", "efron", {"efron", "breslow"}) == "breslow"
                     ? TiesMethod::breslow
                     : TiesMethod::efron;
  options.max_iterations = read_integer(request, "max_iterations", "", 20, 1, 1000);
  options.conf_level = read_conf_level(request, "");
  options.robust = read_bool(request, "robust", "", true);
  options.cluster = read_choice(request, "cluster", "", "subject", {"subject", "row"}) == "row"
                        ? FineGrayCluster::row
                        : FineGrayCluster::subject;
  if (request.contains("cluster") && !options.robust) {
    throw ApiError("unsupported_option",
                   "\"cluster\" chooses the sandwich variance, but \"robust\" is false; drop one",
                   "/cluster");
  }
  return options;
}

json per_term(const FineGrayFit& fit, const std::vector<double>& values) {
  json object = json::object();
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    object[fit.terms[j]] = fit.infinite[j] ? json(nullptr) : number_or_null(values[j]);
  }
  return object;
}

json test_json(const CoxTest& test) {
  return {{"statistic", number_or_null(test.statistic)},
          {"df", test.df},
          {"p", number_or_null(test.p)}};
}

json fit_json(const FineGrayFit& fit) {
  json result = {{"cause", fit.cause},
                 {"ties", fit.ties == TiesMethod::breslow ? "breslow" : "efron"},
                 {"n", fit.n},
                 {"nevent", fit.n_events},
                 {"n_competing", fit.n_competing},
                 {"finegray_rows", fit.finegray_rows},
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
                 {"loglik", number_or_null(fit.loglik)},
                 {"loglik_null", number_or_null(fit.loglik_null)},
                 {"lr_test", test_json(fit.likelihood_ratio_test)},
                 {"wald_test", test_json(fit.wald_test)},
                 {"score_test", test_json(fit.score_test)},
                 {"iterations", fit.iterations},
                 {"converged", fit.converged}};
  for (std::size_t j = 0; j < fit.terms.size(); ++j)
    result["infinite"][fit.terms[j]] = fit.infinite[j];
  if (fit.has_robust) {
    result["robust"] = {{"cluster", fit.cluster == FineGrayCluster::row ? "row" : "subject"},
                        {"se", per_term(fit, fit.robust_se)},
                        {"z", per_term(fit, fit.robust_z)},
                        {"p", per_term(fit, fit.robust_p)},
                        {"var", matrix_json(fit.robust_variance)},
                        {"hr_lower", per_term(fit, fit.robust_hr_lower)},
                        {"hr_upper", per_term(fit, fit.robust_hr_upper)},
                        {"wald_test", test_json(fit.robust_wald_test)},
                        {"robust_score_test", test_json(fit.robust_score_test)}};
  } else {
    result["robust"] = nullptr;
  }
  return result;
}

// The predicted incidence, or null with a warning when a coefficient is infinite.
json prediction_json(const json& request, const FineGrayData& data, const FineGrayFit& fit,
                     const std::vector<CovariateCoding>& coding, Warnings& warnings) {
  const std::vector<double> profile = read_design_profile(request, coding);
  double centred = 0.0;
  for (std::size_t j = 0; j < profile.size(); ++j)
    centred += (profile[j] - fit.means[j]) * fit.coef[j];
  if (!(std::fabs(centred) < 700.0)) {
    throw ApiError("invalid_value",
                   "the profile lies so far from the data that its relative risk exp(x'beta) is "
                   "beyond the double range; check the profile's values and units",
                   "/profile");
  }
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    if (!fit.infinite[j]) continue;
    warnings.push_back({"prediction_unreliable",
                        "no predicted incidence: the coefficient of \"" + fit.terms[j] +
                            "\" is infinite, so any curve for this profile would be meaningless",
                        fit.terms[j]});
    return nullptr;
  }
  const ConfidenceTransform transform = request.contains("conf_type")
                                            ? read_conf_type(request, "")
                                            : ConfidenceTransform::log;  // survfit's default
  const FineGrayPrediction curve =
      fine_gray_predicted_incidence(fit, profile, transform, read_conf_level(request, ""));
  json result = {{"lp", number_or_null(curve.linear_predictor)},
                 {"table",
                  {{"time", numbers_or_null(curve.time)},
                   {"n_risk", numbers_or_null(curve.n_risk)},
                   {"n_event", numbers_or_null(curve.n_event)},
                   {"incidence", numbers_or_null(curve.incidence)},
                   {"std_err", numbers_or_null(curve.std_err)},
                   {"lower", numbers_or_null(curve.lower)},
                   {"upper", numbers_or_null(curve.upper)},
                   {"cumhaz", numbers_or_null(curve.cumhaz)},
                   {"std_err_cumhaz", numbers_or_null(curve.std_err_cumhaz)}}}};
  const std::vector<double> times = read_time_list(request, "times", "");
  if (times.empty()) return result;
  const FineGrayIncidenceAtTimes at = fine_gray_incidence_at_times(curve, times);
  result["at_times"] = {{"time", numbers_or_null(at.time)},
                        {"incidence", numbers_or_null(at.incidence)},
                        {"std_err", numbers_or_null(at.std_err)},
                        {"lower", numbers_or_null(at.lower)},
                        {"upper", numbers_or_null(at.upper)}};
  const double last = *std::max_element(data.survival.time.begin(), data.survival.time.end());
  const auto beyond = std::count_if(times.begin(), times.end(), [&](double t) { return t > last; });
  if (beyond > 0) {
    warnings.push_back(
        {"beyond_follow_up",
         std::to_string(beyond) +
             " requested time(s) lie past the last follow-up "
             "time; the last estimate is carried forward, as R's summary(extend = TRUE)",
         ""});
  }
  return result;
}

// A term not flagged infinite whose SE or bounds overflow is not estimable (as in the cox op).
void refuse_unbounded_terms(const FineGrayFit& fit) {
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    if (fit.infinite[j]) continue;
    bool finite = std::isfinite(fit.se[j]) && std::isfinite(fit.hr_lower[j]) &&
                  std::isfinite(fit.hr_upper[j]);
    if (fit.has_robust) {
      finite = finite && std::isfinite(fit.robust_se[j]) && std::isfinite(fit.robust_hr_lower[j]) &&
               std::isfinite(fit.robust_hr_upper[j]);
    }
    if (finite) continue;
    throw CoreError("singular_information",
                    "the effect of \"" + fit.terms[j] +
                        "\" cannot be estimated: its confidence interval exceeds the double range "
                        "(the covariate barely varies, or one weight dwarfs the others); rescale "
                        "or remove it",
                    fit.terms[j]);
  }
}

}  // namespace

json run_fine_gray(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "",
                         {"op", "data", "categorical", "cause", "ties", "max_iterations",
                          "conf_level", "robust", "cluster", "profile", "conf_type", "times"});
  const FineGrayOptions options = read_fine_gray_options(request);
  for (const char* needs_profile : {"times", "conf_type"}) {
    if (request.contains(needs_profile) && !request.contains("profile")) {
      throw ApiError("unsupported_option",
                     std::string("\"") + needs_profile +
                         "\" belongs to the predicted incidence, which needs a \"profile\"",
                     std::string("/") + needs_profile);
    }
  }
  const std::vector<CategoricalDeclaration> categorical = read_categorical(request);
  CohortSpec spec;
  spec.competing_events = spec.allow_weight = spec.allow_covariates = spec.require_covariates =
      true;
  spec.categorical_covariates = declared_names(categorical);
  const Cohort cohort = read_cohort(request, spec, warnings);
  const auto rows = static_cast<double>(cohort.survival.size());
  const auto terms = static_cast<double>(design_term_count(cohort));
  limits::check_count(design_term_count(cohort), limits::kMaxCovariates,
                      "terms (numeric covariates and levels other than the reference)",
                      "/data/covariates");
  limits::check_work(rows * terms * terms, "rows x terms^2", "/data/covariates");
  if (std::none_of(cohort.survival.event.begin(), cohort.survival.event.end(),
                   [&](int code) { return code == options.cause; })) {
    throw ApiError("no_events",
                   "no row has event code " + std::to_string(options.cause) +
                       " (the cause of interest), so its subdistribution hazard cannot be modelled",
                   "/data/event");
  }
  for (std::size_t i = 0; i < cohort.survival.weight.size(); ++i) {
    if (cohort.survival.weight[i] > 0.0) continue;
    throw ApiError("invalid_weight",
                   "the Fine-Gray fit needs weights > 0 (R's coxph refuses a weight of 0); leave "
                   "the row out instead",
                   child_path("/data/weight", cohort.source_row_of(i)));
  }
  CovariateDesign design = expand_covariates(covariate_columns(cohort, categorical));
  FineGrayData data;
  data.survival = cohort.survival;
  data.covariate_names = std::move(design.terms);
  data.covariates = std::move(design.columns);
  const FineGrayFit fit = fine_gray_fit(data, options);
  refuse_unbounded_terms(fit);
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());
  json result = fit_json(fit);
  result["covariates"] = covariate_coding_json(design.coding);
  result["missing"] = missing_json(cohort);
  if (request.contains("profile"))
    result["prediction"] = prediction_json(request, data, fit, design.coding, warnings);
  return result;
}

}  // namespace nelm::api
