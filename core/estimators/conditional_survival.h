// Conditional survival on a Kaplan-Meier curve: the chance of surviving a further s, given
// survival to t0, CS(s | t0) = S(t0 + s) / S(t0), with Greenwood-based confidence limits.
// Formulas: docs/validation/kaplan_meier.md.
#pragma once

#include <vector>

#include "common/core_error.h"
#include "estimators/kaplan_meier.h"

namespace nelm {

// One row per horizon s, in the order given: time = t0 + s. std_err is the SE of CS; limits use
// the curve's transform and level. A horizon past the last curve time carries the last value
// forward and adds a "beyond_follow_up" warning.
struct ConditionalSurvival {
  double condition_time;
  std::vector<double> horizon, time, surv, std_err, lower, upper;
  Warnings warnings;
};

// Throws CoreError("invalid_condition_time") / ("invalid_horizon") for negative or non-finite
// input, and CoreError("no_survivors_at_condition_time") where S(t0) = 0.
ConditionalSurvival conditional_survival(const KaplanMeierCurve& curve, double condition_time,
                                         const std::vector<double>& horizons);

// The same with the infinitesimal-jackknife variance (options.robust, options.cluster): the
// robust Kaplan-Meier of the rows still at risk after t0, entered at t0. Rows that left before t0
// have no influence on S(t0 + s) / S(t0), so this is the IJ variance of the ratio itself.
ConditionalSurvival robust_conditional_survival(const SurvivalData& data,
                                                const KaplanMeierOptions& options,
                                                double condition_time,
                                                const std::vector<double>& horizons);

}  // namespace nelm
