// See plot_json.h.
#include "plot_json.h"

#include <cstdio>

#include "api_error.h"
#include "estimators/plot_rows.h"
#include "json_output.h"
#include "numerics/confidence_interval.h"

namespace nelm::api {
namespace {

// values[rows], with `origin` first when the curve does not start at time 0.
std::vector<double> pick(const std::vector<double>& values, const PlotRows& kept, bool with_origin,
                         double origin) {
  std::vector<double> picked;
  picked.reserve(kept.rows.size() + 1);
  if (with_origin) picked.push_back(origin);
  for (std::size_t row : kept.rows) picked.push_back(values[row]);
  return picked;
}

double plot_end(const std::vector<double>& time, const PlotRequest& plot) {
  if (plot.to > 0.0) return plot.to;
  return time.empty() || time.back() <= 0.0 ? 1.0 : time.back();
}

std::string short_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

}  // namespace

PlotRequest read_plot(const json& request) {
  PlotRequest plot;
  if (!request.contains("plot")) return plot;
  const json& value = request["plot"];
  if (!value.is_object()) {
    throw ApiError("invalid_type", "plot must be an object {\"points\", \"to\"}", "/plot");
  }
  reject_unknown_members(value, "/plot", {"points", "to"});
  plot.requested = true;
  plot.points = static_cast<std::size_t>(read_integer(value, "points", "/plot", 1000, 1, 20000));
  if (value.contains("to")) plot.to = read_positive_number(value, "to", "/plot", 1.0);
  return plot;
}

json kaplan_meier_plot_json(const KaplanMeierTable& table, const PlotRequest& plot) {
  const PlotRows kept = plot_rows(table.time, {&table.surv, &table.lower, &table.upper},
                                  table.n_censor, plot_end(table.time, plot), plot.points);
  const bool origin = table.time.empty() || table.time.front() != 0.0;
  std::vector<double> censored = kept.n_censor;
  if (origin) censored.insert(censored.begin(), 0.0);
  return {{"time", numbers_or_null(pick(table.time, kept, origin, 0.0))},
          {"surv", numbers_or_null(pick(table.surv, kept, origin, 1.0))},
          {"lower", numbers_or_null(pick(table.lower, kept, origin, 1.0))},
          {"upper", numbers_or_null(pick(table.upper, kept, origin, 1.0))},
          {"n_censor", numbers_or_null(censored)}};
}

json incidence_plot_json(const CumulativeIncidence& curve, const PlotRequest& plot,
                         const CumulativeIncidenceOptions& options) {
  std::vector<const std::vector<double>*> columns;
  for (const auto& cause : curve.causes) {
    for (const auto* column : {&cause.incidence, &cause.lower, &cause.upper})
      columns.push_back(column);
  }
  const PlotRows kept =
      plot_rows(curve.time, columns, curve.n_censor, plot_end(curve.time, plot), plot.points);
  const bool origin = curve.time.empty() || curve.time.front() != 0.0;
  // At the origin F = 0 with SE 0: the limits the transform gives there (as
  // at_times).
  const ConfidenceBounds zero = survival_confidence_interval(
      0.0, 0.0, confidence_critical_value(options.conf_level), options.transform);
  std::vector<double> censored = kept.n_censor;
  if (origin) censored.insert(censored.begin(), 0.0);
  json causes = json::array();
  for (const auto& cause : curve.causes) {
    causes.push_back({{"cause", cause.cause},
                      {"incidence", numbers_or_null(pick(cause.incidence, kept, origin, 0.0))},
                      {"lower", numbers_or_null(pick(cause.lower, kept, origin, zero.lower))},
                      {"upper", numbers_or_null(pick(cause.upper, kept, origin, zero.upper))}});
  }
  return {{"time", numbers_or_null(pick(curve.time, kept, origin, 0.0))},
          {"n_censor", numbers_or_null(censored)},
          {"causes", std::move(causes)}};
}

void warn_not_estimable(const std::vector<double>& time, const std::vector<bool>& estimable,
                        double last_time, const std::string& group, Warnings& warnings) {
  std::string times;
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (!estimable[i]) times += (times.empty() ? "" : ", ") + short_number(time[i]);
  }
  if (times.empty()) return;
  warnings.push_back({"beyond_follow_up",
                      "no estimate at " + times + (group.empty() ? "" : " (group " + group + ")") +
                          ": no patient was followed that long (the last observed time is " +
                          short_number(last_time) + ")",
                      group});
}

}  // namespace nelm::api
