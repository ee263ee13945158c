// A Cox baseline that can be shared: the Breslow cumulative hazard read only at the ends of
// pooled intervals of a coarse grid, each interval holding at least a given number of events, so
// that the file does not list any patient's event time (issue 14, point 5; docs/cohort.md).
#pragma once

#include <cstddef>
#include <vector>

#include "regression/cox_prediction.h"

namespace nelm {

struct BaselinePooling {
  int grid_per_year = 12;  // step ends only at multiples of 1 / grid_per_year (months)
  double min_events = 5;   // events in each step's interval, at least
  // Step ends that are always kept when the pooling allows (each side still has min_events):
  // the calculator's landmark horizons, so that predictions there equal the unpooled model's.
  std::vector<double> exact_at = {1, 3, 5, 10};
  double max_time = 10;  // no step, and no estimate, beyond this
  // Inside each pooled interval the hazard is spread evenly over time, with a step at every
  // multiple of 1 / spread_per_year (about weekly): a function of the pooled values only, so it
  // reveals nothing more, and closer to the unpooled curve than holding each value until the
  // interval's end. 0: one step per pooled interval, at its end.
  int spread_per_year = 48;
};

struct PooledBaseline {
  // The pooled intervals: their ends and the events in each (at least min_events).
  std::vector<double> pool_end, pool_events;
  // The file's steps: time, H0 there, and the SE of log H0 there (SE(H0) / H0). At a pooled
  // interval's end these are the unpooled curve's values; with `spread`, between two ends both
  // H0 and SE(H0) are interpolated linearly in time.
  std::vector<double> time, cumulative_hazard, cloglog_std_err;
  double max_time = 0;          // the last time the pooled curve speaks for (see pooled_baseline)
  double event_times = 0;       // distinct event times of the unpooled curve up to max_time
  double events_not_shown = 0;  // events after the last step (then max_time is that step)
  // The largest |S0 pooled - S0 unpooled| at the unpooled curve's times up to max_time, and
  // where; 0 at the kept exact_at times.
  double largest_survival_change = 0, largest_change_at = 0;
};

// Pools `curve` (the Cox model's predicted curve at the centring: every distinct time of the
// data, with n_event, cumhaz and std_err_log = SE of H). Within each stretch between kept exact_at
// times, grid intervals are joined from the left until they hold min_events; a remainder of
// fewer events is joined to the stretch's last step (which then ends at the exact_at time), or,
// if the stretch has no step, carried into the next stretch (that exact_at time is then not
// kept); then the hazard of each interval is spread over it (spread_per_year). After
// the last step: with no events there, max_time is the limit (the last follow-up
// on the grid, at most pooling.max_time): the curve is exactly flat; with fewer than
// min_events there, max_time is the last step's end and those events are not shown.
// `last_follow_up` is the largest observed time. CoreError "invalid_input" for a bad pooling.
PooledBaseline pooled_baseline(const CoxPredictedCurve& curve, double last_follow_up,
                               const BaselinePooling& pooling);

}  // namespace nelm
