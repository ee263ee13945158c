// op "kaplan_meier": one curve, or one per group, with table, median and quartiles, survival at
// requested times, restricted mean and conditional survival.
#include "estimators/conditional_survival.h"
#include "estimators/kaplan_meier.h"
#include "json_output.h"
#include "operations.h"

namespace nelm::api {
namespace {

json table_json(const KaplanMeierTable& table) {
  return {{"time", numbers_or_null(table.time)},
          {"n_risk", numbers_or_null(table.n_risk)},
          {"n_event", numbers_or_null(table.n_event)},
          {"n_censor", numbers_or_null(table.n_censor)},
          {"surv", numbers_or_null(table.surv)},
          {"std_err", numbers_or_null(table.std_err)},
          {"lower", numbers_or_null(table.lower)},
          {"upper", numbers_or_null(table.upper)},
          {"cumhaz", numbers_or_null(table.cumhaz)},
          {"std_err_log", numbers_or_null(table.std_err_log)},
          {"std_cumhaz", numbers_or_null(table.std_cumhaz)}};
}

json quantiles_json(const KaplanMeierCurve& curve, const std::vector<double>& probabilities) {
  json result = {{"probs", json::array()},
                 {"time", json::array()},
                 {"lower", json::array()},
                 {"upper", json::array()}};
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
  reject_unknown_members(
      request, "",
      {"op", "data", "conf_type", "conf_level", "times", "tau", "quantiles", "conditional"});
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

json curve_json(const SurvivalData& data, const KaplanMeierRequest& parsed) {
  const KaplanMeierCurve curve = kaplan_meier(data, parsed.options);
  const QuantileEstimate median = survival_quantile(curve, 0.5);
  json result = {{"n", curve.n},
                 {"events", curve.events},
                 {"table", table_json(curve.table)},
                 {"median",
                  {{"estimate", number_or_null(median.estimate)},
                   {"lower", number_or_null(median.lower)},
                   {"upper", number_or_null(median.upper)}}},
                 {"quantiles", quantiles_json(curve, parsed.quantiles)}};
  if (!parsed.times.empty())
    result["at_times"] = at_times_json(survival_at_times(curve, parsed.times));
  if (parsed.has_tau) {
    const RestrictedMean rmst = restricted_mean(curve, parsed.tau);
    result["rmst"] = {
        {"tau", rmst.tau}, {"rmean", number_or_null(rmst.rmean)}, {"se", number_or_null(rmst.se)}};
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

const char* transform_name(ConfidenceTransform transform) {
  switch (transform) {
    case ConfidenceTransform::log:
      return "log";
    case ConfidenceTransform::plain:
      return "plain";
    case ConfidenceTransform::log_log:
      break;
  }
  return "log-log";
}

}  // namespace

json run_kaplan_meier(const json& request, Warnings& warnings) {
  const KaplanMeierRequest parsed = read_options(request);
  CohortSpec spec;
  spec.allow_entry = spec.allow_weight = spec.allow_group = true;
  const Cohort cohort = read_cohort(request, spec, warnings);
  json curves = json::array();
  if (!cohort.has_group) {
    json curve = {{"group", nullptr}};
    curve.update(curve_json(cohort.survival, parsed));
    curves.push_back(std::move(curve));
  } else {
    const auto rows = rows_by_level(cohort.group);
    for (std::size_t level = 0; level < rows.size(); ++level) {
      json curve = {{"group", cohort.group.levels[level]}};
      curve.update(curve_json(subset_rows(cohort.survival, rows[level]), parsed));
      curves.push_back(std::move(curve));
    }
  }
  return {{"conf_type", transform_name(parsed.options.transform)},
          {"conf_level", parsed.options.conf_level},
          {"curves", std::move(curves)}};
}

}  // namespace nelm::api
