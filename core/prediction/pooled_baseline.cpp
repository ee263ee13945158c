// Pooling a Cox baseline onto a coarse grid with a minimum number of events per step; see
// pooled_baseline.h for the rules and docs/cohort.md for what the result reveals.
#include "prediction/pooled_baseline.h"

#include <algorithm>
#include <cmath>

#include "common/core_error.h"

namespace nelm {
namespace {

struct Grid {
  std::vector<double> end;     // interval ends, ascending
  std::vector<bool> exact;     // an exact_at time
  std::vector<double> events;  // events in (previous end, end]
};

void validate(const BaselinePooling& pooling) {
  if (pooling.grid_per_year < 1 || pooling.grid_per_year > 366 || !(pooling.min_events >= 1) ||
      pooling.spread_per_year < 0 || pooling.spread_per_year > 366 || !(pooling.max_time > 0) ||
      pooling.max_time * std::max(pooling.grid_per_year, pooling.spread_per_year) > 1e5) {
    throw CoreError("invalid_input",
                    "The baseline grid needs 1 to 366 steps per year (spread: 0 "
                    "to 366), at least 1 event per step and 0 < max_time (at "
                    "most 1e5 grid steps).");
  }
  for (double time : pooling.exact_at) {
    if (!(time > 0) || !std::isfinite(time)) {
      throw CoreError("invalid_input", "exact_at times must be finite and > 0.");
    }
  }
}

Grid make_grid(const CoxPredictedCurve& curve, double limit, const BaselinePooling& pooling) {
  Grid grid;
  const long steps = std::lround(limit * pooling.grid_per_year);
  for (long k = 1; k <= steps; ++k)
    grid.end.push_back(static_cast<double>(k) / pooling.grid_per_year);
  for (double time : pooling.exact_at) {
    if (time <= limit) grid.end.push_back(time);
  }
  std::sort(grid.end.begin(), grid.end.end());
  grid.end.erase(std::unique(grid.end.begin(), grid.end.end()), grid.end.end());
  for (double end : grid.end) {
    grid.exact.push_back(std::find(pooling.exact_at.begin(), pooling.exact_at.end(), end) !=
                         pooling.exact_at.end());
  }
  grid.events.assign(grid.end.size(), 0.0);
  std::size_t j = 0;
  for (std::size_t row = 0; row < curve.time.size(); ++row) {
    if (curve.time[row] > limit) break;
    while (curve.time[row] > grid.end[j]) ++j;
    grid.events[j] += curve.n_event[row];
  }
  return grid;
}

// The grid indices where the unpooled H0 is written: the ends of the pooled intervals (with
// their events) and the exact_at times reached with no events since the last end ("knots",
// events 0: H0 there equals the last end's, and the hazard is spread from there on).
struct Steps {
  std::vector<std::size_t> end;
  std::vector<double> events;
  std::vector<bool> knot;
  std::size_t pools = 0;
  double remainder = 0;  // events after the last end
};

Steps pool(const Grid& grid, double min_events) {
  Steps steps;
  double open = 0;
  std::size_t in_stretch = 0;  // intervals since the last kept exact_at time
  for (std::size_t j = 0; j < grid.end.size(); ++j) {
    open += grid.events[j];
    if (open >= min_events) {
      steps.end.push_back(j);
      steps.events.push_back(open);
      steps.knot.push_back(false);
      ++steps.pools;
      open = 0;
      ++in_stretch;
    }
    if (!grid.exact[j]) continue;
    if (open > 0 && in_stretch > 0) {  // join the remainder to the stretch's last interval
      steps.end.back() = j;
      steps.events.back() += open;
      open = 0;
    }
    if (open > 0) continue;  // too few events since the last kept time: carried on
    in_stretch = 0;
    if (steps.end.empty() || steps.end.back() != j) {
      steps.end.push_back(j);
      steps.events.push_back(0);
      steps.knot.push_back(true);
    }
  }
  steps.remainder = open;
  return steps;
}

void add_step(PooledBaseline& result, double time, double hazard, double std_err_of_hazard) {
  if (!(hazard > 0)) return;  // before the first event: S0 = 1, no step needed
  result.time.push_back(time);
  result.cumulative_hazard.push_back(hazard);
  result.cloglog_std_err.push_back(std_err_of_hazard / hazard);
}

// The last row of the curve at or before t, or -1.
long row_at(const CoxPredictedCurve& curve, double t) {
  const auto after = std::upper_bound(curve.time.begin(), curve.time.end(), t);
  return static_cast<long>(after - curve.time.begin()) - 1;
}

void measure_change(const CoxPredictedCurve& curve, PooledBaseline& result) {
  std::size_t step = 0;
  double pooled = 0;
  for (std::size_t row = 0; row < curve.time.size() && curve.time[row] <= result.max_time; ++row) {
    while (step < result.time.size() && result.time[step] <= curve.time[row]) {
      pooled = result.cumulative_hazard[step++];
    }
    if (curve.n_event[row] > 0) result.event_times += 1;
    const double change = std::fabs(std::exp(-pooled) - std::exp(-curve.cumhaz[row]));
    if (change > result.largest_survival_change) {
      result.largest_survival_change = change;
      result.largest_change_at = curve.time[row];
    }
  }
}

// The unpooled H0 and SE(H0) at each end; with spread, a step at each multiple of 1 / spread
// between two ends, H0 and SE(H0) linear in time.
PooledBaseline write_steps(const CoxPredictedCurve& curve, const Grid& grid, const Steps& steps,
                           double spread) {
  PooledBaseline result;
  double previous_end = 0, previous_hazard = 0, previous_std_err = 0;
  for (std::size_t k = 0; k < steps.end.size(); ++k) {
    const double end = grid.end[steps.end[k]];
    const long row = row_at(curve, end);
    const double hazard = row < 0 ? 0.0 : curve.cumhaz[row];
    const double std_err = row < 0 ? 0.0 : curve.std_err_log[row];
    if (!steps.knot[k]) {
      result.pool_end.push_back(end);
      result.pool_events.push_back(steps.events[k]);
      for (double j = spread > 0 ? std::floor(previous_end * spread) + 1 : 0.0;
           spread > 0 && j / spread < end; ++j) {
        const double share = (j / spread - previous_end) / (end - previous_end);
        add_step(result, j / spread, previous_hazard + share * (hazard - previous_hazard),
                 previous_std_err + share * (std_err - previous_std_err));
      }
      add_step(result, end, hazard, std_err);
    }
    previous_end = end;
    previous_hazard = hazard;
    previous_std_err = std_err;
  }
  return result;
}

}  // namespace

PooledBaseline pooled_baseline(const CoxPredictedCurve& curve, double last_follow_up,
                               const BaselinePooling& pooling) {
  validate(pooling);
  const double limit =
      std::floor(std::min(pooling.max_time, last_follow_up) * pooling.grid_per_year) /
      pooling.grid_per_year;
  Grid grid;
  Steps steps;
  if (limit > 0) {
    grid = make_grid(curve, limit, pooling);
    steps = pool(grid, pooling.min_events);
  }
  if (steps.pools == 0) {
    throw CoreError("model_not_exportable",
                    "Fewer than " + std::to_string(static_cast<long>(pooling.min_events)) +
                        " events fall within the follow-up on the baseline's grid, so no step "
                        "of the baseline could be written without revealing event times.");
  }
  PooledBaseline result = write_steps(curve, grid, steps, pooling.spread_per_year);
  result.events_not_shown = steps.remainder;
  result.max_time = steps.remainder > 0 ? grid.end[steps.end.back()] : limit;
  measure_change(curve, result);
  return result;
}

}  // namespace nelm
