// Cumulative incidence under competing risks (Aalen-Johansen), matching R survival's multi-state
// survfit(Surv(time, factor(status)) ~ 1): point estimates, infinitesimal-jackknife standard
// errors and pointwise confidence limits.
#pragma once

#include <vector>

#include "common/survival_data.h"
#include "numerics/confidence_interval.h"

namespace nelm {

struct CumulativeIncidenceOptions {
  ConfidenceTransform transform = ConfidenceTransform::log;  // R's default for pstate
  double conf_level = 0.95;
  // Number of causes K; event codes are 0 (censored) or 1..K. 0 = the largest code present. The
  // boundary passes the overall K when it calls once per group, so every group lists every cause.
  int cause_count = 0;
  // false: the per-time limits (lower, upper, event_free_lower, event_free_upper) are left empty,
  // for a caller that reads the curve only at some times (they are a function of the estimate and
  // its SE, which cumulative_incidence_at_times applies to the rows it reads): two logarithms and
  // four exponentials fewer per state and time.
  bool limits = true;
};

struct CauseIncidence {
  int cause = 0;
  std::vector<double> n_event;       // rows with this cause at the time (unweighted count, as R)
  std::vector<double> incidence;     // Aalen-Johansen cumulative incidence F_k(t)
  std::vector<double> std_err;       // infinitesimal-jackknife SE of F_k(t) (R's std.err)
  std::vector<double> lower, upper;  // NaN where undefined (F = 0 for log / log-log)
};

// One row per distinct time, censor-only times included (like survfit).
struct CumulativeIncidence {
  std::vector<double> time;
  std::vector<double> n_risk;      // rows at risk (unweighted count, as R's multi-state n.risk)
  std::vector<double> n_censor;    // rows censored at the time (unweighted)
  std::vector<double> event_free;  // P(no event of any cause by t), R's pstate for "(s0)"
  std::vector<double> event_free_std_err, event_free_lower, event_free_upper;
  std::vector<CauseIncidence> causes;  // causes 1..K in order
};

// The pointwise limits of a state probability with standard error std_err, as the curves give
// them (survfit_confint with logse = FALSE: the SE of the log is std_err / probability).
ConfidenceBounds incidence_bounds(double probability, double std_err, double z,
                                  ConfidenceTransform transform);

// Right-censored data with optional case weights (R's weights=). Delayed entry is refused
// (CoreError "unsupported"); so are an empty data set ("no_observations") and event codes outside
// 0..K ("invalid_event_code").
CumulativeIncidence cumulative_incidence(const SurvivalData& data,
                                         const CumulativeIncidenceOptions& options = {});

// The curves at requested times, as R's summary(fit, times = times) of the multi-state survfit
// with extend = FALSE made explicit: every requested time has a row, sorted ascending; values from
// the last curve time <= t (before the first: event-free 1 and every incidence 0, SE 0, limits of
// the options' transform at those values); n_risk at the first curve time >= t (0 beyond the
// last). A time after the last observed time is not estimable (estimable false, every
// probability, SE and limit NaN), unless the event-free probability ended at 0 (every patient
// had an event: the incidences are final and carried). A curve made without limits
// (options.limits false) gets them here, from the estimate and SE of the rows read.
struct CauseIncidenceAtTimes {
  int cause = 0;
  std::vector<double> incidence, std_err, lower, upper;
};
struct CumulativeIncidenceAtTimes {
  std::vector<double> time, n_risk;
  std::vector<double> event_free, event_free_std_err, event_free_lower, event_free_upper;
  std::vector<CauseIncidenceAtTimes> causes;
  std::vector<bool> estimable;
  double last_time = 0.0;  // the last observed time of the curve
};
CumulativeIncidenceAtTimes cumulative_incidence_at_times(const CumulativeIncidence& incidence,
                                                         const std::vector<double>& times,
                                                         const CumulativeIncidenceOptions& options);

}  // namespace nelm
