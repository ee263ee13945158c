// Cumulative incidence curves read at requested times (R's
// summary.survfit(times =) for a multi-state fit, extend = FALSE made
// explicit): a step-function lookup, no new estimate.
#include <algorithm>
#include <cmath>
#include <limits>

#include "estimators/competing_risks.h"
#include "numerics/confidence_interval.h"

namespace nelm {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// The limits of row k: the curve's own, or (a curve made without limits) the same function of the
// row's estimate and SE that cumulative_incidence applies.
ConfidenceBounds row_bounds(const std::vector<double>& lower, const std::vector<double>& upper,
                            double estimate, double std_err, std::size_t k, double z,
                            const CumulativeIncidenceOptions& options) {
  if (!options.limits && lower.empty())
    return incidence_bounds(estimate, std_err, z, options.transform);
  return {lower[k], upper[k]};
}

// Appends the value of row `row` of the curve, or (row < 0) the value before
// the first time.
void append_event_free(const CumulativeIncidence& curve, std::ptrdiff_t row,
                       const ConfidenceBounds& origin, double z,
                       const CumulativeIncidenceOptions& options, CumulativeIncidenceAtTimes& at) {
  const bool before = row < 0;
  const auto k = static_cast<std::size_t>(before ? 0 : row);
  at.event_free.push_back(before ? 1.0 : curve.event_free[k]);
  at.event_free_std_err.push_back(before ? 0.0 : curve.event_free_std_err[k]);
  const ConfidenceBounds bounds =
      before ? origin
             : row_bounds(curve.event_free_lower, curve.event_free_upper, curve.event_free[k],
                          curve.event_free_std_err[k], k, z, options);
  at.event_free_lower.push_back(bounds.lower);
  at.event_free_upper.push_back(bounds.upper);
}

void append_cause(const CauseIncidence& cause, std::ptrdiff_t row, const ConfidenceBounds& origin,
                  double z, const CumulativeIncidenceOptions& options, CauseIncidenceAtTimes& out) {
  const bool before = row < 0;
  const auto k = static_cast<std::size_t>(before ? 0 : row);
  out.incidence.push_back(before ? 0.0 : cause.incidence[k]);
  out.std_err.push_back(before ? 0.0 : cause.std_err[k]);
  const ConfidenceBounds bounds = before ? origin
                                         : row_bounds(cause.lower, cause.upper, cause.incidence[k],
                                                      cause.std_err[k], k, z, options);
  out.lower.push_back(bounds.lower);
  out.upper.push_back(bounds.upper);
}

// Nobody is followed after the last observed time: no estimate there.
void mark_not_estimable(std::size_t i, CumulativeIncidenceAtTimes& at) {
  at.estimable[i] = false;
  for (auto* column :
       {&at.event_free, &at.event_free_std_err, &at.event_free_lower, &at.event_free_upper}) {
    (*column)[i] = kNaN;
  }
  for (auto& cause : at.causes) {
    for (auto* column : {&cause.incidence, &cause.std_err, &cause.lower, &cause.upper}) {
      (*column)[i] = kNaN;
    }
  }
}

}  // namespace

CumulativeIncidenceAtTimes cumulative_incidence_at_times(
    const CumulativeIncidence& curve, const std::vector<double>& times,
    const CumulativeIncidenceOptions& options) {
  const double z = confidence_critical_value(options.conf_level);
  // Before the first time nothing has happened: S = 1 and F = 0 with SE 0.
  const ConfidenceBounds free_origin = survival_confidence_interval(1.0, 0.0, z, options.transform);
  const ConfidenceBounds cause_origin =
      survival_confidence_interval(0.0, 0.0, z, options.transform);
  std::vector<double> sorted;
  for (double t : times) {
    if (std::isfinite(t)) sorted.push_back(t);
  }
  std::sort(sorted.begin(), sorted.end());
  CumulativeIncidenceAtTimes at;
  for (const auto& cause : curve.causes)
    at.causes.push_back(CauseIncidenceAtTimes{cause.cause, {}, {}, {}, {}});
  const std::vector<double>& time = curve.time;
  at.last_time = time.empty() ? 0.0 : time.back();
  for (double t : sorted) {
    // The last row with time <= t (-1 before the first), and the first with
    // time >= t.
    const auto through = std::upper_bound(time.begin(), time.end(), t) - time.begin();
    const auto from =
        static_cast<std::size_t>(std::lower_bound(time.begin(), time.end(), t) - time.begin());
    const std::ptrdiff_t row = through - 1;
    at.time.push_back(t);
    at.n_risk.push_back(from < time.size() ? curve.n_risk[from] : 0.0);
    append_event_free(curve, row, free_origin, z, options, at);
    for (std::size_t c = 0; c < curve.causes.size(); ++c) {
      append_cause(curve.causes[c], row, cause_origin, z, options, at.causes[c]);
    }
    at.estimable.push_back(true);
    const bool everyone_had_an_event = !time.empty() && curve.event_free.back() == 0.0;
    if (time.empty() || (t > at.last_time && !everyone_had_an_event)) {
      mark_not_estimable(at.time.size() - 1, at);
    }
  }
  return at;
}

}  // namespace nelm
