// cox.zph's score test, transcribed from R survival >= 3.0: R/cox.zph.R for the time transform
// and the statistics, src/zph1.c (src/zph2.c for counting-process data) for the score vector and
// the 2p x 2p information, which is one Newton step of the Cox model with the extra covariates
// g(t) * x, taken at the fitted beta.
#include "regression/cox_zph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/core_error.h"
#include "numerics/distributions.h"
#include "numerics/sort_order.h"
#include "numerics/tied_times.h"

namespace nelm {
namespace {

// g(t) at each row's time, centred at its mean over the event rows (cox.zph's gtime). With
// entry times the Kaplan-Meier's risk set at t is entry < t <= time (survfitKM on Surv(start,
// stop)).
// `order`: the rows in ascending time (how ties are ordered does not matter here).
std::vector<double> time_weights(const std::vector<double>& time, const std::vector<double>& entry,
                                 const std::vector<int>& event, TimeTransform transform,
                                 const std::vector<std::size_t>& order) {
  const std::size_t n = time.size();
  std::vector<double> g = time;
  if (transform == TimeTransform::km) {
    // 1 - KM(t-): the pooled, unweighted Kaplan-Meier just before t (survfitKM, findInterval).
    std::vector<double> sorted_entry = entry;
    std::sort(sorted_entry.begin(), sorted_entry.end());
    double surv = 1.0;
    for (std::size_t i = 0; i < n;) {
      std::size_t end = i;
      double deaths = 0.0;
      for (; end < n && time[order[end]] == time[order[i]]; ++end) deaths += event[order[end]] != 0;
      for (std::size_t k = i; k < end; ++k) g[order[k]] = 1.0 - surv;
      // At risk: exit >= t (n - i rows) less those that enter at or after t.
      const auto not_entered = static_cast<double>(
          sorted_entry.end() -
          std::lower_bound(sorted_entry.begin(), sorted_entry.end(), time[order[i]]));
      surv *= 1.0 - deaths / (static_cast<double>(n - i) - not_entered);
      i = end;
    }
  }
  double sum = 0.0, events = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (event[i] == 0) continue;
    sum += g[i];
    events += 1.0;
  }
  for (double& value : g) value -= sum / events;
  return g;
}

// Running sums over the current risk set (weights w * exp(eta)): total, first and second moments.
struct RiskSums {
  double total = 0;
  std::vector<double> x;
  Matrix xx;
  explicit RiskSums(std::size_t p) : x(p, 0.0), xx(p) {}
  void add(double risk, const std::vector<double>& row_x) {
    total += risk;
    for (std::size_t i = 0; i < x.size(); ++i) {
      x[i] += risk * row_x[i];
      for (std::size_t j = 0; j < x.size(); ++j) xx(i, j) += risk * row_x[i] * row_x[j];
    }
  }
  void add_part_of(const RiskSums& other, double fraction) {
    total += other.total * fraction;
    for (std::size_t i = 0; i < x.size(); ++i) {
      x[i] += other.x[i] * fraction;
      for (std::size_t j = 0; j < x.size(); ++j) xx(i, j) += other.xx(i, j) * fraction;
    }
  }
};

// u holds the time-weighted score sum_deaths g(t) (x - xbar) (the last p elements of zph1's u;
// the first p are the fitted model's score, 0 at the estimate); info is the 2p x 2p information.
struct ScoreTest {
  std::vector<double> u;
  Matrix info;
};

// One term of the information and score at a death time with `weight` deaths against `risk`.
void add_information(ScoreTest& test, const RiskSums& risk, double weight, double g) {
  const std::size_t p = risk.x.size();
  for (std::size_t i = 0; i < p; ++i) {
    const double mean_i = risk.x[i] / risk.total;
    test.u[i] -= g * weight * mean_i;
    for (std::size_t j = 0; j < p; ++j) {
      const double term = weight * (risk.xx(i, j) - mean_i * risk.x[j]) / risk.total;
      test.info(i, j) += term;
      test.info(i, j + p) += g * term;
      test.info(i + p, j) += g * term;
      test.info(i + p, j + p) += g * g * term;
    }
  }
}

struct RowData {
  const std::vector<double>& time;
  const std::vector<double>& entry;  // empty unless counting-process data
  const std::vector<int>& event;
  const std::vector<std::vector<double>>& x;  // centred covariates, one vector per row
  const std::vector<double>& risk;            // w * exp(eta)
  const std::vector<double>& g;
  const SurvivalData& survival;
};

// One stratum, rows sorted by time ascending, walked backwards so the risk set only grows, but
// for counting-process data, where a row leaves once the walk reaches its entry time (zph2.c).
void accumulate_stratum(const std::vector<std::size_t>& rows, const RowData& in, TiesMethod ties,
                        ScoreTest& test) {
  const std::size_t p = test.u.size();
  RiskSums at_risk(p);
  std::vector<std::size_t> by_entry;  // the stratum's rows by ascending entry, read from the end
  if (!in.entry.empty()) {
    by_entry = rows;
    std::stable_sort(by_entry.begin(), by_entry.end(),
                     [&](std::size_t a, std::size_t b) { return in.entry[a] < in.entry[b]; });
  }
  std::size_t leaving = by_entry.size(), at_risk_count = 0;
  for (std::size_t end = rows.size(); end > 0;) {
    std::size_t begin = end;
    const double t = in.time[rows[end - 1]];
    while (begin > 0 && in.time[rows[begin - 1]] == t) --begin;
    while (leaving > 0 && in.entry[by_entry[leaving - 1]] >= t) {
      const std::size_t row = by_entry[--leaving];
      if (--at_risk_count == 0) {
        at_risk = RiskSums(p);
      } else {
        at_risk.add(-in.risk[row], in.x[row]);
      }
    }
    at_risk_count += end - begin;
    RiskSums deaths(p);
    double death_weight = 0.0, g = 0.0;
    int death_count = 0;
    for (std::size_t k = begin; k < end; ++k) {
      const std::size_t row = rows[k];
      if (in.event[row] == 0) {
        at_risk.add(in.risk[row], in.x[row]);
        continue;
      }
      const double w = in.survival.weight_of(row);
      for (std::size_t i = 0; i < p; ++i) test.u[i] += in.g[row] * w * in.x[row][i];
      deaths.add(in.risk[row], in.x[row]);
      death_weight += w;
      g = in.g[row];
      ++death_count;
    }
    if (death_count > 0 && ties == TiesMethod::efron) {
      // Efron: the tied deaths join the risk set in d equal parts, one term per part.
      for (int k = 0; k < death_count; ++k) {
        at_risk.add_part_of(deaths, 1.0 / death_count);
        add_information(test, at_risk, death_weight / death_count, g);
      }
    } else if (death_count > 0) {
      at_risk.add_part_of(deaths, 1.0);
      add_information(test, at_risk, death_weight, g);
    }
    end = begin;
  }
}

// u' I^-1 u over the rows `indices` of the information, with the model's own score taken as 0;
// NaN when that part of the information is singular.
double score_statistic(const ScoreTest& test, const std::vector<std::size_t>& indices) {
  const std::size_t p = test.u.size(), m = indices.size();
  Matrix sub(m);
  std::vector<double> u(m, 0.0);
  for (std::size_t a = 0; a < m; ++a) {
    if (indices[a] >= p) u[a] = test.u[indices[a] - p];
    for (std::size_t b = 0; b < m; ++b) sub(a, b) = test.info(indices[a], indices[b]);
  }
  const CholeskyFactor factor(sub, 1e-12);
  if (factor.rank() < static_cast<int>(m) || !factor.is_non_negative_definite()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::vector<double> solved = factor.solve(u);
  return std::inner_product(solved.begin(), solved.end(), u.begin(), 0.0);
}

void check_input(const CoxData& data, const std::vector<double>& coef) {
  const std::size_t n = data.survival.size();
  bool sizes_ok = data.covariates.size() == coef.size() &&
                  data.covariates.size() == data.covariate_names.size() &&
                  data.survival.event.size() == n &&
                  (!data.survival.has_weight() || data.survival.weight.size() == n) &&
                  (data.strata.empty() || data.strata.size() == n);
  for (const auto& column : data.covariates) sizes_ok = sizes_ok && column.size() == n;
  sizes_ok = sizes_ok && (!data.survival.has_entry() || data.survival.entry.size() == n);
  if (!sizes_ok) throw CoreError("invalid_input", "coefficients and covariates differ in size");
  if (std::none_of(data.survival.event.begin(), data.survival.event.end(),
                   [](int e) { return e != 0; })) {
    throw CoreError("no_events", "the proportional-hazards test needs at least one event");
  }
}

// Covariates by row, centred at their column means (zph1 recentres for stability); the risk
// weights w * exp(eta) use the same centring, which cancels within each risk set.
void centred_rows(const CoxData& data, const std::vector<double>& coef,
                  std::vector<std::vector<double>>& x, std::vector<double>& risk) {
  const std::size_t n = data.survival.size(), p = coef.size();
  x.assign(n, std::vector<double>(p, 0.0));
  risk.assign(n, 0.0);
  for (std::size_t k = 0; k < p; ++k) {
    const double mean = std::accumulate(data.covariates[k].begin(), data.covariates[k].end(), 0.0) /
                        static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) x[i][k] = data.covariates[k][i] - mean;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double eta = std::inner_product(x[i].begin(), x[i].end(), coef.begin(), 0.0);
    risk[i] = data.survival.weight_of(i) * std::exp(eta);
  }
}

}  // namespace

ProportionalHazardsTest cox_zph(const CoxData& data, TiesMethod ties,
                                const std::vector<double>& coef, TimeTransform transform) {
  check_input(data, coef);
  const std::size_t n = data.survival.size(), p = coef.size();
  std::vector<double> time = data.survival.time, entry = data.survival.entry;
  // The rows by ascending time (stable, as R's order), nearly tied times merged first (survfit's
  // timefix): without entry times merge_nearly_tied_times's own sort, kept, is that order unless
  // a time was merged.
  std::vector<std::size_t> time_order;
  if (data.survival.has_entry()) {
    merge_nearly_tied_times(time, &entry);
    time_order = ascending_order(time);
  } else {
    SortedValues sorted = sort_ascending(time);
    time_order = std::move(sorted.order);
    if (merge_nearly_tied_ascending_times(sorted.value)) {
      for (std::size_t i = 0; i < n; ++i) time[time_order[i]] = sorted.value[i];
      time_order = ascending_order(time);
    }
  }
  std::vector<int> event(n);
  for (std::size_t i = 0; i < n; ++i) event[i] = data.survival.event[i] != 0 ? 1 : 0;
  const std::vector<double> g = time_weights(time, entry, event, transform, time_order);
  std::vector<std::vector<double>> x;
  std::vector<double> risk;
  centred_rows(data, coef, x, risk);

  auto stratum_of = [&](std::size_t row) { return data.strata.empty() ? 0 : data.strata[row]; };
  // By stratum, then time; tied times in row order.
  const std::vector<std::size_t> order =
      data.strata.empty() ? std::move(time_order) : grouped_order(data.strata, time_order);
  ScoreTest test{std::vector<double>(p, 0.0), Matrix(2 * p)};
  const RowData rows_in{time, entry, event, x, risk, g, data.survival};
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin;
    while (end < n && stratum_of(order[end]) == stratum_of(order[begin])) ++end;
    const std::vector<std::size_t> stratum_rows(order.begin() + static_cast<std::ptrdiff_t>(begin),
                                                order.begin() + static_cast<std::ptrdiff_t>(end));
    accumulate_stratum(stratum_rows, rows_in, ties, test);
    begin = end;
  }

  ProportionalHazardsTest result;
  std::vector<std::size_t> model_indices(p);
  std::iota(model_indices.begin(), model_indices.end(), std::size_t{0});
  for (std::size_t j = 0; j < p; ++j) {
    std::vector<std::size_t> indices = model_indices;
    indices.push_back(p + j);
    const double statistic = score_statistic(test, indices);
    result.rows.push_back(data.covariate_names[j]);
    result.chi_square.push_back(statistic);
    result.df.push_back(1.0);
    result.p.push_back(std::isnan(statistic) ? statistic : chi_square_upper_tail(statistic, 1.0));
    if (std::isnan(statistic)) result.singular_rows.push_back(data.covariate_names[j]);
  }
  std::vector<std::size_t> all(2 * p);
  std::iota(all.begin(), all.end(), std::size_t{0});
  result.global_chi_square = score_statistic(test, all);
  result.global_df = static_cast<double>(p);
  if (std::isnan(result.global_chi_square)) {
    result.global_p = result.global_chi_square;
    result.singular_rows.push_back("GLOBAL");
  } else {
    result.global_p = chi_square_upper_tail(result.global_chi_square, result.global_df);
  }
  result.rows.push_back("GLOBAL");
  result.chi_square.push_back(result.global_chi_square);
  result.df.push_back(result.global_df);
  result.p.push_back(result.global_p);
  return result;
}

}  // namespace nelm
