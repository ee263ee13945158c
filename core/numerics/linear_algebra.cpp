// LDL' Cholesky with a pivot tolerance, following R survival's cholesky2.c, chsolve2.c and
// chinv2.c (Therneau), so that aliased covariates are found with the same rule as coxph.
#include "numerics/linear_algebra.h"

#include <cmath>

namespace nelm {

CholeskyFactor::CholeskyFactor(const Matrix& symmetric, double tolerance) : factor_(symmetric) {
  const std::size_t n = factor_.size();
  double largest_pivot = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (factor_(i, i) > largest_pivot) largest_pivot = factor_(i, i);
    for (std::size_t j = i + 1; j < n; ++j) factor_(j, i) = factor_(i, j);
  }
  const double threshold = largest_pivot == 0.0 ? tolerance : largest_pivot * tolerance;
  for (std::size_t i = 0; i < n; ++i) {
    const double pivot = factor_(i, i);
    if (!std::isfinite(pivot) || pivot < threshold) {
      factor_(i, i) = 0.0;
      if (pivot < -8.0 * threshold) non_negative_ = false;
      continue;
    }
    ++rank_;
    for (std::size_t j = i + 1; j < n; ++j) {
      const double multiplier = factor_(j, i) / pivot;
      factor_(j, i) = multiplier;
      factor_(j, j) -= multiplier * multiplier * pivot;
      for (std::size_t k = j + 1; k < n; ++k) factor_(k, j) -= multiplier * factor_(k, i);
    }
  }
}

std::vector<double> CholeskyFactor::solve(std::vector<double> b) const {
  const std::size_t n = factor_.size();
  for (std::size_t i = 0; i < n; ++i) {  // L y = b
    for (std::size_t j = 0; j < i; ++j) b[i] -= b[j] * factor_(i, j);
  }
  for (std::size_t i = n; i-- > 0;) {  // D L' x = y
    if (factor_(i, i) == 0.0) {
      b[i] = 0.0;
      continue;
    }
    b[i] /= factor_(i, i);
    for (std::size_t j = i + 1; j < n; ++j) b[i] -= b[j] * factor_(j, i);
  }
  return b;
}

Matrix CholeskyFactor::inverse() const {
  const std::size_t n = factor_.size();
  Matrix result(n);
  for (std::size_t column = 0; column < n; ++column) {
    std::vector<double> unit(n, 0.0);
    unit[column] = 1.0;
    const std::vector<double> solved = solve(unit);
    for (std::size_t row = 0; row < n; ++row) result(row, column) = solved[row];
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (factor_(i, i) != 0.0) continue;
    for (std::size_t j = 0; j < n; ++j) result(i, j) = result(j, i) = 0.0;
  }
  return result;
}

}  // namespace nelm
