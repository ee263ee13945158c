// op "cox": Cox proportional hazards fit (R coxph) to right-censored or counting-process
// (start, time] data, with concordance, optional robust (clustered) variance, the PH test and
// predicted survival for a covariate profile or a covariate path.
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
  const std::string ties = read_choice(request, "ties", "", "efron", {"efron", "breslow", "exact"});
  options.ties = ties == "breslow" ? TiesMethod::breslow
                 : ties == "exact" ? TiesMethod::exact
                                   : TiesMethod::efron;
  options.max_iterations = read_integer(request, "max_iterations", "", 20, 1, 1000);
  options.conf_level = read_conf_level(request, "");
  options.robust = read_bool(request, "robust", "", false);
  return options;
}

// covariate_columns without copying the numeric columns: they move out of the cohort, which
// needs them no more (5 covariates at a million rows are 40 MB of fresh pages for a copy).
std::vector<CovariateColumn> take_covariate_columns(
    Cohort& cohort, const std::vector<CategoricalDeclaration>& categorical) {
  std::vector<std::vector<double>> numeric(cohort.covariates.size());
  for (std::size_t c = 0; c < numeric.size(); ++c) numeric[c].swap(cohort.covariates[c]);
  std::vector<CovariateColumn> columns = covariate_columns(cohort, categorical);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (!columns[c].categorical) columns[c].values = std::move(numeric[c]);
  }
  return columns;
}

bool has_fractional_weight(const SurvivalData& survival) {
  for (double weight : survival.weight) {
    if (weight != std::floor(weight)) return true;
  }
  return false;
}

// Newton-Raphson costs rows x terms^2 per iteration; a stratified prediction rows x strata.
// Checked before the categorical columns are expanded into their levels.
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

// Exact ties: the recursion's work (cox_exact_work) x the (1 + p + p(p+1)/2) sums it carries.
void check_exact_work(const CoxData& data, TiesMethod ties) {
  const auto terms = static_cast<double>(data.covariate_names.size());
  const double sums = 1 + terms + terms * (terms + 1) / 2;
  limits::check_work(cox_exact_work(data, ties) * sums,
                     "exact ties: (rows x tied deaths) x (1 + p + p(p+1)/2); use \"efron\"",
                     "/ties");
}

// R refuses these before fitting: exact ties take no case weights (coxexact.fit, agexact.fit),
// and counting-process data no zero weights (agreg.fit: "Invalid weights, must be >0").
void check_weights(const Cohort& cohort, const SurvivalData& survival, TiesMethod ties) {
  const std::vector<double>& weight = survival.weight;
  for (std::size_t i = 0; i < weight.size(); ++i) {
    const std::string at = child_path("/data/weight", cohort.source_row_of(i));
    if (ties == TiesMethod::exact && weight[i] != 1.0) {
      throw ApiError("unsupported_option",
                     "exact ties take no case weights (as R's coxph): remove \"weight\" or use "
                     "\"ties\": \"efron\"",
                     at);
    }
    if (survival.has_entry() && weight[i] == 0.0) {
      throw ApiError("invalid_weight",
                     "with (start, time] data every weight must be > 0 (as R's coxph); leave the "
                     "row out instead",
                     at);
    }
  }
}

// R's coxph (3.5-3): with no "robust", the robust variance is used when an id has more than one
// event (coxph(..., id = id)); "robust": true with an id clusters by it (cluster(id)). Counting-
// process data need the id for it; right-censored exact ties have no robust variance in R.
bool decide_robust(const json& request, const Cohort& cohort, CoxOptions& options, CoxData& data) {
  if (!request.contains("robust") && cohort.has_id) {
    std::vector<bool> has_event(cohort.id.levels.size(), false);
    for (std::size_t i = 0; i < cohort.id.index.size() && !options.robust; ++i) {
      if (data.survival.event[i] == 0) continue;
      if (has_event[cohort.id.index[i]]) options.robust = true;
      has_event[cohort.id.index[i]] = true;
    }
  }
  if (!options.robust) return false;
  const std::string at = request.contains("robust") ? "/robust" : "/data/id";
  if (options.ties == TiesMethod::exact && !data.survival.has_entry()) {
    throw ApiError("unsupported_option",
                   "R has no robust variance for exact ties with right-censored data (no score "
                   "residuals for the exact method): give \"robust\": false or \"ties\": \"efron\"",
                   at);
  }
  if (data.survival.has_entry() && !cohort.has_id) {
    throw ApiError("missing_field",
                   "a robust variance for (start, time] data needs \"id\" (the subject of each "
                   "row), as R's coxph (\"one of cluster or id is needed\")",
                   "/data/id");
  }
  if (cohort.has_id) data.cluster = cohort.id.index;
  return true;
}

// After an exact fit to (start, time] data R's survival 3.5-3 gives no cox.zph and no survfit
// (agexact.fit's result is not of class "coxph"), so neither is offered.
void refuse_after_counting_exact(const json& request, const CoxFit& fit) {
  if (!(fit.counting_process && fit.ties == TiesMethod::exact)) return;
  for (const char* member : {"ph_test", "profile", "profile_path"}) {
    if (!request.contains(member)) continue;
    throw ApiError("unsupported_option",
                   std::string("R (survival 3.5-3) gives no ") +
                       (std::string(member) == "ph_test" ? "cox.zph" : "predicted curve") +
                       " after an exact-ties fit to (start, time] data; use \"ties\": \"efron\" "
                       "or \"breslow\" for it",
                   child_path("", member));
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

// Only the test is undefined there (null in the table); the fit above it stands.
void warn_singular_ph_test(const ProportionalHazardsTest& test, Warnings& warnings) {
  if (test.singular_rows.empty()) return;
  std::string rows;
  for (const auto& row : test.singular_rows) rows += (rows.empty() ? "" : ", ") + row;
  warnings.push_back({"ph_test_singular",
                      "the proportional-hazards test cannot be computed for " + rows +
                          ": its information matrix is singular (for example when every event "
                          "happens at one time, g(t) is constant over the events); those rows "
                          "of ph_test are null, the fit itself is unaffected",
                      test.singular_rows.front() == "GLOBAL" ? "" : test.singular_rows.front()});
}

}  // namespace

json run_cox(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "",
                         {"op", "data", "categorical", "ties", "max_iterations", "conf_level",
                          "robust", "profile", "profile_path", "conf_type", "times", "ph_test"});
  CoxOptions options = read_cox_options(request);
  const std::vector<CategoricalDeclaration> categorical = read_categorical(request);
  CohortSpec spec;
  spec.allow_weight = spec.allow_strata = spec.allow_covariates = spec.require_covariates = true;
  spec.allow_start = spec.allow_id = true;
  spec.categorical_covariates = declared_names(categorical);
  Cohort cohort = read_cohort(request, spec, warnings);
  check_cox_work(request, cohort);
  CovariateDesign design = expand_covariates(take_covariate_columns(cohort, categorical));
  const std::vector<CovariateCoding> coding = design.coding;
  // The cohort's time, event and weight columns move into the fit's data (8-20 MB at a million
  // rows that a copy would write to fresh pages); only its labels and row numbers stay.
  CoxData data =
      cox_data_with_design(std::move(cohort.survival), std::move(design),
                           cohort.has_strata ? cohort.strata.index : std::vector<std::size_t>{});
  check_exact_work(data, options.ties);
  check_weights(cohort, data.survival, options.ties);
  decide_robust(request, cohort, options, data);
  // R's coxph turns robust on by itself when a weight is not a whole number (has.rwt).
  if (!request.contains("robust") && has_fractional_weight(data.survival)) options.robust = true;
  const CoxFit fit = cox_fit(data, options);
  refuse_unbounded_terms(fit);
  refuse_after_counting_exact(request, fit);
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());

  json result = cox_fit_json(fit, cohort.has_id && fit.has_robust);
  result["covariates"] = covariate_coding_json(coding);
  result["missing"] = missing_json(cohort);
  const Concordance concordance =
      harrell_concordance(data.survival, fit.linear_predictor, data.strata, data.cluster);
  result["concordance"] = concordance_json(concordance);
  if (request.contains("ph_test")) {
    const std::string transform = read_choice(request, "ph_test", "", "km", {"km", "identity"});
    const ProportionalHazardsTest test =
        cox_zph(data, fit.ties, fit.coef,
                transform == "identity" ? TimeTransform::identity : TimeTransform::km);
    result["ph_test"] = ph_test_json(test, transform);
    warn_singular_ph_test(test, warnings);
  }
  if (request.contains("profile")) {
    result["prediction"] =
        cox_prediction_json(request, data, fit, coding, cohort.strata.levels, warnings);
  }
  if (request.contains("profile_path")) {
    result["path_prediction"] =
        cox_path_prediction_json(request, data, fit, cohort.strata, warnings);
  }
  return result;
}

}  // namespace nelm::api
