// Does a model's predicted survival fit a cohort's observed survival? Risk groups by the
// predictions at each horizon, mean predicted against Kaplan-Meier observed survival per group
// and overall (calibration-in-the-large), the calibration slope and Harrell's C. Definitions and
// worked example: docs/validation/calibration.md.
#pragma once

#include <cstddef>
#include <vector>

#include "common/core_error.h"
#include "common/survival_data.h"
#include "regression/cox_concordance.h"

namespace nelm {

struct CalibrationInput {
  SurvivalData survival;         // observed time and event; no entry times, no weights
  std::vector<double> horizons;  // > 0
  // predicted_survival[h][i]: the model's predicted survival of row i at horizons[h], in [0, 1].
  std::vector<std::vector<double>> predicted_survival;
  std::size_t risk_groups = 3;  // at least 2
  ConfidenceTransform transform = ConfidenceTransform::log_log;
  double conf_level = 0.95;
};

// The Kaplan-Meier estimate at the horizon (R's summary(survfit, times, extend = TRUE)); NaN
// (not estimable) when nobody in the group is followed to the horizon (n_risk = 0).
struct ObservedSurvival {
  double surv, std_err, lower, upper, n_risk;
};

struct CalibrationGroup {
  std::size_t group = 0;  // 1 = the highest predicted survival (lowest risk); 0 = whole cohort
  double n = 0;
  double events = 0;  // over the whole follow-up
  double predicted_min = 0, predicted_max = 0;
  double predicted = 0;  // the mean of the group's predicted survival at the horizon
  ObservedSurvival observed{};
};

// The coefficient of a Cox fit of the observed survival on log(-log(predicted survival)) at the
// horizon: 1 when the predictions' spread is right, < 1 when too spread out. For a proportional
// hazards model, log(-log S(t | x)) = lp + log H0(t), so it is the slope on the linear predictor
// at every horizon. `estimable` false (with a reason) when the predictions do not vary or hold
// an exact 0 or 1, or the fit's coefficient is infinite.
struct CalibrationSlope {
  bool estimable = false;
  std::string reason;                                          // when not estimable
  double slope = 0, std_err = 0, lower = 0, upper = 0, p = 1;  // p: two-sided Wald test of 0
};

struct CalibrationAtHorizon {
  double horizon = 0;
  std::vector<CalibrationGroup> groups;
  CalibrationGroup overall;  // calibration-in-the-large: mean prediction against the cohort's KM
  double difference = 0;     // observed - predicted, overall (NaN when not estimable)
  CalibrationSlope slope;
  Concordance concordance;  // Harrell's C of the predicted risk (lower survival = higher risk)
};

struct CalibrationResult {
  std::vector<CalibrationAtHorizon> horizons;
  Warnings warnings;  // "no_data_at_horizon", "calibration_slope_not_estimable", fit warnings
};

// Risk groups at one horizon: rows ordered by predicted survival, highest first, walked in blocks
// of tied values (ties are never split). Group g closes once the rows assigned so far reach
// g n / k, or before a block that would overshoot g n / k by more than stopping short of it
// (so a large tied block does not swallow the next group). Returns each row's group, 1-based;
// fewer than k groups when ties leave too few distinct values.
std::vector<std::size_t> risk_groups_by_prediction(const std::vector<double>& predicted,
                                                   std::size_t groups);

// Refusals (CoreError): "invalid_input" (sizes, values outside [0, 1], fewer than 2 groups),
// "no_events", "unsupported" (entry times or weights).
CalibrationResult calibrate_predictions(const CalibrationInput& input);

}  // namespace nelm
