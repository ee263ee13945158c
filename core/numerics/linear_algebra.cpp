// LDL' Cholesky with a pivot tolerance, following R survival's cholesky2.c, chsolve2.c and
// chinv2.c (Therneau), so that aliased covariates are found with the same rule as coxph. Eigen
// does the vector work and the forward substitution; the column order, the tolerance and what an
// aliased column means are cholesky2's (Eigen's own LDLT pivots, and would alias another column).
#include "numerics/linear_algebra.h"

#include <Eigen/Core>
#include <cmath>

namespace nelm {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Index = Eigen::Index;

// Matrix keeps its values row-major and contiguous: Eigen works on them in place.
Eigen::Map<RowMajor> eigen_view(Matrix& matrix) {
  const auto n = static_cast<Index>(matrix.size());
  return {matrix.data(), n, n};
}

Eigen::Map<const RowMajor> eigen_view(const Matrix& matrix) {
  const auto n = static_cast<Index>(matrix.size());
  return {matrix.data(), n, n};
}

}  // namespace

CholeskyFactor::CholeskyFactor(const Matrix& symmetric, double tolerance) : factor_(symmetric) {
  auto a = eigen_view(factor_);
  const Index n = a.rows();
  // cholesky2 reads the upper triangle; the factor is built in the lower one.
  a.triangularView<Eigen::StrictlyLower>() = a.transpose().triangularView<Eigen::StrictlyLower>();
  const double largest_pivot = n == 0 ? 0.0 : std::max(0.0, a.diagonal().maxCoeff());
  const double threshold = largest_pivot == 0.0 ? tolerance : largest_pivot * tolerance;
  for (Index i = 0; i < n; ++i) {
    const double pivot = a(i, i);
    if (!std::isfinite(pivot) || pivot < threshold) {
      a(i, i) = 0.0;
      if (pivot < -8.0 * threshold) non_negative_ = false;
      continue;
    }
    ++rank_;
    for (Index j = i + 1; j < n; ++j) {
      const double multiplier = a(j, i) / pivot;
      a(j, i) = multiplier;
      a(j, j) -= multiplier * multiplier * pivot;
      // Rows below j still hold column i unscaled (their multiplier times the pivot).
      a.col(j).tail(n - j - 1) -= multiplier * a.col(i).tail(n - j - 1);
    }
  }
}

std::vector<double> CholeskyFactor::solve(std::vector<double> right_hand_side) const {
  const auto a = eigen_view(factor_);
  const Index n = a.rows();
  Eigen::Map<Eigen::VectorXd> x(right_hand_side.data(), n);
  // L y = b over every column, aliased ones included, as chsolve2 does.
  a.triangularView<Eigen::UnitLower>().solveInPlace(x);
  for (Index i = n; i-- > 0;) {  // D L' x = y; an aliased coefficient is 0
    x(i) = a(i, i) == 0.0 ? 0.0 : x(i) / a(i, i) - a.col(i).tail(n - i - 1).dot(x.tail(n - i - 1));
  }
  return right_hand_side;
}

Matrix CholeskyFactor::inverse() const {
  const std::size_t n = factor_.size();
  Matrix result(n);
  auto inverse = eigen_view(result);
  for (std::size_t column = 0; column < n; ++column) {
    std::vector<double> unit(n, 0.0);
    unit[column] = 1.0;
    const std::vector<double> solved = solve(unit);
    inverse.col(static_cast<Index>(column)) =
        Eigen::Map<const Eigen::VectorXd>(solved.data(), static_cast<Index>(n));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_singular_column(i)) continue;
    inverse.row(static_cast<Index>(i)).setZero();  // generalised inverse: aliased rows and
    inverse.col(static_cast<Index>(i)).setZero();  // columns are 0
  }
  return result;
}

}  // namespace nelm
