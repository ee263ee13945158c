// Calibration of predicted survival against a cohort's Kaplan-Meier, the calibration slope and
// Harrell's C; see calibration.h and docs/validation/calibration.md.
#include "prediction/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>

#include "estimators/kaplan_meier.h"
#include "numerics/distributions.h"
#include "regression/cox_model.h"

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// snprintf, not <sstream>: iostream would add about 80 KB to the WebAssembly module
// (docs/performance.md).
std::string time_text(double time) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", time);
  return buffer;
}

void validate(const CalibrationInput& input) {
  const std::size_t n = input.survival.size();
  if (input.survival.has_entry() || input.survival.has_weight()) {
    throw CoreError("unsupported",
                    "Calibration takes plain right-censored data: no entry times "
                    "and no case weights.");
  }
  if (n == 0) throw CoreError("no_observations", "There are no rows to calibrate on.");
  if (input.risk_groups < 2) throw CoreError("invalid_input", "At least 2 risk groups are needed.");
  if (input.predicted_survival.size() != input.horizons.size() || input.horizons.empty()) {
    throw CoreError("invalid_input", "Give one column of predictions per horizon.");
  }
  for (const auto& column : input.predicted_survival) {
    if (column.size() != n) throw CoreError("invalid_input", "Give one prediction per row.");
    for (double value : column) {
      if (!(value >= 0.0 && value <= 1.0)) {
        throw CoreError("invalid_input", "Predicted survival must lie in [0, 1].");
      }
    }
  }
  if (std::none_of(input.survival.event.begin(), input.survival.event.end(),
                   [](int event) { return event != 0; })) {
    throw CoreError("no_events",
                    "There are no events, so observed survival is 1 throughout and "
                    "the predictions cannot be judged.");
  }
}

ObservedSurvival observed_at(const SurvivalData& survival, const std::vector<std::size_t>& rows,
                             double horizon, const CalibrationInput& input) {
  const KaplanMeierCurve curve =
      kaplan_meier(subset_rows(survival, rows), {input.transform, input.conf_level});
  const SurvivalAtTimes at = survival_at_times(curve, {horizon});
  if (!(at.n_risk[0] > 0.0)) return {not_a_number, not_a_number, not_a_number, not_a_number, 0.0};
  return {at.surv[0], at.std_err[0], at.lower[0], at.upper[0], at.n_risk[0]};
}

CalibrationGroup summarise(const CalibrationInput& input, const std::vector<double>& predicted,
                           const std::vector<std::size_t>& rows, double horizon) {
  CalibrationGroup group;
  group.n = static_cast<double>(rows.size());
  group.predicted_min = std::numeric_limits<double>::infinity();
  group.predicted_max = -group.predicted_min;
  double sum = 0.0;
  for (std::size_t row : rows) {
    sum += predicted[row];
    group.predicted_min = std::min(group.predicted_min, predicted[row]);
    group.predicted_max = std::max(group.predicted_max, predicted[row]);
    group.events += input.survival.event[row] != 0 ? 1.0 : 0.0;
  }
  group.predicted = sum / group.n;
  group.observed = observed_at(input.survival, rows, horizon, input);
  return group;
}

CalibrationSlope slope_not_estimable(std::string reason) {
  CalibrationSlope slope;
  slope.reason = std::move(reason);
  return slope;
}

// Cox fit of the observed survival on x = log(-log S_predicted(horizon)).
CalibrationSlope calibration_slope(const CalibrationInput& input,
                                   const std::vector<double>& predicted) {
  if (std::all_of(predicted.begin(), predicted.end(),
                  [&](double value) { return value == predicted.front(); })) {
    return slope_not_estimable(
        "every row has the same predicted survival, so the predictions "
        "cannot be compared with each other");
  }
  CoxData data;
  data.survival = input.survival;
  data.covariate_names = {"log_minus_log_predicted"};
  data.covariates.emplace_back();
  for (double value : predicted) {
    if (value <= 0.0 || value >= 1.0) {
      return slope_not_estimable("a predicted survival of exactly 0 or 1 has no log(-log)");
    }
    data.covariates[0].push_back(std::log(-std::log(value)));
  }
  CoxOptions options;
  options.conf_level = input.conf_level;
  const CoxFit fit = cox_fit(data, options);
  // The fit's own warnings would name its internal covariate; one warning says it instead.
  if (fit.infinite[0]) {
    return slope_not_estimable(
        "the slope's coefficient is infinite (monotone likelihood: the "
        "predictions separate events from non-events)");
  }
  if (!fit.converged) return slope_not_estimable("the slope's Cox fit did not converge");
  CalibrationSlope slope;
  slope.estimable = true;
  slope.slope = fit.coef[0];
  slope.std_err = fit.se[0];
  const double critical = two_sided_critical_value(input.conf_level);
  slope.lower = fit.coef[0] - critical * fit.se[0];
  slope.upper = fit.coef[0] + critical * fit.se[0];
  slope.p = fit.p[0];
  return slope;
}

// Proportional hazards between two times: log(-log S) differs by the same constant in every row
// (to rounding), so the slope's Cox fit and the ranks of C are the same at both times.
bool shifted_copies(const std::vector<double>& earlier, const std::vector<double>& later) {
  double first_difference = 0;
  for (std::size_t row = 0; row < earlier.size(); ++row) {
    if (!(earlier[row] > 0 && earlier[row] < 1 && later[row] > 0 && later[row] < 1)) return false;
    const double difference = std::log(-std::log(later[row])) - std::log(-std::log(earlier[row]));
    if (row == 0) first_difference = difference;
    if (std::fabs(difference - first_difference) > 1e-12) return false;
  }
  return true;
}

// `previous`: the result at the time before, whose slope and C are reused (not refitted) when
// the predictions are proportional hazards of each other.
CalibrationAtHorizon calibrate_at(const CalibrationInput& input, std::size_t h,
                                  const CalibrationAtHorizon* previous, Warnings& warnings) {
  const std::vector<double>& predicted = input.predicted_survival[h];
  const double horizon = input.horizons[h];
  CalibrationAtHorizon result;
  result.horizon = horizon;
  const std::vector<std::size_t> group_of = risk_groups_by_prediction(predicted, input.risk_groups);
  const std::size_t count = *std::max_element(group_of.begin(), group_of.end());
  std::vector<std::vector<std::size_t>> members(count);
  for (std::size_t row = 0; row < group_of.size(); ++row) members[group_of[row] - 1].push_back(row);
  for (std::size_t g = 0; g < count; ++g) {
    result.groups.push_back(summarise(input, predicted, members[g], horizon));
    result.groups.back().group = g + 1;
    if (std::isnan(result.groups.back().observed.surv)) {
      warnings.push_back({"no_data_at_horizon",
                          "nobody in risk group " + std::to_string(g + 1) + " is followed to " +
                              time_text(horizon) +
                              ": its observed survival there is not "
                              "estimable",
                          time_text(horizon)});
    }
  }
  std::vector<std::size_t> everyone(predicted.size());
  std::iota(everyone.begin(), everyone.end(), std::size_t{0});
  result.overall = summarise(input, predicted, everyone, horizon);
  result.difference = result.overall.observed.surv - result.overall.predicted;
  const bool reuse = previous && shifted_copies(input.predicted_survival[h - 1], predicted);
  result.slope = reuse ? previous->slope : calibration_slope(input, predicted);
  if (!result.slope.estimable) {
    warnings.push_back(
        {"calibration_slope_not_estimable",
         "no calibration slope at " + time_text(horizon) + ": " + result.slope.reason,
         time_text(horizon)});
  }
  if (reuse) {
    result.concordance = previous->concordance;
    return result;
  }
  std::vector<double> risk(predicted.size());
  for (std::size_t row = 0; row < predicted.size(); ++row) risk[row] = -predicted[row];
  result.concordance = harrell_concordance(input.survival, risk, {});
  return result;
}

}  // namespace

std::vector<std::size_t> risk_groups_by_prediction(const std::vector<double>& predicted,
                                                   std::size_t groups) {
  const std::size_t n = predicted.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return predicted[a] > predicted[b]; });
  std::vector<std::size_t> group_of(n, 1);
  // In integers, times `groups`: the target of group g is g n, a count is count * groups.
  std::size_t group = 1, assigned = 0, in_group = 0;
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start;
    while (end < n && predicted[order[end]] == predicted[order[start]]) ++end;
    const std::size_t target = group * n, before = assigned * groups,
                      after = (assigned + end - start) * groups;
    // Close the group before this tied block when taking it would overshoot the target by more
    // than stopping now falls short (nearest to the target, never an empty group).
    if (group < groups && in_group > 0 && after > target && after - target > target - before) {
      ++group;
      in_group = 0;
    }
    for (std::size_t k = start; k < end; ++k) group_of[order[k]] = group;
    assigned += end - start;
    in_group += end - start;
    if (assigned * groups >= group * n && group < groups) {
      ++group;
      in_group = 0;
    }
    start = end;
  }
  return group_of;
}

CalibrationResult calibrate_predictions(const CalibrationInput& input) {
  validate(input);
  CalibrationResult result;
  result.horizons.reserve(input.horizons.size());
  for (std::size_t h = 0; h < input.horizons.size(); ++h) {
    const CalibrationAtHorizon* previous = h > 0 ? &result.horizons[h - 1] : nullptr;
    result.horizons.push_back(calibrate_at(input, h, previous, result.warnings));
  }
  return result;
}

}  // namespace nelm
