// Kaplan-Meier survival curves with Greenwood errors, Nelson-Aalen cumulative hazard and R-exact
// summaries (quantiles, survival at given times, restricted mean), matching R survival's survfit
// with stype = 1, ctype = 1. Formulas and references: docs/validation/kaplan_meier.md.
#pragma once

#include <cstddef>
#include <vector>

#include "common/survival_data.h"

namespace nelm {

struct KaplanMeierOptions {
  ConfidenceTransform transform = ConfidenceTransform::log_log;
  double conf_level = 0.95;
  // The infinitesimal-jackknife variance (R's survfit(..., robust = TRUE)) instead of Greenwood,
  // summed within clusters: `cluster` holds one index per row, empty = each row its own cluster.
  bool robust = false;
  std::vector<std::size_t> cluster{};
};

// One row per distinct exit time, censor-only times included (as survfit, not summary.survfit).
// Counts are weighted sums. std_err is the Greenwood SE of S (robust: the IJ SE); std_err_log the
// SE of -log S (what R's survfit stores without robust; robust: std_err / S). std_cumhaz: the
// Nelson-Aalen SE (robust: its IJ SE). Undefined values (a variance once everyone at risk has
// died, a log-log limit at S = 1) are NaN.
struct KaplanMeierTable {
  std::vector<double> time, n_risk, n_event, n_censor, surv, std_err, std_err_log, lower, upper,
      cumhaz, std_cumhaz;
};

struct KaplanMeierCurve {
  double n = 0;          // weighted number of rows (R's fit$n is the unweighted `rows`)
  double events = 0;     // weighted number of events
  std::size_t rows = 0;  // number of input rows
  KaplanMeierOptions options;
  KaplanMeierTable table;
};

// Throws CoreError("no_observations") for empty data or zero total weight and
// CoreError("invalid_confidence_level"). Nearly tied times are merged first, as R does.
KaplanMeierCurve kaplan_meier(const SurvivalData& data, const KaplanMeierOptions& options = {});

// Time by which a fraction `probability` has had the event (0.5 = median), with the times where
// the confidence bands cross, by R's quantile.survfit rules. NaN when not reached.
struct QuantileEstimate {
  double probability;
  double estimate, lower, upper;
};
QuantileEstimate survival_quantile(const KaplanMeierCurve& curve, double probability);

// R's summary(fit, times = times) with extend = FALSE made explicit: every requested time has a
// row, sorted ascending (as R sorts them); n_event and n_censor are counted since the previous
// requested time; n_risk is the number at risk at the first curve time >= t (0 beyond the last).
// A time after the last observed time (event or censoring), where nobody is followed any more,
// is not estimable: estimable false and surv, std_err, lower, upper, cumhaz NaN (R's
// extend = FALSE drops such times). The one exception is a curve that ended at S = 0: every
// patient had had the event, so S stays 0 and the row carries the last values, as R's
// extend = TRUE. docs/validation/kaplan_meier.md, "Survival at times".
struct SurvivalAtTimes {
  std::vector<double> time, n_risk, n_event, n_censor, surv, std_err, lower, upper, cumhaz;
  std::vector<bool> estimable;
  double last_time = 0.0;  // the last observed time of the curve
};
SurvivalAtTimes survival_at_times(const KaplanMeierCurve& curve, const std::vector<double>& times);

// Area under the curve from 0 to tau and its SE, as summary(fit, rmean = tau).
// Throws CoreError("invalid_restriction_time") for tau < 0.
struct RestrictedMean {
  double tau, rmean, se;
};
RestrictedMean restricted_mean(const KaplanMeierCurve& curve, double tau);

}  // namespace nelm
