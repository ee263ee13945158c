// Conditional survival from a Kaplan-Meier table. Given survival to t0 the curve restarts with
// the risk sets after t0, so CS(s | t0) = prod over t0 < t_j <= t0 + s of (1 - d_j / n_j) and
// Var(log CS) = sum over the same t_j of d_j / (n_j (n_j - d_j)) (Greenwood on the window).
// This is exactly the Kaplan-Meier curve of the subjects still at risk after t0, restarted at t0.
#include "estimators/conditional_survival.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "numerics/confidence_interval.h"

namespace nelm {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Index one past the last table row with time <= t.
std::size_t rows_through(const KaplanMeierTable& table, double t) {
  return static_cast<std::size_t>(std::upper_bound(table.time.begin(), table.time.end(), t) -
                                  table.time.begin());
}

double survival_at(const KaplanMeierTable& table, double t) {
  const std::size_t through = rows_through(table, t);
  return through == 0 ? 1.0 : table.surv[through - 1];
}

struct WindowEstimate {
  double surv = 1.0;
  double se_log = 0.0;
};

// Product-limit and Greenwood sums over table rows in (start, end].
WindowEstimate estimate_window(const KaplanMeierTable& table, std::size_t first, std::size_t end) {
  WindowEstimate window;
  double greenwood_sum = 0.0;
  for (std::size_t k = first; k < end; ++k) {
    const double events = table.n_event[k], at_risk = table.n_risk[k];
    if (!(events > 0.0)) continue;
    window.surv *= (at_risk - events) / at_risk;
    greenwood_sum += at_risk > events ? events / (at_risk * (at_risk - events)) : kNaN;
  }
  window.se_log = std::sqrt(greenwood_sum);
  return window;
}

void check_inputs(double condition_time, const std::vector<double>& horizons) {
  if (!(condition_time >= 0.0) || !std::isfinite(condition_time)) {
    throw CoreError("invalid_condition_time", "the conditioning time must be a finite time >= 0",
                    "conditional");
  }
  for (double horizon : horizons) {
    if (!(horizon >= 0.0) || !std::isfinite(horizon)) {
      throw CoreError("invalid_horizon", "each horizon must be a finite time >= 0", "conditional");
    }
  }
}

void add_beyond_warning(std::size_t beyond, ConditionalSurvival& result) {
  if (beyond == 0) return;
  result.warnings.push_back({"beyond_follow_up",
                             std::to_string(beyond) +
                                 " horizon(s) reach past the last follow-up time; the last "
                                 "estimate is carried forward",
                             ""});
}

}  // namespace

ConditionalSurvival conditional_survival(const KaplanMeierCurve& curve, double condition_time,
                                         const std::vector<double>& horizons) {
  check_inputs(condition_time, horizons);
  const KaplanMeierTable& table = curve.table;
  if (survival_at(table, condition_time) == 0.0) {
    throw CoreError("no_survivors_at_condition_time",
                    "nobody in this group is still event-free at the conditioning time, so "
                    "conditional survival is undefined",
                    "conditional");
  }
  const double z = confidence_critical_value(curve.options.conf_level);
  const std::size_t first = rows_through(table, condition_time);
  const double last_time = table.time.empty() ? 0.0 : table.time.back();
  ConditionalSurvival result;
  result.condition_time = condition_time;
  std::size_t beyond = 0;
  for (double horizon : horizons) {
    const double time = condition_time + horizon;
    const WindowEstimate window = estimate_window(table, first, rows_through(table, time));
    const ConfidenceBounds bounds =
        survival_confidence_interval(window.surv, window.se_log, z, curve.options.transform);
    result.horizon.push_back(horizon);
    result.time.push_back(time);
    result.surv.push_back(window.surv);
    result.std_err.push_back(window.surv * window.se_log);
    result.lower.push_back(bounds.lower);
    result.upper.push_back(bounds.upper);
    if (time > last_time) ++beyond;
  }
  add_beyond_warning(beyond, result);
  return result;
}

ConditionalSurvival robust_conditional_survival(const SurvivalData& data,
                                                const KaplanMeierOptions& options,
                                                double condition_time,
                                                const std::vector<double>& horizons) {
  check_inputs(condition_time, horizons);
  const KaplanMeierCurve full = kaplan_meier(data, options);
  if (survival_at(full.table, condition_time) == 0.0) {
    throw CoreError("no_survivors_at_condition_time",
                    "nobody in this group is still event-free at the conditioning time, so "
                    "conditional survival is undefined");
  }
  std::vector<std::size_t> rows;
  for (std::size_t row = 0; row < data.size(); ++row) {
    if (data.time[row] > condition_time) rows.push_back(row);
  }
  SurvivalData later = subset_rows(data, rows);
  later.entry.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    later.entry[i] = std::max(data.entry_of(rows[i]), condition_time);
  }
  KaplanMeierOptions restarted = options;
  if (!options.cluster.empty()) {
    restarted.cluster.clear();
    for (std::size_t row : rows) restarted.cluster.push_back(options.cluster[row]);
  }
  KaplanMeierTable table;  // empty when nobody is left: CS = 1 with SE 0 throughout
  if (!rows.empty()) table = kaplan_meier(later, restarted).table;
  const double z = confidence_critical_value(options.conf_level);
  ConditionalSurvival result;
  result.condition_time = condition_time;
  std::size_t beyond = 0;
  for (double horizon : horizons) {
    const double time = condition_time + horizon;
    const std::size_t through = rows_through(table, time);
    const double surv = through == 0 ? 1.0 : table.surv[through - 1];
    const double se_log = through == 0 ? 0.0 : table.std_err_log[through - 1];
    const ConfidenceBounds bounds =
        survival_confidence_interval(surv, se_log, z, options.transform);
    result.horizon.push_back(horizon);
    result.time.push_back(time);
    result.surv.push_back(surv);
    result.std_err.push_back(through == 0 ? 0.0 : table.std_err[through - 1]);
    result.lower.push_back(bounds.lower);
    result.upper.push_back(bounds.upper);
    if (time > full.table.time.back()) ++beyond;
  }
  add_beyond_warning(beyond, result);
  return result;
}

}  // namespace nelm
