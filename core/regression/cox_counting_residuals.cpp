// Score residuals of a Cox fit to counting-process data, as R survival's agscore2.c (residuals
// (type = "score") of an agreg fit), and the per-cluster sums the robust variance needs.
#include <algorithm>
#include <cmath>

#include "regression/cox_likelihood.h"

namespace nelm {
namespace {

// One stratum's death times, ascending, with the cumulative sums of the hazard and of the
// hazard-weighted means: cumulative[k] is the sum over the first k death times.
struct StratumHazards {
  std::vector<double> time;
  std::vector<double> cumulative_hazard;       // k + 1 entries, starting at 0
  std::vector<double> cumulative_hazard_mean;  // (k + 1) x p
  std::vector<DeathTimeTerms> terms;           // per death time, ascending
};

// Backward pass over the exit times with rows leaving at their entry (as in the likelihood):
// the risk-set sums at each death time give its DeathTimeTerms.
std::vector<StratumHazards> death_time_hazards(const CoxDesign& design,
                                               const std::vector<double>& risk, bool efron) {
  const std::size_t p = design.p;
  std::vector<StratumHazards> strata(design.n == 0 ? 0 : design.stratum.back() + 1);
  std::vector<double> risk_x(p), death_x(p);
  double risk_total = 0;
  std::size_t at_risk = 0, leaving = design.n;
  auto move = [&](std::size_t row, double sign) {
    const double weighted = sign * risk[row] * design.weight[row];
    risk_total += weighted;
    for (std::size_t j = 0; j < p; ++j) risk_x[j] += weighted * design.row(row)[j];
  };
  for (std::size_t end = design.n; end > 0;) {
    const std::size_t last = end - 1, begin = design.tie_group_begin(last);
    const std::size_t stratum = design.stratum[last];
    const double time = design.time[last];
    if (last + 1 == design.n || stratum != design.stratum[last + 1]) {
      risk_total = 0, at_risk = 0;
      std::fill(risk_x.begin(), risk_x.end(), 0.0);
    }
    while (leaving > 0 && design.stratum[design.by_entry[leaving - 1]] > stratum) --leaving;
    while (leaving > 0 && design.stratum[design.by_entry[leaving - 1]] == stratum &&
           design.entry[design.by_entry[leaving - 1]] >= time) {
      move(design.by_entry[--leaving], -1.0);
      if (--at_risk == 0) {
        risk_total = 0;
        std::fill(risk_x.begin(), risk_x.end(), 0.0);
      }
    }
    double deaths = 0, death_weight = 0, death_risk = 0;
    std::fill(death_x.begin(), death_x.end(), 0.0);
    for (std::size_t row = begin; row < end; ++row) {
      move(row, 1.0);
      ++at_risk;
      if (design.status[row] == 0) continue;
      const double weighted = risk[row] * design.weight[row];
      deaths += 1;
      death_weight += design.weight[row];
      death_risk += weighted;
      for (std::size_t j = 0; j < p; ++j) death_x[j] += weighted * design.row(row)[j];
    }
    end = begin;
    if (deaths == 0) continue;
    strata[stratum].time.push_back(time);
    strata[stratum].terms.push_back(
        death_time_terms(risk_total, risk_x, death_risk, death_x, deaths, death_weight, efron));
  }
  for (StratumHazards& s : strata) {
    std::reverse(s.time.begin(), s.time.end());
    std::reverse(s.terms.begin(), s.terms.end());
    s.cumulative_hazard.assign(s.time.size() + 1, 0.0);
    s.cumulative_hazard_mean.assign((s.time.size() + 1) * p, 0.0);
    for (std::size_t k = 0; k < s.time.size(); ++k) {
      s.cumulative_hazard[k + 1] = s.cumulative_hazard[k] + s.terms[k].hazard;
      for (std::size_t j = 0; j < p; ++j) {
        s.cumulative_hazard_mean[(k + 1) * p + j] =
            s.cumulative_hazard_mean[k * p + j] + s.terms[k].hazard_mean[j];
      }
    }
  }
  return strata;
}

}  // namespace

// Residual of row i on (s_i, t_i]: delta_i (x_i - xbar(t_i)) - r_i sum_{s_i < t_j <= t_i}
// (x_i - xbar_j) dLambda_j, where a death's own time uses the Efron-adjusted terms; the sum over
// the interval is a difference of cumulative sums.
std::vector<double> cox_counting_score_residuals(const CoxDesign& design,
                                                 const std::vector<double>& beta, bool efron) {
  const std::size_t p = design.p;
  std::vector<double> risk(design.n);
  for (std::size_t row = 0; row < design.n; ++row) {
    double eta = 0;
    for (std::size_t j = 0; j < p; ++j) eta += beta[j] * design.row(row)[j];
    risk[row] = std::exp(eta);
  }
  const std::vector<StratumHazards> strata = death_time_hazards(design, risk, efron);
  std::vector<double> residuals(design.n * p, 0.0);
  for (std::size_t row = 0; row < design.n; ++row) {
    const StratumHazards& s = strata[design.stratum[row]];
    const double* x = design.row(row);
    double* out = residuals.data() + row * p;
    const auto first = static_cast<std::size_t>(
        std::upper_bound(s.time.begin(), s.time.end(), design.entry[row]) - s.time.begin());
    auto through = static_cast<std::size_t>(
        std::upper_bound(s.time.begin(), s.time.end(), design.time[row]) - s.time.begin());
    if (design.status[row] != 0) {
      const DeathTimeTerms& own = s.terms[--through];  // this row's own death time
      for (std::size_t j = 0; j < p; ++j) {
        out[j] = (x[j] - own.average_mean[j]) -
                 risk[row] * (x[j] * own.death_hazard - own.death_hazard_mean[j]);
      }
    }
    if (through > first) {
      const double hazard = s.cumulative_hazard[through] - s.cumulative_hazard[first];
      for (std::size_t j = 0; j < p; ++j) {
        const double hazard_mean =
            s.cumulative_hazard_mean[through * p + j] - s.cumulative_hazard_mean[first * p + j];
        out[j] -= risk[row] * (x[j] * hazard - hazard_mean);
      }
    }
    // Case weights (weighted = TRUE), and back from the scaled covariates.
    for (std::size_t j = 0; j < p; ++j) out[j] *= design.weight[row] / design.scale[j];
  }
  return residuals;
}

std::vector<double> collapse_by_cluster(const CoxDesign& design,
                                        const std::vector<double>& residuals,
                                        const std::vector<std::size_t>& cluster,
                                        std::size_t clusters) {
  const std::size_t p = design.p;
  std::vector<double> sums(clusters * p, 0.0);
  for (std::size_t row = 0; row < design.n; ++row) {
    const std::size_t c = cluster[design.row_of[row]];
    for (std::size_t j = 0; j < p; ++j) sums[c * p + j] += residuals[row * p + j];
  }
  return sums;
}

}  // namespace nelm
