// Log partial likelihood, score and information of the Cox model in one backward pass over the
// sorted data, following R survival's coxfit6.c (coxfit6_iter) step by step.
#include "cox_likelihood.h"

#include <cmath>

namespace nelm {

std::size_t CoxDesign::tie_group_begin(std::size_t last) const {
  std::size_t begin = last;
  while (begin > 0 && time[begin - 1] == time[last] && stratum[begin - 1] == stratum[last]) {
    --begin;
  }
  return begin;
}

namespace {

// Running sums over the risk set: sum of w*exp(eta), of w*exp(eta)*x and of w*exp(eta)*x*x'
// (lower triangle only, as in coxfit6).
struct RiskSums {
  explicit RiskSums(std::size_t p) : x(p, 0.0), xx(p * p, 0.0) {}
  void clear() {
    total = 0;
    std::fill(x.begin(), x.end(), 0.0);
    std::fill(xx.begin(), xx.end(), 0.0);
  }
  void add(const double* covariates, double risk) {
    const std::size_t p = x.size();
    total += risk;
    for (std::size_t i = 0; i < p; ++i) {
      const double risk_x = risk * covariates[i];
      x[i] += risk_x;
      for (std::size_t j = 0; j <= i; ++j) xx[i * p + j] += risk_x * covariates[j];
    }
  }
  double total = 0;
  std::vector<double> x;
  std::vector<double> xx;
};

// Adds the deaths of one tied time to the score and information. Breslow enters all deaths at
// once; Efron (more than one death) enters them in `deaths` equal fractions, each step using the
// risk set with the deaths (k/d) removed -- coxfit6's "denom += denom2/ndead" loop.
void add_tied_deaths(const RiskSums& dead, double deaths, double dead_weight, bool efron,
                     RiskSums& at_risk, CoxDerivatives& result) {
  const std::size_t p = at_risk.x.size();
  const double steps = (efron && deaths > 1) ? deaths : 1.0;
  const double weight_per_step = dead_weight / steps;
  for (int step = 0; step < static_cast<int>(steps); ++step) {
    at_risk.total += dead.total / steps;
    result.loglik -= weight_per_step * std::log(at_risk.total);
    for (std::size_t i = 0; i < p; ++i) {
      at_risk.x[i] += dead.x[i] / steps;
      const double mean = at_risk.x[i] / at_risk.total;
      result.score[i] -= weight_per_step * mean;
      for (std::size_t j = 0; j <= i; ++j) {
        at_risk.xx[i * p + j] += dead.xx[i * p + j] / steps;
        result.information(j, i) +=
            weight_per_step * (at_risk.xx[i * p + j] - mean * at_risk.x[j]) / at_risk.total;
      }
    }
  }
}

}  // namespace

CoxDerivatives cox_partial_likelihood(const CoxDesign& design, const std::vector<double>& beta) {
  const std::size_t p = design.p;
  CoxDerivatives result{0.0, std::vector<double>(p, 0.0), Matrix(p)};
  RiskSums at_risk(p), dead(p);
  std::size_t end = design.n;  // rows [begin, end) form the current tie group
  while (end > 0) {
    const std::size_t last = end - 1;
    if (last + 1 == design.n || design.stratum[last] != design.stratum[last + 1]) at_risk.clear();
    const std::size_t begin = design.tie_group_begin(last);
    dead.clear();
    double deaths = 0, dead_weight = 0;
    for (std::size_t row = end; row-- > begin;) {
      const double* covariates = design.row(row);
      double eta = 0;
      for (std::size_t i = 0; i < p; ++i) eta += beta[i] * covariates[i];
      const double weight = design.weight[row];
      const double risk = std::exp(eta) * weight;
      if (design.status[row] == 0) {
        at_risk.add(covariates, risk);
        continue;
      }
      deaths += 1;
      dead_weight += weight;
      result.loglik += weight * eta;
      for (std::size_t i = 0; i < p; ++i) result.score[i] += weight * covariates[i];
      dead.add(covariates, risk);
    }
    if (deaths > 0) add_tied_deaths(dead, deaths, dead_weight, design.efron, at_risk, result);
    end = begin;
  }
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < i; ++j) result.information(i, j) = result.information(j, i);
  }
  return result;
}

}  // namespace nelm
