// op "kaplan_meier": one curve, or one per group, with table, median and quartiles, survival at
// requested times, restricted mean and conditional survival.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "api_error.h"
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
  reject_unknown_members(request, "",
                         {"op", "data", "conf_type", "conf_level", "times", "tau", "quantiles",
                          "conditional", "robust"});
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

json curve_json(const SurvivalData& data, const KaplanMeierRequest& parsed,
                const KaplanMeierOptions& options, Warnings& warnings) {
  const KaplanMeierCurve curve = kaplan_meier(data, options);
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
        options.robust
            ? robust_conditional_survival(data, options, parsed.condition_time, parsed.horizons)
            : conditional_survival(curve, parsed.condition_time, parsed.horizons);
    warnings.insert(warnings.end(), conditional.warnings.begin(), conditional.warnings.end());
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

bool has_fractional_weight(const SurvivalData& survival) {
  return std::any_of(survival.weight.begin(), survival.weight.end(),
                     [](double w) { return w != std::floor(w); });
}

// R's survfitKM: robust by default when a cluster is given or a weight is not a whole number;
// an explicit robust = true with delayed entry needs the cluster ("id or cluster option
// required"), and a cluster with robust = false is ignored with a warning, as R does.
bool choose_robust(const json& request, const Cohort& cohort, Warnings& warnings) {
  const bool asked = request.contains("robust");
  const bool robust = asked ? read_bool(request, "robust", "", false)
                            : cohort.has_cluster || has_fractional_weight(cohort.survival);
  if (cohort.has_cluster && !robust) {
    warnings.push_back({"cluster_ignored",
                        "\"robust\" is false, so the cluster column is ignored and the "
                        "standard errors are Greenwood's (as R's survfit warns)",
                        ""});
  }
  if (robust && asked && cohort.survival.has_entry() && !cohort.has_cluster) {
    throw ApiError("missing_field",
                   "robust standard errors with delayed entry need a \"cluster\" column saying "
                   "which rows belong to the same patient (R: \"id or cluster option required\")",
                   "/data/cluster");
  }
  return robust;
}

// The cluster of each of `rows`, renumbered 0.. in order of first appearance.
std::vector<std::size_t> clusters_of(const LabelColumn& cluster,
                                     const std::vector<std::size_t>& rows) {
  std::vector<std::size_t> index;
  std::vector<std::size_t> renumbered(cluster.levels.size(), cluster.levels.size());
  std::size_t next = 0;
  for (std::size_t row : rows) {
    std::size_t& number = renumbered[cluster.index[row]];
    if (number == cluster.levels.size()) number = next++;
    index.push_back(number);
  }
  return index;
}

}  // namespace

json run_kaplan_meier(const json& request, Warnings& warnings) {
  const KaplanMeierRequest parsed = read_options(request);
  CohortSpec spec;
  spec.allow_entry = spec.allow_weight = spec.allow_group = spec.allow_cluster = true;
  const Cohort cohort = read_cohort(request, spec, warnings);
  KaplanMeierOptions options = parsed.options;
  options.robust = choose_robust(request, cohort, warnings);
  std::vector<std::vector<std::size_t>> rows;
  if (cohort.has_group) {
    rows = rows_by_level(cohort.group);
  } else {
    rows.emplace_back(cohort.survival.size());
    std::iota(rows[0].begin(), rows[0].end(), std::size_t{0});
  }
  json curves = json::array();
  for (std::size_t level = 0; level < rows.size(); ++level) {
    json curve = {{"group", cohort.has_group ? json(cohort.group.levels[level]) : json(nullptr)}};
    options.cluster.clear();
    if (options.robust && cohort.has_cluster) {
      options.cluster = clusters_of(cohort.cluster, rows[level]);
    }
    const SurvivalData data =
        cohort.has_group ? subset_rows(cohort.survival, rows[level]) : cohort.survival;
    Warnings curve_warnings;  // named after the group they concern
    curve.update(curve_json(data, parsed, options, curve_warnings));
    for (Warning& warning : curve_warnings) {
      if (cohort.has_group) warning.subject = cohort.group.levels[level];
      warnings.push_back(std::move(warning));
    }
    curves.push_back(std::move(curve));
  }
  return {{"conf_type", transform_name(parsed.options.transform)},
          {"conf_level", parsed.options.conf_level},
          {"robust", options.robust},
          {"curves", std::move(curves)}};
}

}  // namespace nelm::api
