// Internal to the Fine-Gray fit: the one backward sweep over the sorted subjects that every pass
// shares. At each time with events of interest it hands over the risk-set sums of the finegray
// data, A(t) + G(t-) C(t), without the deaths, and the deaths' own sums (fine_gray_design.h).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "regression/fine_gray_design.h"

namespace nelm {

// Sums over a set of subjects of w r, w, w r x and (optionally) w r x x' (lower triangle), r =
// exp(eta).
struct FineGraySums {
  FineGraySums(std::size_t p, bool squares) : x(p, 0.0), xx(squares ? p * p : 0, 0.0) {}
  double total = 0, weight = 0;
  std::vector<double> x, xx;
  void add(const double* covariates, double subject_weight, double risk);
};

// Sums of the deaths at one time, with their own likelihood terms.
struct FineGrayDeathSums : FineGraySums {
  FineGrayDeathSums(std::size_t p, bool squares) : FineGraySums(p, squares), weighted_x(p, 0.0) {}
  int count = 0;
  double weighted_eta = 0;         // sum of w eta
  std::vector<double> weighted_x;  // sum of w x
  void reset() {
    total = weight = weighted_eta = 0;
    count = 0;
    for (auto* values : {&x, &xx, &weighted_x}) std::fill(values->begin(), values->end(), 0.0);
  }
};

// A sum kept with Neumaier's compensation: the competing subjects' sums C(t) are built by adding
// everyone and taking each away as the sweep passes their time, and without compensation an
// early C(t) would carry the rounding error of the whole total.
struct CompensatedSum {
  double sum = 0, carry = 0;
  void add(double value) {
    const double next = sum + value;
    carry += std::fabs(sum) >= std::fabs(value) ? (sum - next) + value : (value - next) + sum;
    sum = next;
  }
  double value() const { return sum + carry; }
};

struct FineGrayTieGroup {
  std::size_t group = 0;  // the time group
  double censoring = 1;   // G(t-)
  FineGraySums at_risk;   // the risk set without the deaths, competing subjects weighted
  FineGrayDeathSums dead;
};

// Calls visit(const FineGrayTieGroup&) for every time with an event of interest, latest first.
// With squares = false the x x' sums are skipped (the passes that need only means).
template <typename Visit>
void sweep_event_times(const FineGrayDesign& design, const std::vector<double>& beta, bool squares,
                       Visit&& visit) {
  const std::size_t p = design.p;
  const std::size_t width = 2 + p + (squares ? p * p : 0);
  std::vector<double> risk(design.n), eta(design.n);
  for (std::size_t i = 0; i < design.n; ++i) {
    double value = 0;
    for (std::size_t j = 0; j < p; ++j) value += beta[j] * design.row(i)[j];
    eta[i] = value;
    risk[i] = std::exp(value);
  }
  // C as compensated sums laid out as total, weight, x (p), xx (p x p), each term w r / G(T-).
  std::vector<CompensatedSum> competing(width);
  auto add_competing = [&](std::size_t i, double sign) {
    const double factor = sign * design.weight[i] / design.censoring_before[i];
    const double* x = design.row(i);
    competing[0].add(factor * risk[i]);
    competing[1].add(factor);
    for (std::size_t a = 0; a < p; ++a) {
      const double term = factor * risk[i] * x[a];
      competing[2 + a].add(term);
      if (!squares) continue;
      for (std::size_t b = 0; b <= a; ++b) competing[2 + p + a * p + b].add(term * x[b]);
    }
  };
  for (std::size_t i = 0; i < design.n; ++i) {
    if (design.kind[i] == FineGrayKind::competing) add_competing(i, 1.0);
  }
  FineGraySums direct(p, squares);
  FineGrayTieGroup tie{0, 1.0, FineGraySums(p, squares), FineGrayDeathSums(p, squares)};
  for (std::size_t g = design.groups(); g-- > 0;) {
    if (tie.dead.count > 0) tie.dead.reset();
    for (std::size_t i = design.group_begin[g]; i < design.group_begin[g + 1]; ++i) {
      const double w = design.weight[i];
      if (design.kind[i] == FineGrayKind::competing) add_competing(i, -1.0);
      if (design.kind[i] != FineGrayKind::event) {
        direct.add(design.row(i), w, risk[i]);
        continue;
      }
      tie.dead.add(design.row(i), w, risk[i]);
      tie.dead.count += 1;
      tie.dead.weighted_eta += w * eta[i];
      for (std::size_t j = 0; j < p; ++j) tie.dead.weighted_x[j] += w * design.row(i)[j];
    }
    if (tie.dead.count > 0) {
      tie.group = g;
      tie.censoring = design.group_censoring_before[g];
      const double c = tie.censoring;
      tie.at_risk.total = direct.total + c * competing[0].value();
      tie.at_risk.weight = direct.weight + c * competing[1].value();
      for (std::size_t a = 0; a < p; ++a)
        tie.at_risk.x[a] = direct.x[a] + c * competing[2 + a].value();
      if (squares) {
        for (std::size_t a = 0; a < p; ++a) {
          for (std::size_t b = 0; b <= a; ++b) {
            tie.at_risk.xx[a * p + b] =
                direct.xx[a * p + b] + c * competing[2 + p + a * p + b].value();
          }
        }
      }
      visit(static_cast<const FineGrayTieGroup&>(tie));
      direct.total += tie.dead.total;
      direct.weight += tie.dead.weight;
      for (std::size_t a = 0; a < p; ++a) direct.x[a] += tie.dead.x[a];
      for (std::size_t k = 0; k < direct.xx.size(); ++k) direct.xx[k] += tie.dead.xx[k];
    }
  }
}

// Adds one time's deaths to the log-likelihood, score and information (upper triangle of
// `information` holds (j, i) for j <= i). Breslow enters the deaths at once; Efron in d steps,
// the k-th with the deaths' sums scaled by (1 - k/d) (coxfit6's loop), summed in closed form.
void add_tied_deaths(const FineGrayTieGroup& tie, bool efron, double& loglik,
                     std::vector<double>& score, Matrix& information);

}  // namespace nelm
