// op "kaplan_meier": one curve, or one per group, with table, median and quartiles, survival at
// requested times (none past the last observed time), restricted mean, conditional survival and
// a thinned curve for figures.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "api_error.h"
#include "estimators/conditional_survival.h"
#include "estimators/kaplan_meier.h"
#include "json_output.h"
#include "operations.h"
#include "plot_json.h"
#include "request_limits.h"

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

// `median` is survival_quantile(curve, 0.5), already computed: a pure function of the curve, so
// reusing it for a requested 0.5 gives the same numbers without three more scans of the bands.
json quantiles_json(const KaplanMeierCurve& curve, const std::vector<double>& probabilities,
                    const QuantileEstimate& median) {
  json result = {{"probs", json::array()},
                 {"time", json::array()},
                 {"lower", json::array()},
                 {"upper", json::array()}};
  for (double probability : probabilities) {
    const QuantileEstimate quantile =
        probability == 0.5 ? median : survival_quantile(curve, probability);
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
          {"cumhaz", numbers_or_null(at.cumhaz)},   {"estimable", at.estimable}};
}

struct KaplanMeierRequest {
  KaplanMeierOptions options;
  bool table = true;
  PlotRequest plot;
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
                          "conditional", "robust", "table", "plot"});
  KaplanMeierRequest parsed;
  parsed.table = read_bool(request, "table", "", true);
  parsed.plot = read_plot(request);
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

json curve_json(const KaplanMeierCurve& curve, const SurvivalData& data,
                const KaplanMeierRequest& parsed, const KaplanMeierOptions& options,
                const std::string& group, Warnings& warnings) {
  const QuantileEstimate median = survival_quantile(curve, 0.5);
  json result = {{"n", curve.n}, {"events", curve.events}, {"last_time", curve.table.time.back()}};
  if (parsed.table) result["table"] = table_json(curve.table);
  result["median"] = {{"estimate", number_or_null(median.estimate)},
                      {"lower", number_or_null(median.lower)},
                      {"upper", number_or_null(median.upper)}};
  result["quantiles"] = quantiles_json(curve, parsed.quantiles, median);
  if (!parsed.times.empty()) {
    const SurvivalAtTimes at = survival_at_times(curve, parsed.times);
    warn_not_estimable(at.time, at.estimable, at.last_time, group, warnings);
    result["at_times"] = at_times_json(at);
  }
  if (parsed.plot.requested) result["plot"] = kaplan_meier_plot_json(curve.table, parsed.plot);
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

// Each quantile reads the whole curve (three bands); the table has at most one row per row.
void check_kaplan_meier_work(const Cohort& cohort, const KaplanMeierRequest& parsed) {
  limits::check_work(static_cast<double>(cohort.survival.size()) *
                         static_cast<double>(parsed.quantiles.size() + 1),
                     "rows x (quantiles + 1)", "/quantiles");
}

// The numbers curve_json will write: 11 table columns per distinct time, then the summaries.
void check_response_size(const std::vector<KaplanMeierCurve>& curves,
                         const KaplanMeierRequest& parsed) {
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
  check_kaplan_meier_work(cohort, parsed);
  KaplanMeierOptions options = parsed.options;
  options.robust = choose_robust(request, cohort, warnings);
  // One curve per group, or one for all rows (which are not copied: a million rows are 20 MB).
  std::vector<std::vector<std::size_t>> rows;
  if (cohort.has_group) {
    rows = rows_by_level(cohort.group);
  } else {
    rows.emplace_back();
    if (options.robust && cohort.has_cluster) {
      rows[0].resize(cohort.survival.size());
      std::iota(rows[0].begin(), rows[0].end(), std::size_t{0});
    }
  }
  auto curve_data = [&](std::size_t level, SurvivalData& subset) -> const SurvivalData& {
    if (!cohort.has_group) return cohort.survival;
    subset = subset_rows(cohort.survival, rows[level]);
    return subset;
  };
  // The curves first (their size is bounded by the rows), then the check of the response's size,
  // then its text: a response too large is refused before any of it is built.
  std::vector<KaplanMeierCurve> curves;
  std::vector<KaplanMeierOptions> curve_options;
  for (std::size_t level = 0; level < rows.size(); ++level) {
    KaplanMeierOptions level_options = options;
    level_options.cluster.clear();
    if (options.robust && cohort.has_cluster) {
      level_options.cluster = clusters_of(cohort.cluster, rows[level]);
    }
    SurvivalData subset;
    curves.push_back(kaplan_meier(curve_data(level, subset), level_options));
    curve_options.push_back(std::move(level_options));
  }
  check_response_size(curves, parsed);
  json result = json::array();
  for (std::size_t level = 0; level < curves.size(); ++level) {
    json curve = {{"group", cohort.has_group ? json(cohort.group.levels[level]) : json(nullptr)}};
    SurvivalData subset;
    const SurvivalData& data = curve_data(level, subset);
    Warnings curve_warnings;  // named after the group they concern
    const std::string group = cohort.has_group ? cohort.group.levels[level] : "";
    curve.update(
        curve_json(curves[level], data, parsed, curve_options[level], group, curve_warnings));
    for (Warning& warning : curve_warnings) {
      if (cohort.has_group) warning.subject = cohort.group.levels[level];
      warnings.push_back(std::move(warning));
    }
    result.push_back(std::move(curve));
    curves[level] = KaplanMeierCurve{};  // its table is in the JSON now
  }
  return {{"conf_type", transform_name(parsed.options.transform)},
          {"conf_level", parsed.options.conf_level},
          {"robust", options.robust},
          {"curves", std::move(result)}};
}

}  // namespace nelm::api
