// Small dense symmetric-matrix tools for the model fits: a pivot-tolerant LDL' Cholesky that
// detects rank deficiency the way R survival's cholesky2 does, and solves and inverses built on it.
#pragma once

#include <cstddef>
#include <vector>

namespace nelm {

// Square matrix stored row-major.
class Matrix {
 public:
  Matrix() = default;
  explicit Matrix(std::size_t n, double fill = 0.0) : n_(n), values_(n * n, fill) {}
  std::size_t size() const { return n_; }
  double& operator()(std::size_t row, std::size_t column) { return values_[row * n_ + column]; }
  double operator()(std::size_t row, std::size_t column) const {
    return values_[row * n_ + column];
  }
  // The n x n values, row after row (for Eigen maps in linear_algebra.cpp).
  double* data() { return values_.data(); }
  const double* data() const { return values_.data(); }

 private:
  std::size_t n_ = 0;
  std::vector<double> values_;
};

// LDL' factorisation of a symmetric positive semi-definite matrix, in place of a copy. A pivot
// below tolerance * (largest diagonal) marks that column as aliased (collinear): its D is set to 0
// and solves give 0 for it, as in R survival's cholesky2/chsolve2/chinv2.
class CholeskyFactor {
 public:
  CholeskyFactor(const Matrix& symmetric, double tolerance);
  int rank() const { return rank_; }
  bool is_non_negative_definite() const { return non_negative_; }
  bool is_singular_column(std::size_t i) const { return factor_(i, i) == 0.0; }
  std::vector<double> solve(std::vector<double> right_hand_side) const;
  Matrix inverse() const;  // generalised: rows and columns of aliased columns are 0

 private:
  Matrix factor_;  // unit lower triangle below the diagonal, D on the diagonal
  int rank_ = 0;
  bool non_negative_ = true;
};

}  // namespace nelm
