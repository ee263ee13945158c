// op "cox": Cox proportional hazards fit (R coxph) with concordance, optional robust variance,
// and optional predicted survival for a covariate profile.
#include <cmath>

#include "api_error.h"
#include "covariate_reader.h"
#include "cox_result_json.h"
#include "json_output.h"
#include "operations.h"
#include "regression/cox_concordance.h"
#include "regression/cox_model.h"
#include "regression/cox_zph.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

CoxOptions read_cox_options(const json& request) {
  CoxOptions options;
  options.ties = read_choice(request, "ties", "", "efron", {"efron", "breslow"}) == "breslow"
                     ? TiesMethod::breslow
                     : TiesMethod::efron;
  options.max_iterations = read_integer(request, "max_iterations", "", 20, 1, 1000);
  options.conf_level = read_conf_level(request, "");
  options.robust = read_bool(request, "robust", "", false);
  return options;
}

bool has_fractional_weight(const SurvivalData& survival) {
  for (double weight : survival.weight) {
    if (weight != std::floor(weight)) return true;
  }
  return false;
}

// Newton-Raphson costs rows x covariates^2 per iteration; a stratified prediction rows x strata.
void check_cox_work(const json& request, const Cohort& cohort) {
  const auto rows = static_cast<double>(cohort.survival.size());
  const auto terms = static_cast<double>(design_term_count(cohort));
  limits::check_count(design_term_count(cohort), limits::kMaxCovariates,
                      "terms (numeric covariates and levels other than the reference)",
                      "/data/covariates");
  limits::check_work(rows * terms * terms, "rows x terms^2", "/data/covariates");
  if (cohort.has_strata && request.contains("profile")) {
    limits::check_work(rows * static_cast<double>(cohort.strata.levels.size()),
                       "rows x strata (one predicted curve per stratum)", "/data/strata");
  }
}

// A term that is not flagged infinite but whose SE or HR bounds overflow (a covariate of 3e-16
// against 0, with one weight dwarfing the rest: se 4e14, hr_upper = exp(8e14)) is not estimable;
// printing its bound as null would hide that (hostile_numbers_fuzzer).
void refuse_unbounded_terms(const CoxFit& fit) {
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    if (j < fit.infinite.size() && fit.infinite[j]) continue;
    bool finite = std::isfinite(fit.se[j]) && std::isfinite(fit.z[j]) &&
                  std::isfinite(fit.hr_lower[j]) && std::isfinite(fit.hr_upper[j]);
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

json run_cox(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "",
                         {"op", "data", "categorical", "ties", "max_iterations", "conf_level",
                          "robust", "profile", "conf_type", "times", "ph_test"});
  const CoxOptions options = read_cox_options(request);
  const std::vector<CategoricalDeclaration> categorical = read_categorical(request);
  CohortSpec spec;
  spec.allow_weight = spec.allow_strata = spec.allow_covariates = spec.require_covariates = true;
  spec.categorical_covariates = declared_names(categorical);
  const Cohort cohort = read_cohort(request, spec, warnings);
  check_cox_work(request, cohort);
  CovariateDesign design = expand_covariates(covariate_columns(cohort, categorical));
  const std::vector<CovariateCoding> coding = design.coding;
  const CoxData data =
      cox_data_with_design(cohort.survival, std::move(design),
                           cohort.has_strata ? cohort.strata.index : std::vector<std::size_t>{});
  if (!options.robust && has_fractional_weight(data.survival)) {
    warnings.push_back({"fractional_weights",
                        "the case weights are not whole numbers, so the model-based variance "
                        "treats them as frequencies; R's coxph would use the robust variance "
                        "here: ask for \"robust\": true",
                        ""});
  }
  const CoxFit fit = cox_fit(data, options);
  refuse_unbounded_terms(fit);
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());

  json result = cox_fit_json(fit);
  result["covariates"] = covariate_coding_json(coding);
  result["missing"] = missing_json(cohort);
  const Concordance concordance =
      harrell_concordance(data.survival, fit.linear_predictor, data.strata);
  result["concordance"] = concordance_json(concordance);
  if (request.contains("ph_test")) {
    const std::string transform = read_choice(request, "ph_test", "", "km", {"km", "identity"});
    const ProportionalHazardsTest test =
        cox_zph(data, fit.ties, fit.coef,
                transform == "identity" ? TimeTransform::identity : TimeTransform::km);
    result["ph_test"] = ph_test_json(test, transform);
  }
  if (request.contains("profile")) {
    result["prediction"] =
        cox_prediction_json(request, data, fit, coding, cohort.strata.levels, warnings);
  }
  return result;
}

}  // namespace nelm::api
