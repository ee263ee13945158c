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

// Neumaier-compensated sum: the sums below see every row leave, and an uncompensated running
// total would carry the rounding of a million updates.
struct CompensatedTotal {
  double sum = 0, carry = 0;
  void add(double value) {
    const double next = sum + value;
    carry += std::fabs(sum) >= std::fabs(value) ? (sum - next) + value : (value - next) + sum;
    sum = next;
  }
  double value() const { return sum + carry; }
};

enum Quantity { kSurvival = 0, kHazard = 1 };

// Both influences of every cluster side by side: the rows are visited in exit order and the
// clusters numbered in that order, so the updates walk memory forward (a random walk over three
// arrays of a million clusters cost more than the whole Kaplan-Meier).
class ClusterInfluences {
 public:
  explicit ClusterInfluences(std::size_t clusters) : clusters_(clusters) {}

  // Everyone at risk from the start (no delayed entry): every cluster's weight at once.
  void enter_all(const std::vector<std::size_t>& cluster_of, const std::vector<double>& weight) {
    for (std::size_t i = 0; i < cluster_of.size(); ++i) {
      clusters_[cluster_of[i]].weight += weight[i];
      clusters_[cluster_of[i]].rows += 1;
    }
    for (const Cluster& cluster : clusters_) weight_weight_.add(cluster.weight * cluster.weight);
  }

  // Every cluster at risk gains weight_k * increment in one quantity (survfitkm's gwt term).
  void advance(Quantity q, double increment) {
    const double vw = value_weight_[q].value(), ww = weight_weight_.value();
    value_value_[q].add(2 * increment * vw + increment * increment * ww);
    value_weight_[q].add(increment * ww);
    level_[q] += increment;
  }
  void enter(std::size_t cluster, double weight) { change(cluster, weight, 1, 0.0, 0.0); }
  // The row leaves the risk set after adding its own event terms to its cluster.
  void leave(std::size_t cluster, double weight, double survival_jump, double hazard_jump) {
    change(cluster, -weight, -1, survival_jump, hazard_jump);
  }
  double variance(Quantity q) const { return std::max(value_value_[q].value(), 0.0); }

 private:
  struct Cluster {
    double base[2] = {0, 0};
    double weight = 0;
    long rows = 0;
  };

  // The sums change by the differences only: (v + j)^2 - v^2 = j (2v + j), and so on.
  void change(std::size_t c, double weight_change, int row_change, double survival_jump,
              double hazard_jump) {
    Cluster& cluster = clusters_[c];
    const double old_weight = cluster.weight;
    cluster.rows += row_change;
    // As survfitkm: a cluster with no row left at risk has weight exactly 0.
    cluster.weight = cluster.rows == 0 ? 0.0 : old_weight + weight_change;
    const double jump[2] = {survival_jump, hazard_jump};
    for (int q = 0; q < 2; ++q) {
      const double value = cluster.base[q] + old_weight * level_[q];
      const double new_value = value + jump[q];
      if (jump[q] != 0.0) value_value_[q].add(jump[q] * (2 * value + jump[q]));
      value_weight_[q].add(new_value * cluster.weight - value * old_weight);
      cluster.base[q] = new_value - cluster.weight * level_[q];
    }
    weight_weight_.add(cluster.weight * cluster.weight - old_weight * old_weight);
  }

  std::vector<Cluster> clusters_;
  double level_[2] = {0, 0};
  CompensatedTotal value_value_[2], value_weight_[2], weight_weight_;
};

// The cluster of the row at each exit position, numbered in order of first exit; without a
// cluster column every row is its own cluster.
std::vector<std::size_t> clusters_in_exit_order(const SortedValues& exits,
                                                const std::vector<std::size_t>& cluster,
                                                std::size_t& count) {
  const std::size_t n = exits.order.size();
  std::vector<std::size_t> at_exit(n);
  if (cluster.empty()) {
    for (std::size_t i = 0; i < n; ++i) at_exit[i] = i;
    count = n;
    return at_exit;
  }
  const std::size_t unseen = n;
  std::vector<std::size_t> number(*std::max_element(cluster.begin(), cluster.end()) + 1, unseen);
  count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t& label = number[cluster[exits.order[i]]];
    if (label == unseen) label = count++;
    at_exit[i] = label;
  }
  return at_exit;
}

}  // namespace

void replace_with_robust_errors(const SurvivalData& data, const SortedValues& exits,
                                const std::vector<double>& entry,
                                const std::vector<std::size_t>& cluster,
                                const KaplanMeierOptions& options, KaplanMeierTable& table) {
  const std::size_t n = data.size();
  std::size_t clusters = 0;
  const std::vector<std::size_t> exit_cluster = clusters_in_exit_order(exits, cluster, clusters);
  ClusterInfluences influence(clusters);
  std::vector<std::size_t> entry_order, row_cluster;
  if (entry.empty()) {
    std::vector<double> exit_weight(n);
    for (std::size_t i = 0; i < n; ++i) exit_weight[i] = data.weight_of(exits.order[i]);
    influence.enter_all(exit_cluster, exit_weight);
  } else {
    entry_order = ascending_order(entry);
    row_cluster.resize(n);
    for (std::size_t i = 0; i < n; ++i) row_cluster[exits.order[i]] = exit_cluster[i];
  }
  const double z = confidence_critical_value(options.conf_level);
  bool survival_reached_zero = false;
  std::size_t next_entry = 0, next_exit = 0;
  for (std::size_t k = 0; k < table.time.size(); ++k) {
    const double t = table.time[k];
    for (; next_entry < entry_order.size() && entry[entry_order[next_entry]] < t; ++next_entry) {
      const std::size_t row = entry_order[next_entry];
      influence.enter(row_cluster[row], data.weight_of(row));
    }
    const double d = table.n_event[k], at_risk = table.n_risk[k];
    const bool events = d > 0.0;
    if (events) {
      if (at_risk > d) {
        if (!survival_reached_zero) influence.advance(kSurvival, d / (at_risk * (at_risk - d)));
      } else {
        survival_reached_zero = true;  // S = 0 from here on, and so is its influence
      }
      influence.advance(kHazard, -d / (at_risk * at_risk));
    }
    for (; next_exit < n && exits.value[next_exit] == t; ++next_exit) {
      const double w = data.weight_of(exits.order[next_exit]);
      const bool event = events && data.event[exits.order[next_exit]] != 0;
      const double survival_jump = event && !survival_reached_zero ? -w / (at_risk - d) : 0.0;
      influence.leave(exit_cluster[next_exit], w, survival_jump, event ? w / at_risk : 0.0);
    }
    const double surv = table.surv[k];
    const double se = survival_reached_zero ? 0.0 : surv * std::sqrt(influence.variance(kSurvival));
    table.std_err[k] = se;
    table.std_err_log[k] = se == 0.0 ? 0.0 : se / surv;  // survfit_confint's se / p
    table.std_cumhaz[k] = std::sqrt(influence.variance(kHazard));
    const ConfidenceBounds bounds =
        survival_confidence_interval(surv, table.std_err_log[k], z, options.transform);
    table.lower[k] = bounds.lower;
    table.upper[k] = bounds.upper;
  }
}

}  // namespace nelm
