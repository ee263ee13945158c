// op "kaplan_meier": one curve, or one per group, with table, median and quartiles, survival at
// requested times, restricted mean and conditional survival.
#include "estimators/kaplan_meier.h"

#include "estimators/conditional_survival.h"
#include "json_output.h"
#include "operations.h"
#include "request_limits.h"

namespace nelm::api {
namespace {

json table_json(const KaplanMeierTable& table) {
  return {{"time", numbers_or_null(table.time)},       {"n_risk", numbers_or_null(table.n_risk)},
          {"n_event", numbers_or_null(table.n_event)}, {"n_censor", numbers_or_null(table.n_censor)},
          {"surv", numbers_or_null(table.surv)},       {"std_err", numbers_or_null(table.std_err)},
          {"lower", numbers_or_null(table.lower)},     {"upper", numbers_or_null(table.upper)},
          {"cumhaz", numbers_or_null(table.cumhaz)},   {"std_err_log", numbers_or_null(table.std_err_log)},
          {"std_cumhaz", numbers_or_null(table.std_cumhaz)}};
}

json quantiles_json(const KaplanMeierCurve& curve, const std::vector<double>& probabilities) {
  json result = {{"probs", json::array()}, {"time", json::array()},
                 {"lower", json::array()}, {"upper", json::array()}};
  for (double probability : probabilities) {
    const QuantileEstimate quantile = survival_quantile(curve, probability);
    result["probs"].push_back(probability);
    result["time"].push_back(number_or_null(quantile.estimate));
    result["lower"].push_back(number_or_null(quantile.lower));
    result["upper"].push_back(number_or_null(quantile.upper));
  }
  return result;
}

json at_times_json(const SurvivalAtTimes& at) {
  return {{"time", numbers_or_null(at.time)},       {"n_risk", numbers_or_null(at.n_risk)},
          {"n_event", numbers_or_null(at.n_event)}, {"n_censor", numbers_or_null(at.n_censor)},
          {"surv", numbers_or_null(at.surv)},       {"std_err", numbers_or_null(at.std_err)},
          {"lower", numbers_or_null(at.lower)},     {"upper", numbers_or_null(at.upper)},
          {"cumhaz", numbers_or_null(at.cumhaz)}};
}

struct KaplanMeierRequest {
  KaplanMeierOptions options;
  std::vector<double> times, quantiles;
  bool has_tau = false;
  double tau = 0.0;
  bool has_condition = false;
  double condition_time = 0.0;
  std::vector<double> horizons;
};

KaplanMeierRequest read_options(const json& request) {
  reject_unknown_members(request, "", {"op", "data", "conf_type", "conf_level", "times", "tau",
                                       "quantiles", "conditional"});
  KaplanMeierRequest parsed;
  parsed.options.transform = read_conf_type(request, "");
  parsed.options.conf_level = read_conf_level(request, "");
  parsed.times = read_time_list(request, "times", "");
  parsed.quantiles = read_probability_list(request, "quantiles", "", {0.25, 0.5, 0.75});
  if (request.contains("tau")) {
    parsed.has_tau = true;
    parsed.tau = read_positive_number(request, "tau", "", 1.0);
  }
  if (request.contains("conditional")) {
    const ConditionalRequest conditional = read_conditional(request);
    parsed.has_condition = true;
    parsed.condition_time = conditional.time;
    parsed.horizons = conditional.horizons;
  }
  return parsed;
}

json curve_json(const KaplanMeierCurve& curve, const KaplanMeierRequest& parsed) {
  const QuantileEstimate median = survival_quantile(curve, 0.5);
  json result = {{"n", curve.n},
                 {"events", curve.events},
                 {"table", table_json(curve.table)},
                 {"median",
                  {{"estimate", number_or_null(median.estimate)},
                   {"lower", number_or_null(median.lower)},
                   {"upper", number_or_null(median.upper)}}},
                 {"quantiles", quantiles_json(curve, parsed.quantiles)}};
  if (!parsed.times.empty()) result["at_times"] = at_times_json(survival_at_times(curve, parsed.times));
  if (parsed.has_tau) {
    const RestrictedMean rmst = restricted_mean(curve, parsed.tau);
    result["rmst"] = {{"tau", rmst.tau}, {"rmean", number_or_null(rmst.rmean)},
                      {"se", number_or_null(rmst.se)}};
  }
  if (parsed.has_condition) {
    const ConditionalSurvival conditional =
        conditional_survival(curve, parsed.condition_time, parsed.horizons);
    result["conditional"] = {{"time", conditional.condition_time},
                             {"horizon", numbers_or_null(conditional.horizon)},
                             {"at", numbers_or_null(conditional.time)},
                             {"surv", numbers_or_null(conditional.surv)},
                             {"std_err", numbers_or_null(conditional.std_err)},
                             {"lower", numbers_or_null(conditional.lower)},
                             {"upper", numbers_or_null(conditional.upper)}};
  }
  return result;
}

// Each quantile reads the whole curve (three bands); the table has at most one row per row.
void check_kaplan_meier_work(const Cohort& cohort, const KaplanMeierRequest& parsed) {
  limits::check_work(static_cast<double>(cohort.survival.size()) *
                         static_cast<double>(parsed.quantiles.size() + 1),
                     "rows x (quantiles + 1)", "/quantiles");
}

// The numbers curve_json will write: 11 table columns per distinct time, then the summaries.
void check_response_size(const std::vector<KaplanMeierCurve>& curves, const KaplanMeierRequest& parsed) {
  const auto count = [](std::size_t size) { return static_cast<double>(size); };
  double numbers = 0.0;
  for (const auto& curve : curves) {
    numbers += 11.0 * count(curve.table.time.size()) + 4.0 * count(parsed.quantiles.size()) +
               9.0 * count(parsed.times.size()) + 6.0 * count(parsed.horizons.size()) + 12.0;
  }
  limits::check_response_numbers(numbers,
                                 "the curves' tables have 11 numbers per distinct time; round the "
                                 "times (for example to days), or use fewer groups, quantiles or "
                                 "times",
                                 "/data/time");
}

const char* transform_name(ConfidenceTransform transform) {
  switch (transform) {
    case ConfidenceTransform::log: return "log";
    case ConfidenceTransform::plain: return "plain";
    case ConfidenceTransform::log_log: break;
  }
  return "log-log";
}

}  // namespace

json run_kaplan_meier(const json& request, Warnings& warnings) {
  const KaplanMeierRequest parsed = read_options(request);
  CohortSpec spec;
  spec.allow_entry = spec.allow_weight = spec.allow_group = true;
  const Cohort cohort = read_cohort(request, spec, warnings);
  check_kaplan_meier_work(cohort, parsed);
  // The curves first (their size is bounded by the rows), then the check of the response's size,
  // then its text: a response too large is refused before any of it is built.
  std::vector<KaplanMeierCurve> curves;
  if (!cohort.has_group) {
    curves.push_back(kaplan_meier(cohort.survival, parsed.options));
  } else {
    for (const auto& rows : rows_by_level(cohort.group)) {
      curves.push_back(kaplan_meier(subset_rows(cohort.survival, rows), parsed.options));
    }
  }
  check_response_size(curves, parsed);
  json result = json::array();
  for (std::size_t level = 0; level < curves.size(); ++level) {
    json curve = {{"group", cohort.has_group ? json(cohort.group.levels[level]) : json(nullptr)}};
    curve.update(curve_json(curves[level], parsed));
    result.push_back(std::move(curve));
    curves[level] = KaplanMeierCurve{};  // its table is in the JSON now
  }
  return {{"conf_type", transform_name(parsed.options.transform)},
          {"conf_level", parsed.options.conf_level},
          {"curves", std::move(result)}};
}

}  // namespace nelm::api
