// The exact (discrete, conditional-logistic) partial likelihood for right-censored data, as R
// survival's coxexact.c, and the work estimate the boundary checks before an exact fit.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "numerics/sort_order.h"
#include "regression/cox_exact_sums.h"
#include "regression/cox_likelihood.h"

namespace nelm {
namespace {

// One tie group of the backward pass: sorted rows [begin, end), its deaths, and the largest
// number of tied deaths at this or any earlier time of the stratum (the degree its rows need).
struct TieGroup {
  std::size_t begin, end, deaths, degree_needed;
};

// Tie groups in backward order (latest time first, strata from the last), with degree_needed.
std::vector<TieGroup> backward_tie_groups(const CoxDesign& design) {
  std::vector<TieGroup> groups;
  for (std::size_t end = design.n; end > 0;) {
    const std::size_t begin = design.tie_group_begin(end - 1);
    std::size_t deaths = 0;
    for (std::size_t row = begin; row < end; ++row) deaths += design.status[row] != 0 ? 1 : 0;
    groups.push_back({begin, end, deaths, deaths});
    end = begin;
  }
  // Walking forward in time within each stratum, keep the running maximum.
  std::size_t needed = 0;
  for (std::size_t g = groups.size(); g-- > 0;) {
    const bool stratum_starts = g + 1 == groups.size() || design.stratum[groups[g].begin] !=
                                                              design.stratum[groups[g + 1].begin];
    if (stratum_starts) needed = 0;
    needed = std::max(needed, groups[g].deaths);
    groups[g].degree_needed = needed;
  }
  return groups;
}

// Adds one tied time's d deaths: loglik -= log e_d, score -= d1/e_d, information += d2/e_d -
// (d1/e_d)(d1/e_d)' (coxexact.c's loop over covariates).
void add_exact_deaths(const ExactTieSums& sums, std::size_t deaths, CoxDerivatives& result) {
  const std::size_t p = result.score.size();
  result.loglik -= sums.log_value(deaths);
  for (std::size_t j = 0; j < p; ++j) {
    const double mean_j = sums.mean(deaths, j);
    result.score[j] -= mean_j;
    for (std::size_t l = 0; l <= j; ++l) {
      result.information(l, j) += sums.second_moment(deaths, j, l) - mean_j * sums.mean(deaths, l);
    }
  }
}

}  // namespace

CoxDerivatives cox_exact_partial_likelihood(const CoxDesign& design,
                                            const std::vector<double>& beta) {
  const std::size_t p = design.p;
  CoxDerivatives result{0.0, std::vector<double>(p, 0.0), Matrix(p)};
  const std::vector<TieGroup> groups = backward_tie_groups(design);
  std::size_t max_degree = 1;
  for (const TieGroup& group : groups) max_degree = std::max(max_degree, group.degree_needed);
  ExactTieSums sums(p, max_degree);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const TieGroup& group = groups[g];
    if (g == 0 || design.stratum[group.begin] != design.stratum[groups[g - 1].begin]) {
      sums.reset(group.degree_needed);
    }
    sums.lower_degree(group.degree_needed);
    for (std::size_t row = group.begin; row < group.end; ++row) {
      const double* x = design.row(row);
      double eta = 0;
      for (std::size_t j = 0; j < p; ++j) eta += beta[j] * x[j];
      sums.add(x, eta);
      if (design.status[row] == 0) continue;
      result.loglik += eta;
      for (std::size_t j = 0; j < p; ++j) result.score[j] += x[j];
    }
    if (group.deaths > 0) add_exact_deaths(sums, group.deaths, result);
  }
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < i; ++j) result.information(i, j) = result.information(j, i);
  }
  return result;
}

namespace {

// Right-censored: per stratum, rows x the largest number of deaths at one time.
double right_censored_exact_work(const CoxData& data) {
  const std::size_t n = data.survival.size();
  std::vector<std::size_t> order = ascending_order(data.survival.time);
  if (!data.strata.empty()) order = grouped_order(data.strata, order);
  auto stratum = [&](std::size_t row) { return data.strata.empty() ? 0 : data.strata[row]; };
  double work = 0, stratum_rows = 0, largest_tie = 0, tie = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t row = order[k];
    const bool new_stratum = k > 0 && stratum(row) != stratum(order[k - 1]);
    if (new_stratum) {
      work += stratum_rows * largest_tie;
      stratum_rows = largest_tie = 0;
    }
    if (k == 0 || new_stratum || data.survival.time[row] != data.survival.time[order[k - 1]]) {
      tie = 0;
    }
    stratum_rows += 1;
    tie += data.survival.event[row] != 0 ? 1 : 0;
    largest_tie = std::max(largest_tie, tie);
  }
  return work + stratum_rows * largest_tie;
}

// Counting process: at each time with d > 1 deaths, the number at risk x d.
double counting_exact_work(const CoxData& data) {
  const SurvivalData& survival = data.survival;
  const std::size_t n = survival.size();
  std::vector<std::size_t> by_exit = ascending_order(survival.time);
  std::vector<std::size_t> by_entry = ascending_order(survival.entry);
  if (!data.strata.empty()) {
    by_exit = grouped_order(data.strata, by_exit);
    by_entry = grouped_order(data.strata, by_entry);
  }
  auto stratum = [&](std::size_t row) { return data.strata.empty() ? 0 : data.strata[row]; };
  // Backward over exit times: at risk at t = exits >= t minus entries >= t, within the stratum.
  double work = 0;
  std::size_t exits_seen = 0, entries_seen = 0;
  std::size_t entry_pointer = n;
  for (std::size_t k = n; k > 0;) {
    const std::size_t last = by_exit[k - 1];
    std::size_t begin = k - 1, deaths = 0;
    while (begin > 0 && stratum(by_exit[begin - 1]) == stratum(last) &&
           survival.time[by_exit[begin - 1]] == survival.time[last]) {
      --begin;
    }
    if (k == n || stratum(by_exit[k]) != stratum(last)) exits_seen = entries_seen = 0;
    for (std::size_t i = begin; i < k; ++i) deaths += survival.event[by_exit[i]] != 0 ? 1 : 0;
    exits_seen += k - begin;
    while (entry_pointer > 0 && stratum(by_entry[entry_pointer - 1]) > stratum(last))
      --entry_pointer;
    while (entry_pointer > 0 && stratum(by_entry[entry_pointer - 1]) == stratum(last) &&
           survival.entry[by_entry[entry_pointer - 1]] >= survival.time[last]) {
      --entry_pointer;
      ++entries_seen;
    }
    if (deaths > 1) {
      work += static_cast<double>(exits_seen - entries_seen) * static_cast<double>(deaths);
    }
    k = begin;
  }
  return work;
}

}  // namespace

double cox_exact_work(const CoxData& data, TiesMethod ties) {
  if (ties != TiesMethod::exact || data.survival.size() == 0) return 0.0;
  return data.survival.has_entry() ? counting_exact_work(data) : right_censored_exact_work(data);
}

}  // namespace nelm
