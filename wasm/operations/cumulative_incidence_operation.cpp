// op "cumulative_incidence": Aalen-Johansen cumulative incidence per cause under competing
// risks (event 0 = censored, k = cause k), overall or per group, with Gray's test between groups,
// the curves at requested times (none past the last observed time) and a thinned curve for figures.
#include <algorithm>
#include <string>
#include <vector>

#include "api_error.h"
#include "estimators/competing_risks.h"
#include "estimators/gray_test.h"
#include "json_output.h"
#include "operations.h"
#include "plot_json.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

struct IncidenceRequest {
  CumulativeIncidenceOptions options;
  std::vector<double> times;
  bool table = true;
  PlotRequest plot;
};

json table_json(const CumulativeIncidence& incidence) {
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

json at_times_json(const CumulativeIncidenceAtTimes& at) {
  json causes = json::array();
  for (const auto& cause : at.causes) {
    causes.push_back({{"cause", cause.cause},
                      {"incidence", numbers_or_null(cause.incidence)},
                      {"std_err", numbers_or_null(cause.std_err)},
                      {"lower", numbers_or_null(cause.lower)},
                      {"upper", numbers_or_null(cause.upper)}});
  }
  return {{"time", numbers_or_null(at.time)},
          {"n_risk", numbers_or_null(at.n_risk)},
          {"event_free",
           {{"estimate", numbers_or_null(at.event_free)},
            {"std_err", numbers_or_null(at.event_free_std_err)},
            {"lower", numbers_or_null(at.event_free_lower)},
            {"upper", numbers_or_null(at.event_free_upper)}}},
          {"causes", std::move(causes)},
          {"estimable", at.estimable}};
}

json incidence_json(const SurvivalData& data, const IncidenceRequest& parsed,
                    const std::string& group, Warnings& warnings) {
  const CumulativeIncidence incidence = cumulative_incidence(data, parsed.options);
  json result = {{"last_time", incidence.time.back()}};
  if (parsed.table) {
    result.update(table_json(incidence));
  } else {
    json causes = json::array();
    for (const auto& cause : incidence.causes) causes.push_back({{"cause", cause.cause}});
    result["causes"] = std::move(causes);
  }
  if (!parsed.times.empty()) {
    const CumulativeIncidenceAtTimes at =
        cumulative_incidence_at_times(incidence, parsed.times, parsed.options);
    warn_not_estimable(at.time, at.estimable, at.last_time, group, warnings);
    result["at_times"] = at_times_json(at);
  }
  if (parsed.plot.requested) {
    result["plot"] = incidence_plot_json(incidence, parsed.plot, parsed.options);
  }
  return result;
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

// Gray's test between the groups, per cause (cmprsk::cuminc's Tests), stratified by `strata`.
// Null with a warning where cuminc gives no test: one group, or case weights (cuminc has none).
json gray_test_json(const Cohort& cohort, int cause_count, double rho, Warnings& warnings) {
  if (cohort.group.levels.size() < 2) {
    warnings.push_back(
        {"no_comparison", "every row is in one group, so Gray's test has nothing to compare", ""});
    return nullptr;
  }
  if (cohort.survival.has_weight()) {
    warnings.push_back({"weighted_test_unavailable",
                        "Gray's test has no weighted form (cmprsk::cuminc takes no weights), so "
                        "it is not given for weighted data; the curves are weighted",
                        ""});
    return nullptr;
  }
  const double groups = static_cast<double>(cohort.group.levels.size());
  limits::check_work(static_cast<double>(cohort.survival.size()) * groups * groups * cause_count,
                     "rows x groups^2 x causes (Gray's test)", "/data/group");
  GrayTestOptions options;
  options.rho = rho;
  options.cause_count = cause_count;
  const std::vector<GrayTest> tests =
      gray_test(cohort.survival, cohort.group.index, cohort.group.levels.size(),
                cohort.has_strata ? cohort.strata.index : std::vector<std::size_t>{}, options);
  json rows = json::array();
  for (const GrayTest& test : tests) {
    if (test.singular) {
      warnings.push_back({"singular_variance",
                          "the variance of Gray's score for cause " + std::to_string(test.cause) +
                              " is singular (cuminc prints -1): no statistic is given",
                          std::to_string(test.cause)});
    }
    rows.push_back({{"cause", test.cause},
                    {"statistic", number_or_null(test.statistic)},
                    {"df", test.df},
                    {"p", number_or_null(test.p)}});
  }
  return {{"rho", rho},
          {"strata", cohort.has_strata ? cohort.strata.levels.size() : std::size_t{1}},
          {"tests", std::move(rows)}};
}

// Distinct times of the given rows: one row of the incidence table each (an upper bound: times
// that differ only by rounding noise are merged later).
double distinct_times(const std::vector<double>& time, const std::vector<std::size_t>* rows) {
  std::vector<double> values;
  if (rows) {
    values.reserve(rows->size());
    for (std::size_t row : *rows) values.push_back(time[row]);
  } else {
    values = time;
  }
  std::sort(values.begin(), values.end());
  return static_cast<double>(std::unique(values.begin(), values.end()) - values.begin());
}

// Per distinct time: time, n_risk, n_censor, the event-free curve (4), 5 per cause; counted and
// refused before anything is computed, as the computation itself holds as many numbers. Without
// the table ("table": false) the response holds only the requested times and the thinned curve,
// and the numbers the computation holds (8 bytes each, not a JSON tree and text) are bounded by
// limits::kMaxHeldNumbers instead: a cohort of 10^6 distinct times and 4 causes (27 x 10^6)
// is computed, as its report needs.
void check_response_size(const Cohort& cohort, const std::vector<std::vector<std::size_t>>& groups,
                         int cause_count, bool table) {
  const double per_time = 7.0 + 5.0 * cause_count;
  // A group has at most one distinct time per row: when the rows alone fit, the count (a sort of
  // every group's times) cannot refuse, and is skipped.
  const double curves = groups.empty() ? 1.0 : static_cast<double>(groups.size());
  const double at_most = per_time * static_cast<double>(cohort.survival.size()) + 8.0 * curves;
  if (at_most <= (table ? limits::kMaxResponseNumbers : limits::kMaxHeldNumbers)) return;
  double numbers = 0.0;
  if (groups.empty()) numbers = per_time * distinct_times(cohort.survival.time, nullptr) + 8.0;
  for (const auto& rows : groups)
    numbers += per_time * distinct_times(cohort.survival.time, &rows) + 8.0;
  const std::string what = "the table has " + std::to_string(7 + 5 * cause_count) +
                           " numbers per distinct time and group; round the times (for example to "
                           "days), or use fewer causes or groups";
  if (table)
    limits::check_response_numbers(numbers, what, "/data/time");
  else
    limits::check_held_numbers(numbers, what, "/data/time");
}

}  // namespace

json run_cumulative_incidence(const json& request, Warnings& warnings) {
  reject_unknown_members(
      request, "", {"op", "data", "conf_type", "conf_level", "rho", "times", "table", "plot"});
  IncidenceRequest parsed;
  CumulativeIncidenceOptions& options = parsed.options;
  options.transform =
      request.contains("conf_type") ? read_conf_type(request, "") : ConfidenceTransform::log;
  options.conf_level = read_conf_level(request, "");
  parsed.times = read_time_list(request, "times", "");
  parsed.table = read_bool(request, "table", "", true);
  parsed.plot = read_plot(request);
  // The per-time limits only where every row is answered (the table) or drawn (the plot).
  options.limits = parsed.table || parsed.plot.requested;
  CohortSpec spec;
  spec.competing_events = true;
  spec.allow_weight = spec.allow_group = spec.allow_strata = true;
  const Cohort cohort = read_cohort(request, spec, warnings);
  if (cohort.has_strata && !cohort.has_group) {
    throw ApiError("unsupported_option",
                   "strata only stratify Gray's test, which needs a \"group\" to compare",
                   "/data/strata");
  }
  if (request.contains("rho") && !cohort.has_group) {
    throw ApiError("unsupported_option",
                   "\"rho\" weights Gray's test, which needs a \"group\" to compare", "/rho");
  }
  const double rho = request.contains("rho") ? read_number(request, "rho", "", 0.0) : 0.0;
  if (!(rho >= 0.0)) throw ApiError("invalid_value", "\"rho\" must be a number >= 0", "/rho");
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
  const auto rows =
      cohort.has_group ? rows_by_level(cohort.group) : std::vector<std::vector<std::size_t>>{};
  check_response_size(cohort, rows, options.cause_count, parsed.table);
  json curves = json::array();
  if (!cohort.has_group) {
    json curve = {{"group", nullptr}};
    curve.update(incidence_json(cohort.survival, parsed, "", warnings));
    curves.push_back(std::move(curve));
  } else {
    for (std::size_t level = 0; level < rows.size(); ++level) {
      json curve = {{"group", cohort.group.levels[level]}};
      curve.update(incidence_json(subset_rows(cohort.survival, rows[level]), parsed,
                                  cohort.group.levels[level], warnings));
      curves.push_back(std::move(curve));
    }
  }
  json result = {{"conf_type", transform_name(options.transform)},
                 {"conf_level", options.conf_level},
                 {"causes", options.cause_count},
                 {"curves", std::move(curves)}};
  if (cohort.has_group) {
    result["gray_test"] = gray_test_json(cohort, options.cause_count, rho, warnings);
  }
  return result;
}

}  // namespace nelm::api
