// G-rho k-sample test after R survival's survdiff: per stratum, one pass over the distinct times
// in decreasing order (survdiff2.c), then the quadratic form on the groups with expected > 0
// less the first (survdiff.R).
#include "estimators/log_rank.h"

#include <algorithm>
#include <cmath>
#include <span>

#include "numerics/distributions.h"
#include "numerics/sort_order.h"
#include "numerics/tied_times.h"

namespace nelm {
namespace {

struct Accumulators {
  std::vector<double> observed, expected;
  Matrix variance;
};

void check_input(const SurvivalData& data, const std::vector<std::size_t>& group,
                 std::size_t group_count, const std::vector<std::size_t>& strata, double rho) {
  if (data.has_entry() || data.has_weight()) {
    throw CoreError("unsupported", "The log-rank test takes neither entry times nor case weights.");
  }
  if (!(rho >= 0.0) || !std::isfinite(rho)) {
    throw CoreError("invalid_rho", "The Fleming-Harrington rho must be a finite number >= 0.",
                    "rho");
  }
  if (group.size() != data.size() || (!strata.empty() && strata.size() != data.size())) {
    throw CoreError("invalid_group", "Group and strata must have one entry per subject.");
  }
  for (std::size_t g : group) {
    if (g >= group_count) throw CoreError("invalid_group", "A group index is out of range.");
  }
  std::vector<bool> present(group_count, false);
  for (std::size_t g : group) present[g] = true;
  if (std::count(present.begin(), present.end(), true) < 2) {
    throw CoreError("single_group", "The test needs subjects in at least two groups.");
  }
}

// One stratum's rows in time order, copied out of the columns so that the passes below read
// memory in sequence (lookups through a sort index were most of the test's time at 10^6 rows).
struct StratumRows {
  std::span<const double> time;
  std::span<const int> event;
  std::span<const std::size_t> group;
};

// One stratum as survdiff2.c processes it. The pooled Kaplan-Meier weight uses unweighted counts
// and is left-continuous: S(t-)^rho.
void add_stratum(const StratumRows& rows, double rho, Accumulators& sums) {
  const std::size_t group_count = sums.observed.size();
  const std::size_t n = rows.time.size();
  const auto& time = rows.time;
  std::vector<double> weight(n, 1.0);  // per row: S(t-)^rho for that row's time
  if (rho != 0.0) {
    double km = 1.0;
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i;
      double deaths = 0.0;
      for (; j < n && time[j] == time[i]; ++j) deaths += rows.event[j] != 0;
      const double km_weight = std::pow(km, rho);
      for (std::size_t r = i; r < j; ++r) weight[r] = km_weight;
      const double at_risk = static_cast<double>(n - i);
      km *= (at_risk - deaths) / at_risk;
      i = j;
    }
  }
  std::vector<double> at_risk_in_group(group_count, 0.0);
  for (std::size_t end = n; end > 0;) {
    // The tied block [start, end) of rows with the same time; everyone from start on is at risk.
    std::size_t start = end;
    double deaths = 0.0;
    const double w = weight[end - 1];
    while (start > 0 && time[start - 1] == time[end - 1]) {
      --start;
      const double died = rows.event[start] != 0 ? 1.0 : 0.0;
      const std::size_t group = rows.group[start];
      deaths += died;
      at_risk_in_group[group] += 1.0;
      sums.observed[group] += died * w;
    }
    const double at_risk = static_cast<double>(n - start);
    end = start;
    if (deaths == 0.0) continue;
    for (std::size_t g = 0; g < group_count; ++g) {
      sums.expected[g] += w * deaths * at_risk_in_group[g] / at_risk;
    }
    if (at_risk == 1.0) continue;  // one subject left: no variance
    for (std::size_t a = 0; a < group_count; ++a) {
      const double term =
          w * w * deaths * at_risk_in_group[a] * (at_risk - deaths) / (at_risk * (at_risk - 1.0));
      sums.variance(a, a) += term;
      for (std::size_t b = 0; b < group_count; ++b) {
        sums.variance(a, b) -= term * at_risk_in_group[b] / at_risk;
      }
    }
  }
}

// U' V^- U on the groups with expected > 0, leaving out the first of them (survdiff.R). R uses
// solve(); a rank-deficient V (which makes R stop) gets a generalised inverse and a warning.
void finish_test(LogRankResult& result) {
  std::vector<std::size_t> used;
  for (std::size_t g = 0; g < result.expected.size(); ++g) {
    if (result.expected[g] > 0.0) used.push_back(g);
  }
  result.df = static_cast<int>(used.size()) - 1;
  result.chi_square = 0.0;
  if (used.size() < 2) {
    result.warnings.push_back({"no_comparison",
                               "Only one group has subjects at risk at the event times, so the "
                               "groups cannot be compared (chi-square 0 on 0 df).",
                               ""});
    result.p = 1.0;  // R: pchisq(0, 0, lower.tail = FALSE) = 1
    return;
  }
  const std::size_t m = used.size() - 1;
  Matrix sub(m);
  std::vector<double> difference(m);
  for (std::size_t a = 0; a < m; ++a) {
    difference[a] = result.observed[used[a + 1]] - result.expected[used[a + 1]];
    for (std::size_t b = 0; b < m; ++b) sub(a, b) = result.variance(used[a + 1], used[b + 1]);
  }
  const CholeskyFactor factor(sub, 1e-12);
  const std::vector<double> solved = factor.solve(difference);
  for (std::size_t a = 0; a < m; ++a) result.chi_square += solved[a] * difference[a];
  if (factor.rank() < static_cast<int>(m)) {
    result.df = factor.rank();
    result.warnings.push_back({"singular_variance",
                               "The variance matrix of the group differences is singular; the test "
                               "uses a generalised inverse with degrees of freedom = its rank.",
                               ""});
  }
  result.p = result.df > 0 ? chi_square_upper_tail(result.chi_square, result.df) : 1.0;
}

}  // namespace

LogRankResult log_rank_test(const SurvivalData& data, const std::vector<std::size_t>& group,
                            std::size_t group_count, const std::vector<std::size_t>& strata,
                            const LogRankOptions& options) {
  check_input(data, group, group_count, strata, options.rho);
  if (std::none_of(data.event.begin(), data.event.end(), [](int e) { return e != 0; })) {
    throw CoreError("no_events", "No events: the groups cannot be compared.");
  }
  // One sort of the raw times; merging near ties (survdiff's timefix = TRUE) keeps them
  // ascending. Strata are then regrouped stably, so each stratum stays in time order.
  SortedValues by_time = sort_ascending(data.time);
  merge_nearly_tied_ascending_times(by_time.value);
  if (!strata.empty()) by_time = grouped(strata, by_time);
  const std::vector<std::size_t>& order = by_time.order;
  const std::vector<double>& sorted_time = by_time.value;
  std::vector<std::size_t> stratum_start{0};
  if (!strata.empty()) {
    for (std::size_t i = 1; i < order.size(); ++i) {
      if (strata[order[i]] != strata[order[i - 1]]) stratum_start.push_back(i);
    }
  }
  stratum_start.push_back(order.size());
  std::vector<int> sorted_event(order.size());
  std::vector<std::size_t> sorted_group(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    sorted_event[i] = data.event[order[i]];
    sorted_group[i] = group[order[i]];
  }

  Accumulators sums{std::vector<double>(group_count, 0.0), std::vector<double>(group_count, 0.0),
                    Matrix(group_count)};
  LogRankResult result;
  result.strata_count = stratum_start.size() - 1;
  for (std::size_t s = 0; s + 1 < stratum_start.size(); ++s) {
    const std::size_t begin = stratum_start[s], length = stratum_start[s + 1] - begin;
    add_stratum({std::span<const double>(sorted_time).subspan(begin, length),
                 std::span<const int>(sorted_event).subspan(begin, length),
                 std::span<const std::size_t>(sorted_group).subspan(begin, length)},
                options.rho, sums);
  }
  result.n.assign(group_count, 0.0);
  for (std::size_t g : group) result.n[g] += 1.0;
  result.observed = std::move(sums.observed);
  result.expected = std::move(sums.expected);
  result.variance = std::move(sums.variance);
  result.rho = options.rho;
  finish_test(result);
  return result;
}

}  // namespace nelm
