// The pivot-tolerant LDL' (R survival's cholesky2/chsolve2) on hand-worked and R-checked
// matrices: full rank, exactly collinear columns (last and middle), a pivot on either side of the
// tolerance, and an indefinite matrix. The rank and which column is aliased decide coxph's NA
// coefficients and our collinearity refusals, so they must follow R's rule exactly.
#include "numerics/linear_algebra.h"

#include <gtest/gtest.h>

#include <vector>

#include "reference_data.h"

namespace nelm {
namespace {

constexpr double kTolerance = 1e-9;  // coxph's toler.chol

Matrix matrix_of(const std::vector<std::vector<double>>& rows) {
  Matrix result(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < rows.size(); ++j) result(i, j) = rows[i][j];
  }
  return result;
}

void expect_vector_near(const std::vector<double>& actual, const std::vector<double>& expected,
                        double relative) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (expected[i] == 0.0) {
      EXPECT_EQ(actual[i], 0.0) << "element " << i;
    } else {
      EXPECT_REL_NEAR(actual[i], expected[i], relative) << "element " << i;
    }
  }
}

// det = 67; solve(m, c(1, -2, 3)) = (42, -85, 69) / 67; solve(m) = adjugate / 67.
// R: m <- matrix(c(4,2,1, 2,5,3, 1,3,6), 3); survival:::coxph.wtest(m, c(1,-2,3), 1e-9)
//    gives df 3, solve 0.62686567164179108 -1.26865671641791056 1.02985074626865680.
TEST(LinearAlgebra, FullRankSolveAndInverseAreExactFractions) {
  const CholeskyFactor factor(matrix_of({{4, 2, 1}, {2, 5, 3}, {1, 3, 6}}), kTolerance);
  EXPECT_EQ(factor.rank(), 3);
  EXPECT_TRUE(factor.is_non_negative_definite());
  expect_vector_near(factor.solve({1, -2, 3}), {42.0 / 67, -85.0 / 67, 69.0 / 67}, 1e-14);
  const Matrix inverse = factor.inverse();
  const std::vector<std::vector<double>> adjugate = {{21, -9, 1}, {-9, 23, -10}, {1, -10, 16}};
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) EXPECT_REL_NEAR(inverse(i, j), adjugate[i][j] / 67, 1e-14);
  }
}

// Column 3 = column 1 + column 2: the last column is aliased, its solve and inverse entries 0.
// R: m <- matrix(c(4,2,6, 2,3,5, 6,5,11), 3); survival:::coxph.wtest(m, c(1,2,4), 1e-9)
//    gives df 2, solve -0.125 0.750 0.000 (= solve(m[1:2, 1:2], c(1, 2)), 0).
TEST(LinearAlgebra, LastCollinearColumnIsAliased) {
  const CholeskyFactor factor(matrix_of({{4, 2, 6}, {2, 3, 5}, {6, 5, 11}}), kTolerance);
  EXPECT_EQ(factor.rank(), 2);
  EXPECT_FALSE(factor.is_singular_column(0));
  EXPECT_FALSE(factor.is_singular_column(1));
  EXPECT_TRUE(factor.is_singular_column(2));
  expect_vector_near(factor.solve({1, 2, 4}), {-0.125, 0.75, 0.0}, 1e-14);
  const Matrix inverse = factor.inverse();  // the 2 x 2 block is [[3, -2], [-2, 4]] / 8
  expect_vector_near({inverse(0, 0), inverse(0, 1), inverse(1, 1)}, {3.0 / 8, -2.0 / 8, 4.0 / 8},
                     1e-14);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(inverse(2, k), 0.0);
    EXPECT_EQ(inverse(k, 2), 0.0);
  }
}

// The second column is twice the first: R flags the second (the later one), not the first.
// R: x1 <- c(1,2,3,4,5); x3 <- c(2,1,4,3,6); m <- crossprod(cbind(x1, 2 * x1, x3))
//    survival:::coxph.wtest(m, c(1,1,1), 1e-9)
//    gives df 2, solve 0.030075187969924772 0 -0.011278195488721769.
TEST(LinearAlgebra, MiddleCollinearColumnIsAliasedAsInR) {
  const CholeskyFactor factor(matrix_of({{55, 110, 58}, {110, 220, 116}, {58, 116, 66}}),
                              kTolerance);
  EXPECT_EQ(factor.rank(), 2);
  EXPECT_TRUE(factor.is_singular_column(1));
  expect_vector_near(factor.solve({1, 1, 1}), {0.030075187969924772, 0.0, -0.011278195488721769},
                     1e-13);
}

// The second pivot is 2e-9 (kept: above 1e-9 x the largest diagonal) or 5e-10 (aliased).
// R: survival:::coxph.wtest(matrix(c(1,1,1,1+2e-9),2), c(1,2), 1e-9)
//    gives df 2, solve -500000013.14096612 500000014.14096612;
//    survival:::coxph.wtest(matrix(c(1,1,1,1+5e-10),2), c(1,2), 1e-9) gives df 1, solve 1 0.
TEST(LinearAlgebra, PivotToleranceIsRelativeToTheLargestDiagonal) {
  const CholeskyFactor kept(matrix_of({{1, 1}, {1, 1 + 2e-9}}), kTolerance);
  EXPECT_EQ(kept.rank(), 2);
  // Ill-conditioned (condition number 2e9): R and we agree to the digits that survive.
  expect_vector_near(kept.solve({1, 2}), {-500000013.14096612, 500000014.14096612}, 1e-7);
  const CholeskyFactor aliased(matrix_of({{1, 1}, {1, 1 + 5e-10}}), kTolerance);
  EXPECT_EQ(aliased.rank(), 1);
  expect_vector_near(aliased.solve({1, 2}), {1.0, 0.0}, 1e-14);
}

// [[1, 2], [2, 1]] has eigenvalues 3 and -1: the second pivot is 1 - 4 = -3 < -8 x tolerance.
// R: survival:::coxph.wtest(matrix(c(1,2,2,1),2), c(1,1), 1e-9) gives df 1, solve 1 0
// (cholesky2 returns -rank for a matrix that is not non-negative definite; wtest drops the sign).
TEST(LinearAlgebra, IndefiniteMatrixIsFlagged) {
  const CholeskyFactor factor(matrix_of({{1, 2}, {2, 1}}), kTolerance);
  EXPECT_EQ(factor.rank(), 1);
  EXPECT_FALSE(factor.is_non_negative_definite());
  expect_vector_near(factor.solve({1, 1}), {1.0, 0.0}, 1e-14);
}

TEST(LinearAlgebra, EmptyMatrixHasRankZero) {
  const CholeskyFactor factor(Matrix(0), kTolerance);
  EXPECT_EQ(factor.rank(), 0);
  EXPECT_TRUE(factor.solve({}).empty());
  EXPECT_EQ(factor.inverse().size(), 0U);
}

}  // namespace
}  // namespace nelm
