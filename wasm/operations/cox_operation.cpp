// op "cox": Cox proportional hazards fit (R coxph) with concordance, optional robust variance,
// and optional predicted survival for a covariate profile.
#include "cox_concordance.h"
#include "cox_model.h"
#include "cox_zph.h"

#include "api_error.h"
#include "cox_result_json.h"
#include "json_output.h"
#include "operations.h"

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

CoxData cox_data_from(const Cohort& cohort) {
  CoxData data;
  data.survival = cohort.survival;
  data.covariate_names = cohort.covariate_names;
  data.covariates = cohort.covariates;
  if (cohort.has_strata) data.strata = cohort.strata.index;
  return data;
}

}  // namespace

json run_cox(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "", {"op", "data", "ties", "max_iterations", "conf_level",
                                       "robust", "profile", "conf_type", "times", "ph_test"});
  const CoxOptions options = read_cox_options(request);
  CohortSpec spec;
  spec.allow_weight = spec.allow_strata = spec.allow_covariates = spec.require_covariates = true;
  const Cohort cohort = read_cohort(request, spec, warnings);
  const CoxData data = cox_data_from(cohort);
  const CoxFit fit = cox_fit(data, options);
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());

  json result = cox_fit_json(fit);
  const Concordance concordance =
      harrell_concordance(data.survival, fit.linear_predictor, data.strata);
  result["concordance"] = concordance_json(concordance);
  if (request.contains("ph_test")) {
    const std::string transform = read_choice(request, "ph_test", "", "km", {"km", "identity"});
    const ProportionalHazardsTest test = cox_zph(
        data, fit.ties, fit.coef, transform == "identity" ? TimeTransform::identity : TimeTransform::km);
    result["ph_test"] = ph_test_json(test, transform);
  }
  if (request.contains("profile")) {
    result["prediction"] = cox_prediction_json(request, data, fit, cohort.strata.levels, warnings);
  }
  return result;
}

}  // namespace nelm::api
