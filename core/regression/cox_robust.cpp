// Score residuals and the Lin-Wei sandwich variance of a Cox fit, as R's residuals.coxph
// (coxscore2.c) and coxph(robust = TRUE) compute them, but in O(n p) instead of O(n^2 p).
#include <cmath>

#include "regression/cox_likelihood.h"

namespace nelm {

DeathTimeTerms death_time_terms(double risk_total, const std::vector<double>& risk_x,
                                double death_risk, const std::vector<double>& death_x,
                                double deaths, double death_weight, bool efron) {
  const std::size_t p = risk_x.size();
  DeathTimeTerms terms{0, std::vector<double>(p, 0.0), 0, std::vector<double>(p, 0.0),
                       std::vector<double>(p, 0.0)};
  const double steps = (efron && deaths > 1) ? deaths : 1.0;
  for (int step = 0; step < static_cast<int>(steps); ++step) {
    const double removed = step / steps;
    const double denominator = risk_total - removed * death_risk;
    const double hazard = death_weight / steps / denominator;
    terms.hazard += hazard;
    terms.death_hazard += hazard * (1 - removed);
    for (std::size_t j = 0; j < p; ++j) {
      const double mean = (risk_x[j] - removed * death_x[j]) / denominator;
      terms.hazard_mean[j] += hazard * mean;
      terms.death_hazard_mean[j] += hazard * (1 - removed) * mean;
      terms.average_mean[j] += mean / steps;
    }
  }
  return terms;
}

namespace {

double risk_score(const CoxDesign& design, const std::vector<double>& beta, std::size_t row) {
  double eta = 0;
  for (std::size_t j = 0; j < design.p; ++j) eta += beta[j] * design.row(row)[j];
  return std::exp(eta);
}

// Backward pass: risk-set sums give each death time's terms, and each death's own part,
// (x - mean) - r (x death_hazard - death_hazard_mean), is written at once. Returns the death
// times' terms in descending time order.
std::vector<DeathTimeTerms> add_own_death_terms(const CoxDesign& design,
                                                const std::vector<double>& risk,
                                                std::vector<double>& residuals) {
  const std::size_t p = design.p;
  std::vector<DeathTimeTerms> death_times;
  std::vector<double> risk_x(p), death_x(p);
  double risk_total = 0;
  for (std::size_t end = design.n; end > 0;) {
    const std::size_t last = end - 1, begin = design.tie_group_begin(last);
    if (last + 1 == design.n || design.stratum[last] != design.stratum[last + 1]) {
      risk_total = 0;
      std::fill(risk_x.begin(), risk_x.end(), 0.0);
    }
    double deaths = 0, death_weight = 0, death_risk = 0;
    std::fill(death_x.begin(), death_x.end(), 0.0);
    for (std::size_t row = begin; row < end; ++row) {
      const double weighted_risk = risk[row] * design.weight[row];
      risk_total += weighted_risk;
      for (std::size_t j = 0; j < p; ++j) risk_x[j] += weighted_risk * design.row(row)[j];
      if (design.status[row] == 0) continue;
      deaths += 1;
      death_weight += design.weight[row];
      death_risk += weighted_risk;
      for (std::size_t j = 0; j < p; ++j) death_x[j] += weighted_risk * design.row(row)[j];
    }
    end = begin;
    if (deaths == 0) continue;
    DeathTimeTerms terms = death_time_terms(risk_total, risk_x, death_risk, death_x, deaths,
                                            death_weight, design.efron);
    for (std::size_t row = begin; row < last + 1; ++row) {
      if (design.status[row] == 0) continue;
      for (std::size_t j = 0; j < p; ++j) {
        const double x = design.row(row)[j];
        residuals[row * p + j] = (x - terms.average_mean[j]) -
                                 risk[row] * (x * terms.death_hazard - terms.death_hazard_mean[j]);
      }
    }
    death_times.push_back(std::move(terms));
  }
  return death_times;
}

// Forward pass: r (x H(t) - HX(t)) with H, HX the cumulative sums of dLambda and dLambda * mean
// over earlier death times of the stratum (and, for non-deaths, the current one too).
void subtract_compensators(const CoxDesign& design, const std::vector<double>& risk,
                           std::vector<DeathTimeTerms> death_times,
                           std::vector<double>& residuals) {
  const std::size_t p = design.p;
  double hazard = 0;
  std::vector<double> hazard_mean(p, 0.0);
  auto subtract = [&](std::size_t row) {
    for (std::size_t j = 0; j < p; ++j) {
      residuals[row * p + j] -= risk[row] * (design.row(row)[j] * hazard - hazard_mean[j]);
    }
  };
  for (std::size_t begin = 0; begin < design.n;) {
    if (begin == 0 || design.stratum[begin] != design.stratum[begin - 1]) {
      hazard = 0;
      std::fill(hazard_mean.begin(), hazard_mean.end(), 0.0);
    }
    std::size_t end = begin + 1;
    bool has_deaths = design.status[begin] != 0;
    while (end < design.n && design.time[end] == design.time[begin] &&
           design.stratum[end] == design.stratum[begin]) {
      has_deaths |= design.status[end++] != 0;
    }
    for (std::size_t row = begin; row < end; ++row) {
      if (design.status[row] != 0) subtract(row);
    }
    if (has_deaths) {
      hazard += death_times.back().hazard;
      for (std::size_t j = 0; j < p; ++j) hazard_mean[j] += death_times.back().hazard_mean[j];
      death_times.pop_back();
    }
    for (std::size_t row = begin; row < end; ++row) {
      if (design.status[row] == 0) subtract(row);
    }
    begin = end;
  }
}

}  // namespace

// Residual of subject k (time t_k): delta_k (x_k - xbar(t_k)) - r_k sum_{t_j <= t_k} (x_k -
// xbar_j) dLambda_j, in two linear passes instead of coxscore2's loop over risk sets.
std::vector<double> cox_score_residuals(const CoxDesign& design, const std::vector<double>& beta) {
  const std::size_t p = design.p;
  std::vector<double> residuals(design.n * p, 0.0);
  std::vector<double> risk(design.n);
  for (std::size_t row = 0; row < design.n; ++row) risk[row] = risk_score(design, beta, row);
  subtract_compensators(design, risk, add_own_death_terms(design, risk, residuals), residuals);
  // Case weights (weighted = TRUE), and back from the scaled covariates: x was multiplied by
  // scale, so each residual column carries that factor.
  for (std::size_t row = 0; row < design.n; ++row) {
    for (std::size_t j = 0; j < p; ++j) {
      residuals[row * p + j] *= design.weight[row] / design.scale[j];
    }
  }
  return residuals;
}

Matrix cross_product(const std::vector<double>& residuals, std::size_t p) {
  Matrix result(p);
  const std::size_t n = p == 0 ? 0 : residuals.size() / p;
  for (std::size_t row = 0; row < n; ++row) {
    const double* values = residuals.data() + row * p;
    for (std::size_t i = 0; i < p; ++i) {
      for (std::size_t j = 0; j <= i; ++j) result(i, j) += values[i] * values[j];
    }
  }
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t j = 0; j < i; ++j) result(j, i) = result(i, j);
  }
  return result;
}

Matrix cox_robust_variance(const std::vector<double>& score_residuals, std::size_t p,
                           const Matrix& variance) {
  // dfbeta = score residual row times the model variance; R's residuals(type = "dfbeta").
  std::vector<double> dfbeta(score_residuals.size(), 0.0);
  const std::size_t n = p == 0 ? 0 : score_residuals.size() / p;
  for (std::size_t row = 0; row < n; ++row) {
    for (std::size_t j = 0; j < p; ++j) {
      double sum = 0;
      for (std::size_t k = 0; k < p; ++k) sum += score_residuals[row * p + k] * variance(k, j);
      dfbeta[row * p + j] = sum;
    }
  }
  return cross_product(dfbeta, p);
}

}  // namespace nelm
