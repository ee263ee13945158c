// Summaries of a Kaplan-Meier curve, transcribed from R survival: quantiles from
// quantile.survfit/findq, survival at given times from summary.survfit(times =) (extend = FALSE
// made explicit: a time past the last observation is a row marked not estimable),
// and the restricted mean from survmean (all in survival/R/). The curve is read as R's survfit0
// sees it: a row at time 0 with S = 1 is prepended unless the first time is 0.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "common/core_error.h"
#include "estimators/band_quantile.h"
#include "estimators/kaplan_meier.h"

namespace nelm {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

bool needs_origin_row(const KaplanMeierTable& table) {
  return table.time.empty() || table.time.front() != 0.0;
}

// x = (0, times...), y = (0, 1 - band...), as doquant builds them; x is the same for every band.
double quantile_of_band(const std::vector<double>& x, const std::vector<double>& band, double p) {
  std::vector<double> y(band.size() + 1, 0.0);
  for (std::size_t i = 0; i < band.size(); ++i) y[i + 1] = 1.0 - band[i];
  return band_quantile(x, y, p);
}

// Nobody is followed after the last observed time: no estimate there (R's extend = FALSE),
// unless the curve has reached 0 (every patient had the event: S stays 0).
void mark_beyond_last_time(double last_time, double last_surv, SurvivalAtTimes& at) {
  at.last_time = last_time;
  if (last_surv == 0.0) return;
  for (std::size_t i = 0; i < at.time.size(); ++i) {
    if (at.time[i] <= last_time) continue;
    at.estimable[i] = false;
    for (auto* column : {&at.surv, &at.std_err, &at.lower, &at.upper, &at.cumhaz}) {
      (*column)[i] = kNaN;
    }
  }
}

}  // namespace

QuantileEstimate survival_quantile(const KaplanMeierCurve& curve, double probability) {
  if (!(probability >= 0.0 && probability <= 1.0)) {
    throw CoreError("invalid_probability", "a survival quantile needs a probability in [0, 1]",
                    "quantiles");
  }
  const KaplanMeierTable& table = curve.table;
  QuantileEstimate result{probability, kNaN, kNaN, kNaN};
  if (table.time.empty()) return result;
  std::vector<double> x(table.time.size() + 1, 0.0);
  std::copy(table.time.begin(), table.time.end(), x.begin() + 1);
  result.estimate = quantile_of_band(x, table.surv, probability);
  // The lower band falls first, so it gives the lower limit of the time.
  result.lower = quantile_of_band(x, table.lower, probability);
  result.upper = quantile_of_band(x, table.upper, probability);
  return result;
}

SurvivalAtTimes survival_at_times(const KaplanMeierCurve& curve, const std::vector<double>& times) {
  const KaplanMeierTable& table = curve.table;
  // survfit0's rows: an origin row (S = 1, limits [1, 1], nothing counted) when needed.
  const std::size_t offset = needs_origin_row(table) ? 1 : 0;
  std::vector<double> row_time;
  if (offset == 1) row_time.push_back(0.0);
  row_time.insert(row_time.end(), table.time.begin(), table.time.end());
  std::vector<double> sorted;
  for (double t : times) {
    if (std::isfinite(t)) sorted.push_back(t);  // R keeps finite times only
  }
  std::sort(sorted.begin(), sorted.end());
  SurvivalAtTimes result;
  double events_before = 0.0, censored_before = 0.0;
  std::size_t table_rows_counted = 0;  // table rows with time <= previous requested time
  double events_so_far = 0.0, censored_so_far = 0.0;
  for (double t : sorted) {
    // findInterval(t, time) and 1 + findInterval(t, time, left.open = TRUE).
    const auto through = static_cast<std::size_t>(
        std::upper_bound(row_time.begin(), row_time.end(), t) - row_time.begin());
    const auto before = static_cast<std::size_t>(
        std::lower_bound(row_time.begin(), row_time.end(), t) - row_time.begin());
    const std::size_t row = std::max<std::size_t>(through, 1) - 1;  // pmax(1, index)
    const bool origin = offset == 1 && row == 0;
    const std::size_t k = origin ? 0 : row - offset;
    const std::size_t table_through = through > offset ? through - offset : 0;
    for (; table_rows_counted < table_through; ++table_rows_counted) {
      events_so_far += table.n_event[table_rows_counted];
      censored_so_far += table.n_censor[table_rows_counted];
    }
    double n_risk = 0.0;  // c(n.risk, 0)[index2]; the origin row repeats the first n.risk
    if (before < row_time.size()) n_risk = table.n_risk[before >= offset ? before - offset : 0];
    result.time.push_back(t);
    result.n_risk.push_back(n_risk);
    result.n_event.push_back(events_so_far - events_before);
    result.n_censor.push_back(censored_so_far - censored_before);
    events_before = events_so_far;
    censored_before = censored_so_far;
    result.surv.push_back(origin ? 1.0 : table.surv[k]);
    result.std_err.push_back(origin ? 0.0 : table.std_err[k]);
    result.lower.push_back(origin ? 1.0 : table.lower[k]);
    result.upper.push_back(origin ? 1.0 : table.upper[k]);
    result.cumhaz.push_back(origin ? 0.0 : table.cumhaz[k]);
    result.estimable.push_back(true);
  }
  if (!table.time.empty()) mark_beyond_last_time(table.time.back(), table.surv.back(), result);
  return result;
}

RestrictedMean restricted_mean(const KaplanMeierCurve& curve, double tau) {
  if (!(tau >= 0.0) || !std::isfinite(tau)) {
    throw CoreError("invalid_restriction_time",
                    "the restricted mean needs a finite restriction time tau >= 0", "tau");
  }
  const KaplanMeierTable& table = curve.table;
  // survmean's temptime/tempsurv/hh: curve rows up to tau, then tau itself.
  std::vector<double> time, surv, greenwood_term;
  if (needs_origin_row(table)) {
    time.push_back(0.0);
    surv.push_back(1.0);
    greenwood_term.push_back(0.0);
  }
  for (std::size_t k = 0; k < table.time.size() && table.time[k] <= tau; ++k) {
    const double at_risk = table.n_risk[k], events = table.n_event[k];
    time.push_back(table.time[k]);
    surv.push_back(table.surv[k]);
    greenwood_term.push_back(at_risk - events == 0.0 ? 0.0
                                                     : events / (at_risk * (at_risk - events)));
  }
  time.push_back(tau);
  surv.push_back(surv.back());
  greenwood_term.push_back(0.0);
  // rectangles[k] = (time[k] - time[k-1]) * S(time[k-1]); the first starts at 0 with S = 1.
  std::vector<double> rectangle(time.size());
  rectangle[0] = time[0];
  for (std::size_t k = 1; k < time.size(); ++k)
    rectangle[k] = (time[k] - time[k - 1]) * surv[k - 1];
  double mean = 0.0;
  for (double area : rectangle) mean += area;
  // Var = sum_j greenwood_j * (area under S from t_j to tau)^2, accumulated from tau backwards.
  double area_after = 0.0, variance = 0.0;
  for (std::size_t k = time.size() - 1; k >= 1; --k) {
    area_after += rectangle[k];
    variance += area_after * area_after * greenwood_term[k - 1];
  }
  return {tau, mean, std::sqrt(variance)};
}

}  // namespace nelm
