// The exact partial likelihood's denominator at a tied death time: the elementary symmetric
// polynomial e_d of the risk scores in the risk set, with its first and second derivatives in
// beta, built one row at a time by recursion instead of enumerating the subsets of size d.
#pragma once

#include <cstddef>
#include <vector>

namespace nelm {

// With r_i = exp(eta_i) and rows added one by one, e_k(S + i) = e_k(S) + r_i e_{k-1}(S)
// (Gail, Lubin and Rubinstein, Biometrika 1981; R's coxexact.c coxd0), and differentiating,
//   d1_k(S + i)  = d1_k(S)  + r_i (x_i e_{k-1}(S) + d1_{k-1}(S))
//   d2_k(S + i)  = d2_k(S)  + r_i (x_i x_i' e_{k-1}(S) + x_i d1_{k-1}(S)' + d1_{k-1}(S) x_i'
//                                  + d2_{k-1}(S))
// (coxd1, coxd2). R evaluates the same recursion top-down with a memo table over (degree, rows);
// here it runs bottom-up, keeping degrees 0..max_degree only, so memory is O(max_degree p^2).
//
// e_k of many scores can exceed the double range (about C(n, k) for scores near 1: n = 2000,
// k = 250 gives 1e334, where R's coxexact.c overflows). So each degree k is stored divided by
// its own factor exp(L_k); the recursion then multiplies the score by exp(L_{k-1} - L_k), and a
// degree whose stored e_k leaves [1e-100, 1e100] is brought back to 1 by changing L_k alone.
class ExactTieSums {
 public:
  // p covariates; degrees 0..max_degree are kept.
  ExactTieSums(std::size_t p, std::size_t max_degree);

  // Back to the empty set (e_0 = 1, every other degree 0), keeping degrees 0..degree.
  void reset(std::size_t degree);
  // Stops updating degrees above `degree` (never raises it): a backward pass no longer needs
  // them once the times with that many tied deaths are behind it.
  void lower_degree(std::size_t degree);
  // Adds a row with covariates x (p values) and linear predictor eta.
  void add(const double* x, double eta);

  // At degree d (1 <= d <= the rows added): log e_d, and the derivatives divided by e_d,
  // which are the risk-set "mean" and "second moment" of the exact likelihood.
  double log_value(std::size_t d) const;
  double mean(std::size_t d, std::size_t j) const;                          // d1_d[j] / e_d
  double second_moment(std::size_t d, std::size_t j, std::size_t l) const;  // d2_d[j, l] / e_d

 private:
  double* level(std::size_t k) { return values_.data() + k * stride_; }
  const double* level(std::size_t k) const { return values_.data() + k * stride_; }
  std::size_t second_index(std::size_t j, std::size_t l) const;
  void rescale(std::size_t k);

  std::size_t p_;
  std::size_t stride_;      // 1 + p + p(p+1)/2 values per degree: e, d1, d2 (lower triangle)
  std::size_t degree_ = 0;  // highest degree still updated
  std::size_t rows_ = 0;    // rows added since reset
  std::vector<double> values_;
  std::vector<double> log_scale_;  // L_k: degree k is stored as e_k exp(-L_k)
  std::vector<double> step_;       // exp(L_{k-1} - L_k), the score multiplier into degree k
};

}  // namespace nelm
