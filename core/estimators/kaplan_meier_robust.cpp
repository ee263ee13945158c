// The infinitesimal-jackknife (robust) standard errors of the Kaplan-Meier and Nelson-Aalen
// estimates, as R survival's survfitkm.c computes them for survfit(..., robust = TRUE) (type 1:
// KM with the Nelson-Aalen hazard), summed within clusters; O(n) instead of R's O(n x times).
//
// survfitkm keeps one influence value per cluster and updates all of them at every event time.
// Divided by S(t), the KM influence of cluster k is phi_k(t) = sum over its rows of w (B(t) -
// B(entry)) while at risk, frozen at exit, minus w / (n - d) at the row's own event, with B the
// running sum of d / (n (n - d)); the hazard's is the same with -d / n^2 and +w / n. So each
// cluster's value is base_k + weight_k * level (weight_k: its weight at risk), and the variance
// sum of value_k^2 is kept from three sums that change in O(1) per event time or row.
#include "estimators/kaplan_meier_robust.h"

#include <algorithm>
#include <cmath>

#include "numerics/confidence_interval.h"
#include "numerics/sort_order.h"

namespace nelm {
namespace {

// Neumaier-compensated sum: the three sums below see every row leave, and an uncompensated
// running total would carry the rounding of a million updates.
struct CompensatedTotal {
  double sum = 0, carry = 0;
  void add(double value) {
    const double next = sum + value;
    carry += std::fabs(sum) >= std::fabs(value) ? (sum - next) + value : (value - next) + sum;
    sum = next;
  }
  double value() const { return sum + carry; }
};

class ClusterInfluence {
 public:
  explicit ClusterInfluence(std::size_t clusters)
      : base_(clusters, 0.0), weight_(clusters, 0.0), rows_(clusters, 0) {}

  // Every cluster at risk gains weight_k * increment (the gwt term of the update).
  void advance(double increment) {
    const double vw = value_weight_.value(), ww = weight_weight_.value();
    value_value_.add(2 * increment * vw + increment * increment * ww);
    value_weight_.add(increment * ww);
    level_ += increment;
  }
  void enter(std::size_t cluster, double weight) { change(cluster, weight, 1, 0.0); }
  // The row leaves the risk set after adding `jump` (its own event term) to its cluster.
  void leave(std::size_t cluster, double weight, double jump) {
    change(cluster, -weight, -1, jump);
  }
  double variance() const { return std::max(value_value_.value(), 0.0); }

 private:
  void change(std::size_t c, double weight_change, int row_change, double jump) {
    double value = base_[c] + weight_[c] * level_;
    value_value_.add(-value * value);
    value_weight_.add(-value * weight_[c]);
    weight_weight_.add(-weight_[c] * weight_[c]);
    rows_[c] += row_change;
    // As survfitkm: a cluster with no row left at risk has weight exactly 0.
    weight_[c] = rows_[c] == 0 ? 0.0 : weight_[c] + weight_change;
    value += jump;
    base_[c] = value - weight_[c] * level_;
    value_value_.add(value * value);
    value_weight_.add(value * weight_[c]);
    weight_weight_.add(weight_[c] * weight_[c]);
  }

  std::vector<double> base_, weight_;
  std::vector<long> rows_;
  double level_ = 0;
  CompensatedTotal value_value_, value_weight_, weight_weight_;
};

}  // namespace

void replace_with_robust_errors(const SurvivalData& data, const SortedValues& exits,
                                const std::vector<double>& entry,
                                const std::vector<std::size_t>& cluster,
                                const KaplanMeierOptions& options, KaplanMeierTable& table) {
  const std::size_t n = data.size();
  std::size_t clusters = n;
  if (!cluster.empty()) clusters = *std::max_element(cluster.begin(), cluster.end()) + 1;
  auto cluster_of = [&](std::size_t row) { return cluster.empty() ? row : cluster[row]; };
  ClusterInfluence survival(clusters), hazard(clusters);
  std::vector<std::size_t> entry_order;
  if (entry.empty()) {
    for (std::size_t row = 0; row < n; ++row) {
      survival.enter(cluster_of(row), data.weight_of(row));
      hazard.enter(cluster_of(row), data.weight_of(row));
    }
  } else {
    entry_order = ascending_order(entry);
  }
  const double z = confidence_critical_value(options.conf_level);
  bool survival_reached_zero = false;
  std::size_t next_entry = 0, next_exit = 0;
  for (std::size_t k = 0; k < table.time.size(); ++k) {
    const double t = table.time[k];
    for (; next_entry < entry_order.size() && entry[entry_order[next_entry]] < t; ++next_entry) {
      const std::size_t row = entry_order[next_entry];
      survival.enter(cluster_of(row), data.weight_of(row));
      hazard.enter(cluster_of(row), data.weight_of(row));
    }
    const double d = table.n_event[k], at_risk = table.n_risk[k];
    const bool events = d > 0.0;
    if (events) {
      if (at_risk > d)
        survival.advance(d / (at_risk * (at_risk - d)));
      else
        survival_reached_zero = true;  // S = 0 from here on, and so is its influence
      hazard.advance(-d / (at_risk * at_risk));
    }
    for (; next_exit < n && exits.value[next_exit] == t; ++next_exit) {
      const std::size_t row = exits.order[next_exit];
      const double w = data.weight_of(row);
      const bool event = events && data.event[row] != 0;
      if (!survival_reached_zero)
        survival.leave(cluster_of(row), w, event ? -w / (at_risk - d) : 0);
      hazard.leave(cluster_of(row), w, event ? w / at_risk : 0.0);
    }
    const double surv = table.surv[k];
    const double se = survival_reached_zero ? 0.0 : surv * std::sqrt(survival.variance());
    table.std_err[k] = se;
    table.std_err_log[k] = se == 0.0 ? 0.0 : se / surv;  // survfit_confint's se / p
    table.std_cumhaz[k] = std::sqrt(hazard.variance());
    const ConfidenceBounds bounds =
        survival_confidence_interval(surv, table.std_err_log[k], z, options.transform);
    table.lower[k] = bounds.lower;
    table.upper[k] = bounds.upper;
  }
}

}  // namespace nelm
