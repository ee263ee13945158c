// op "log_rank": the G-rho family of k-sample tests (R survdiff) with optional strata.
#include "api_error.h"
#include "estimators/log_rank.h"
#include "json_output.h"
#include "operations.h"
#include "request_limits.h"

namespace nelm::api {

json run_log_rank(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "", {"op", "data", "rho"});
  LogRankOptions options;
  options.rho = read_number(request, "rho", "", 0.0);
  if (options.rho < 0.0)
    throw ApiError("invalid_value", "rho must be >= 0 (0 = log-rank, 1 = Peto-Peto)", "/rho");
  CohortSpec spec;
  spec.allow_group = spec.allow_strata = true;
  const Cohort cohort = read_cohort(request, spec, warnings);
  if (!cohort.has_group) {
    throw ApiError("missing_field", "the log-rank test compares groups: give \"data.group\"",
                   "/data/group");
  }
  if (cohort.group.levels.size() < 2) {
    throw ApiError("single_group",
                   "only one group (\"" + cohort.group.levels.front() +
                       "\") has complete data; the test needs at least two",
                   "/data/group");
  }
  const auto groups = static_cast<double>(cohort.group.levels.size());
  limits::check_work(static_cast<double>(cohort.survival.size()) * groups * groups,
                     "rows x groups^2", "/data/group");
  const std::vector<std::size_t> no_strata;
  LogRankResult result =
      log_rank_test(cohort.survival, cohort.group.index, cohort.group.levels.size(),
                    cohort.has_strata ? cohort.strata.index : no_strata, options);
  warnings.insert(warnings.end(), result.warnings.begin(), result.warnings.end());
  return {{"rho", result.rho},
          {"groups", string_list(cohort.group.levels)},
          {"n", numbers_or_null(result.n)},
          {"observed", numbers_or_null(result.observed)},
          {"expected", numbers_or_null(result.expected)},
          {"var", matrix_json(result.variance)},
          {"chisq", number_or_null(result.chi_square)},
          {"df", result.df},
          {"p", number_or_null(result.p)},
          {"strata", result.strata_count}};
}

}  // namespace nelm::api
