// op "cumulative_incidence": Aalen-Johansen cumulative incidence per cause under competing
// risks (event 0 = censored, k = cause k), overall or per group.
#include <algorithm>

#include "api_error.h"
#include "estimators/competing_risks.h"
#include "json_output.h"
#include "operations.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

json incidence_json(const CumulativeIncidence& incidence) {
  json causes = json::array();
  for (const auto& cause : incidence.causes) {
    causes.push_back({{"cause", cause.cause},
                      {"n_event", numbers_or_null(cause.n_event)},
                      {"incidence", numbers_or_null(cause.incidence)},
                      {"std_err", numbers_or_null(cause.std_err)},
                      {"lower", numbers_or_null(cause.lower)},
                      {"upper", numbers_or_null(cause.upper)}});
  }
  return {{"time", numbers_or_null(incidence.time)},
          {"n_risk", numbers_or_null(incidence.n_risk)},
          {"n_censor", numbers_or_null(incidence.n_censor)},
          {"event_free",
           {{"estimate", numbers_or_null(incidence.event_free)},
            {"std_err", numbers_or_null(incidence.event_free_std_err)},
            {"lower", numbers_or_null(incidence.event_free_lower)},
            {"upper", numbers_or_null(incidence.event_free_upper)}}},
          {"causes", std::move(causes)}};
}

const char* transform_name(ConfidenceTransform transform) {
  switch (transform) {
    case ConfidenceTransform::log_log:
      return "log-log";
    case ConfidenceTransform::plain:
      return "plain";
    case ConfidenceTransform::log:
      break;
  }
  return "log";
}

}  // namespace

json run_cumulative_incidence(const json& request, Warnings& warnings) {
  reject_unknown_members(request, "", {"op", "data", "conf_type", "conf_level"});
  CumulativeIncidenceOptions options;
  options.transform =
      request.contains("conf_type") ? read_conf_type(request, "") : ConfidenceTransform::log;
  options.conf_level = read_conf_level(request, "");
  CohortSpec spec;
  spec.competing_events = true;
  spec.allow_weight = spec.allow_group = true;
  const Cohort cohort = read_cohort(request, spec, warnings);
  const int largest = *std::max_element(cohort.survival.event.begin(), cohort.survival.event.end());
  if (largest == 0) {
    warnings.push_back(
        {"no_events", "no event of any cause was observed: every incidence is 0", ""});
  }
  limits::check_count(static_cast<std::size_t>(largest), limits::kMaxCauses,
                      "causes (the largest event code)", "/data/event");
  options.cause_count = std::max(largest, 1);
  const double states = options.cause_count + 1.0;
  limits::check_work(static_cast<double>(cohort.survival.size()) * states * states,
                     "rows x causes^2", "/data/event");
  json curves = json::array();
  if (!cohort.has_group) {
    json curve = {{"group", nullptr}};
    curve.update(incidence_json(cumulative_incidence(cohort.survival, options)));
    curves.push_back(std::move(curve));
  } else {
    const auto rows = rows_by_level(cohort.group);
    for (std::size_t level = 0; level < rows.size(); ++level) {
      json curve = {{"group", cohort.group.levels[level]}};
      curve.update(
          incidence_json(cumulative_incidence(subset_rows(cohort.survival, rows[level]), options)));
      curves.push_back(std::move(curve));
    }
  }
  return {{"conf_type", transform_name(options.transform)},
          {"conf_level", options.conf_level},
          {"causes", options.cause_count},
          {"curves", std::move(curves)}};
}

}  // namespace nelm::api
