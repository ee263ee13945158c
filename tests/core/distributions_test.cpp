// Tail probabilities, incomplete gamma and normal quantile against R 4.2.2, tiny tails included:
// a p-value of 1e-185 must stay 1e-185 (relative precision), never 0 or 1 - cdf.
#include "numerics/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "estimators/log_rank.h"
#include "reference_data.h"

namespace nelm {
namespace {

// The relative error of exp(-x/2) grows with x (condition number about x/2, 425 at x = 850), so
// tails below 1e-100 get 1e-12; the others 1e-14.
constexpr double kTinyTail = 1e-12;
constexpr double kModerate = 1e-14;

// R: format(pchisq(x, df, lower.tail = FALSE), digits = 17)
TEST(Distributions, ChiSquareUpperTailMatchesR) {
  EXPECT_REL_NEAR(chi_square_upper_tail(3.8414588206941236, 1), 0.049999999999999982, kModerate);
  EXPECT_REL_NEAR(chi_square_upper_tail(10, 3), 0.018566135463043233, kModerate);
  EXPECT_REL_NEAR(chi_square_upper_tail(0.5, 30), 1.0, kModerate);
  EXPECT_REL_NEAR(chi_square_upper_tail(850, 2), 2.6597767851049891e-185, kTinyTail);
  EXPECT_REL_NEAR(chi_square_upper_tail(850, 1), 7.2705346602434441e-187, kTinyTail);
  EXPECT_REL_NEAR(chi_square_upper_tail(1400, 5), 1.3765875143944421e-300, kTinyTail);
  EXPECT_EQ(chi_square_upper_tail(0, 2), 1.0);
  EXPECT_EQ(chi_square_upper_tail(-1, 2), 1.0);
}

// R: format(pgamma(x, a, lower.tail = FALSE), digits = 17): Q(a, x), both sides of x = a + 1.
TEST(Distributions, RegularizedUpperGammaMatchesR) {
  EXPECT_REL_NEAR(regularized_upper_gamma(0.3, 2.5), 0.011845321845311363, kModerate);
  EXPECT_REL_NEAR(regularized_upper_gamma(7.5, 0.1), 0.99999999999793698, kModerate);
  EXPECT_REL_NEAR(regularized_upper_gamma(12.25, 40), 8.3540523131582621e-08, kModerate);
  EXPECT_EQ(regularized_upper_gamma(2, 0), 1.0);
}

// R: format(qnorm(p), digits = 17)
TEST(Distributions, NormalQuantileMatchesR) {
  EXPECT_REL_NEAR(normal_quantile(0.975), 1.9599639845400536, kModerate);
  EXPECT_REL_NEAR(two_sided_critical_value(0.95), 1.9599639845400536, kModerate);
  EXPECT_REL_NEAR(normal_quantile(1e-300), -37.047096299361201, kModerate);
  EXPECT_REL_NEAR(normal_quantile(0.3), -0.52440051270804067, kModerate);
  // 1 - 1e-10 is not exactly representable; R rounds it the same way.
  EXPECT_REL_NEAR(normal_quantile(1 - 1e-10), 6.3613408896974208, 1e-9);
  EXPECT_EQ(normal_quantile(0.5), 0.0);
  EXPECT_EQ(normal_quantile(0.0), -INFINITY);
  EXPECT_EQ(normal_quantile(1.0), INFINITY);
  EXPECT_TRUE(std::isnan(normal_quantile(-0.1)));
  EXPECT_TRUE(std::isnan(normal_quantile(1.5)));
  EXPECT_TRUE(std::isnan(normal_quantile(NAN)));
}

// R: format(pnorm(-20), digits = 17), pnorm(1.959963984540054), pnorm(8, lower.tail = FALSE),
// 2 * pnorm(-5), dnorm(1.5)
TEST(Distributions, NormalTailsMatchR) {
  EXPECT_REL_NEAR(normal_cdf(-20), 2.7536241186062337e-89, kTinyTail);
  EXPECT_REL_NEAR(normal_cdf(1.959963984540054), 0.97499999999999998, kModerate);
  EXPECT_REL_NEAR(normal_upper_tail(8), 6.2209605742717849e-16, kModerate);
  EXPECT_REL_NEAR(normal_two_sided_p(-5), 5.7330314375838782e-07, kModerate);
  EXPECT_REL_NEAR(normal_two_sided_p(5), 5.7330314375838782e-07, kModerate);
  EXPECT_REL_NEAR(normal_density(1.5), 0.12951759566589174, kModerate);
  EXPECT_EQ(normal_cdf(INFINITY), 1.0);
  EXPECT_EQ(normal_upper_tail(INFINITY), 0.0);
  EXPECT_TRUE(std::isnan(normal_two_sided_p(NAN)));
}

// The log-rank p of a complete separation: group a dies at days 1..340, group b at 341..680.
// R: n <- 340; d <- data.frame(time = 1:(2 * n), status = 1, group = rep(c("a", "b"), each = n))
//    s <- survdiff(Surv(time, status) ~ group, d)
//    format(s$chisq, digits = 17); format(pchisq(s$chisq, 1, lower.tail = FALSE), digits = 17)
// gives chisq 842.3566233550423, p 3.3362712696563004e-185.
TEST(Distributions, LogRankPOfOneInTenToThe185KeepsItsDigits) {
  const int n = 340;
  SurvivalData data;
  std::vector<std::size_t> group;
  for (int i = 0; i < 2 * n; ++i) {
    data.time.push_back(i + 1);
    data.event.push_back(1);
    group.push_back(i < n ? 0 : 1);
  }
  const LogRankResult result = log_rank_test(data, group, 2, {});
  EXPECT_REL_NEAR(result.chi_square, 842.3566233550423, 1e-12);
  EXPECT_REL_NEAR(result.p, 3.3362712696563004e-185, kTinyTail);
}

}  // namespace
}  // namespace nelm
