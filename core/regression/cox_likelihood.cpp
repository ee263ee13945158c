// Log partial likelihood, score and information of the Cox model in one backward pass over the
// sorted data, following R survival's coxfit6.c (coxfit6_iter); Efron's steps for tied deaths are
// summed in closed form (add_tied_deaths).
#include "regression/cox_likelihood.h"

#include <cmath>

namespace nelm {

std::size_t CoxDesign::tie_group_begin(std::size_t last) const {
  std::size_t begin = last;
  while (begin > 0 && time[begin - 1] == time[last] && stratum[begin - 1] == stratum[last]) {
    --begin;
  }
  return begin;
}

// Adds the deaths of one tied time to the score and information, then adds them to the risk set.
// Breslow enters all deaths at once; Efron (more than one death) in `deaths` equal fractions
// f = 1/d, 2/d, ..., 1 of the deaths' sums (coxfit6's "denom += denom2/ndead" loop). Each step's
// terms are linear in the risk-set sums, which are A + f D (A: the others at risk, D: the
// deaths), so the steps reduce to five scalar sums over f and the p x p work is done once per
// tied time instead of once per death:
//   score      -= sum_f c (A_x + f D_x),                  c = w / (A_t + f D_t)
//   information += sum_f c [(A_xx + f D_xx) - (A_x + f D_x)(A_x + f D_x)' / (A_t + f D_t)].
void add_tied_deaths(const RiskSums& dead, double deaths, double dead_weight, bool efron,
                     RiskSums& at_risk, CoxDerivatives& result) {
  const std::size_t p = at_risk.x.size();
  const double steps = (efron && deaths > 1) ? deaths : 1.0;
  const double weight_per_step = dead_weight / steps;
  double c_sum = 0, cf_sum = 0, c_per_total = 0, cf_per_total = 0, cff_per_total = 0;
  for (int step = 1; step <= static_cast<int>(steps); ++step) {
    const double f = step / steps;
    const double total = at_risk.total + f * dead.total;
    result.loglik -= weight_per_step * std::log(total);
    const double c = weight_per_step / total;
    c_sum += c;
    cf_sum += c * f;
    c_per_total += c / total;
    cf_per_total += c * f / total;
    cff_per_total += c * f * f / total;
  }
  for (std::size_t i = 0; i < p; ++i) {
    const double a_i = at_risk.x[i], d_i = dead.x[i];
    result.score[i] -= a_i * c_sum + d_i * cf_sum;
    for (std::size_t j = 0; j <= i; ++j) {
      const double a_j = at_risk.x[j], d_j = dead.x[j];
      result.information(j, i) +=
          at_risk.xx[i * p + j] * c_sum + dead.xx[i * p + j] * cf_sum -
          (a_i * a_j * c_per_total + (a_i * d_j + d_i * a_j) * cf_per_total +
           d_i * d_j * cff_per_total);
    }
  }
  at_risk.total += dead.total;
  for (std::size_t i = 0; i < p; ++i) {
    at_risk.x[i] += dead.x[i];
    for (std::size_t j = 0; j <= i; ++j) at_risk.xx[i * p + j] += dead.xx[i * p + j];
  }
}

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
