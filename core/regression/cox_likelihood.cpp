// Log partial likelihood, score and information of the Cox model in one backward pass over the
// sorted data, following R survival's coxfit6.c (coxfit6_iter); Efron's steps for tied deaths are
// summed in closed form (add_tied_deaths).
#include "regression/cox_likelihood.h"

#include <cmath>

#include "numerics/unrolled_width.h"

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
  // The steps' log(total) are summed as the log of their product (one log per tied time, not
  // one per death: a tie of hundreds of deaths is common in whole-day registry data), the
  // product taken back to a log before it could leave the range where it is exact to rounding.
  double log_sum = 0, product = 1;
  for (int step = 1; step <= static_cast<int>(steps); ++step) {
    const double f = step / steps;
    const double total = at_risk.total + f * dead.total;
    if (total > 1e-100 && total < 1e100) {
      product *= total;
      if (product > 1e150 || product < 1e-150) {
        log_sum += std::log(product);
        product = 1;
      }
    } else {
      log_sum += std::log(total);
    }
    const double inverse = 1.0 / total;
    const double c = weight_per_step * inverse;
    c_sum += c;
    cf_sum += c * f;
    c_per_total += c * inverse;
    cf_per_total += c * f * inverse;
    cff_per_total += c * f * f * inverse;
  }
  result.loglik -= weight_per_step * (log_sum + std::log(product));
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

namespace {

// One tie group's rows summed into locals: the censored rows' risk sums (they join the risk set
// before the group's deaths are scored), the deaths' risk sums, and the deaths' loglik and score
// terms. With the number of covariates P fixed at compile time the loops unroll and the sums stay
// in registers; P = 0 is the general case (any p, sums in the RiskSums).
template <std::size_t P>
struct GroupSums {
  static constexpr std::size_t kTriangle = P * (P + 1) / 2;
  double total[2] = {0, 0};  // censored, deaths
  double x[2][P] = {};
  double xx[2][kTriangle] = {};
  double score[P] = {};
  double loglik = 0, deaths = 0, dead_weight = 0;

  void add(const double* covariates, double risk, int which) {
    total[which] += risk;
    std::size_t k = 0;
    for (std::size_t i = 0; i < P; ++i) {
      const double risk_x = risk * covariates[i];
      x[which][i] += risk_x;
      for (std::size_t j = 0; j <= i; ++j) xx[which][k++] += risk_x * covariates[j];
    }
  }
  void add_to(RiskSums& sums, int which) const {
    sums.total += total[which];
    std::size_t k = 0;
    for (std::size_t i = 0; i < P; ++i) {
      sums.x[i] += x[which][i];
      for (std::size_t j = 0; j <= i; ++j) sums.xx[i * P + j] += xx[which][k++];
    }
  }
};

// beta'x of one row; 0 without a product when every coefficient is 0 (the first evaluation).
template <std::size_t P>
double linear_predictor(const double* beta, const double* covariates, bool zero_beta) {
  double eta = 0;
  if (!zero_beta) {
    for (std::size_t i = 0; i < P; ++i) eta += beta[i] * covariates[i];
  }
  return eta;
}

// The rows [begin, end) of one tie group, read backwards as coxfit6 does. `zero_beta`: every
// coefficient is 0 (the first evaluation), so eta = 0 and the risk is the weight, without exp.
// Out of line on purpose: called once per tie group, V8 optimises it early in the page's first
// request (a WebAssembly function's first call runs unoptimised to its end).
template <std::size_t P>
__attribute__((noinline)) void sum_tie_group(const CoxDesign& design, const double* beta,
                                             bool zero_beta, std::size_t begin, std::size_t end,
                                             GroupSums<P>& sums) {
  for (std::size_t row = end; row-- > begin;) {
    const double* covariates = design.row(row);
    const double eta = linear_predictor<P>(beta, covariates, zero_beta);
    const double weight = design.weight[row];
    const double risk = zero_beta ? weight : std::exp(eta) * weight;
    if (design.status[row] == 0) {
      sums.add(covariates, risk, 0);
      continue;
    }
    sums.deaths += 1;
    sums.dead_weight += weight;
    sums.loglik += weight * eta;
    for (std::size_t i = 0; i < P; ++i) sums.score[i] += weight * covariates[i];
    sums.add(covariates, risk, 1);
  }
}

// A tie group of one row (continuous times) straight into the risk-set sums, as the general pass.
template <std::size_t P>
__attribute__((noinline)) void add_single_row(const CoxDesign& design, const double* beta,
                                              bool zero_beta, std::size_t row, RiskSums& at_risk,
                                              RiskSums& dead, CoxDerivatives& result) {
  const double* covariates = design.row(row);
  const double eta = linear_predictor<P>(beta, covariates, zero_beta);
  const double weight = design.weight[row];
  const double risk = zero_beta ? weight : std::exp(eta) * weight;
  RiskSums& sums = design.status[row] == 0 ? at_risk : dead;
  sums.total += risk;
  for (std::size_t i = 0; i < P; ++i) {
    const double risk_x = risk * covariates[i];
    sums.x[i] += risk_x;
    for (std::size_t j = 0; j <= i; ++j) sums.xx[i * P + j] += risk_x * covariates[j];
  }
  if (design.status[row] == 0) return;
  result.loglik += weight * eta;
  for (std::size_t i = 0; i < P; ++i) result.score[i] += weight * covariates[i];
}

bool all_zero(const std::vector<double>& beta) {
  for (double b : beta) {
    if (b != 0.0) return false;
  }
  return true;
}

template <std::size_t P>
void partial_likelihood_pass(const CoxDesign& design, const std::vector<double>& beta,
                             CoxDerivatives& result) {
  const bool zero_beta = all_zero(beta);
  RiskSums at_risk(P), dead(P);
  std::size_t end = design.n;  // rows [begin, end) form the current tie group
  while (end > 0) {
    const std::size_t last = end - 1;
    if (last + 1 == design.n || design.stratum[last] != design.stratum[last + 1]) at_risk.clear();
    const std::size_t begin = design.tie_group_begin(last);
    if (begin == last) {
      if (design.status[last] != 0) dead.clear();
      add_single_row<P>(design, beta.data(), zero_beta, last, at_risk, dead, result);
      if (design.status[last] != 0) {
        add_tied_deaths(dead, 1.0, design.weight[last], design.efron, at_risk, result);
      }
      end = begin;
      continue;
    }
    GroupSums<P> sums;
    sum_tie_group<P>(design, beta.data(), zero_beta, begin, end, sums);
    sums.add_to(at_risk, 0);
    if (sums.deaths > 0) {
      result.loglik += sums.loglik;
      for (std::size_t i = 0; i < P; ++i) result.score[i] += sums.score[i];
      dead.clear();
      sums.add_to(dead, 1);
      add_tied_deaths(dead, sums.deaths, sums.dead_weight, design.efron, at_risk, result);
    }
    end = begin;
  }
}

// Any number of covariates: the rows added straight into the risk-set sums.
void partial_likelihood_pass_any_p(const CoxDesign& design, const std::vector<double>& beta,
                                   CoxDerivatives& result) {
  const std::size_t p = design.p;
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
}

}  // namespace

CoxDerivatives cox_partial_likelihood(const CoxDesign& design, const std::vector<double>& beta) {
  const std::size_t p = design.p;
  CoxDerivatives result{0.0, std::vector<double>(p, 0.0), Matrix(p)};
  with_unrolled_width(p, [&](auto width) {
    if constexpr (decltype(width)::value == 0) {
      partial_likelihood_pass_any_p(design, beta, result);
    } else {
      partial_likelihood_pass<decltype(width)::value>(design, beta, result);
    }
  });
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < i; ++j) result.information(i, j) = result.information(j, i);
  }
  return result;
}

}  // namespace nelm
