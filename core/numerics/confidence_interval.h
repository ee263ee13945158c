// Pointwise confidence limits for a survival probability, exactly as R survival's survfit_confint,
// shared by every curve the core produces (Kaplan-Meier, conditional survival, Cox predictions).
#pragma once

#include "common/survival_data.h"

namespace nelm {

struct ConfidenceBounds {
  double lower;
  double upper;
};

// Limits for survival probability `surv` whose -log has standard error `se_log` (what R's survfit
// stores in std.err), with critical value `z` (two_sided_critical_value(level)).
//   plain:   S -/+ z*S*se, clipped to [0, 1]
//   log:     S*exp(-/+ z*se), upper capped at 1; NaN where S = 0
//   log_log: exp(-exp(log(-log S) -/+ z*se/log S)); NaN where S = 0 or S = 1
// A NaN se (infinite Greenwood variance once everyone at risk has died) gives NaN limits.
ConfidenceBounds survival_confidence_interval(double surv, double se_log, double z,
                                              ConfidenceTransform transform);

// z for a confidence level strictly between 0 and 1; throws CoreError("invalid_confidence_level").
double confidence_critical_value(double confidence_level);

}  // namespace nelm
