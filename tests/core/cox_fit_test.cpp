// Cox fit on hand-worked tiny data (exact fractions of logs) and, for strata, case weights,
// separation and non-convergence, against numbers R survival 3.5-3 printed on this machine.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cox_model.h"
#include "reference_data.h"

namespace nelm {
namespace {

CoxData make_data(std::vector<double> time, std::vector<int> event,
                  std::vector<std::vector<double>> columns, std::vector<std::string> names) {
  CoxData data;
  data.survival.time = std::move(time);
  data.survival.event = std::move(event);
  data.covariates = std::move(columns);
  data.covariate_names = std::move(names);
  return data;
}

CoxOptions with_ties(TiesMethod ties) {
  CoxOptions options;
  options.ties = ties;
  return options;
}

std::string refusal_code(const CoxData& data) {
  try {
    cox_fit(data);
  } catch (const CoreError& error) {
    return error.code() + ":" + error.subject();
  }
  return "fitted";
}

// Unsorted; times 1 (two deaths, x = 1 and 0), 2 (death x = 0, and a censoring at that event time,
// x = 1, still at risk). At beta = 0 every risk score is 1:
//   Breslow: -2 log 4 - log 2 = -5 log 2;  Efron: -log 4 - log(4 - 1) - log 2 = -log 24.
// Score at 0: U = 1 - (2 * 1/2 + 1/2) = -1/2, information 1/4 + 1/4 + 1/4 = 3/4 (both methods),
// so the score test is (1/4) / (3/4) = 1/3.
TEST(CoxFit, NullLoglikIsExactFractionOfLogsWithTiesAndCensoringAtEventTime) {
  const CoxData data = make_data({2, 1, 1, 2}, {1, 1, 1, 0}, {{0, 1, 0, 1}}, {"x"});
  const CoxFit breslow = cox_fit(data, with_ties(TiesMethod::breslow));
  EXPECT_NEAR(breslow.loglik_null, -5 * std::log(2.0), 1e-14);
  EXPECT_NEAR(breslow.score_test.statistic, 1.0 / 3.0, 1e-14);
  const CoxFit efron = cox_fit(data, with_ties(TiesMethod::efron));
  EXPECT_NEAR(efron.loglik_null, -std::log(24.0), 1e-14);
  EXPECT_NEAR(efron.score_test.statistic, 1.0 / 3.0, 1e-14);
  EXPECT_EQ(efron.n, 4);
  EXPECT_EQ(efron.n_events, 3);
  EXPECT_EQ(efron.ties, TiesMethod::efron);
}

// Three deaths at times 1, 2, 3 with x = 1, 0, 1 (given unsorted). With u = exp(beta):
// l(beta) = beta - log(2u + 1) - log(u + 1); l' = 0 gives 2u^2 = 1, so beta = -log(2)/2,
// information 2 sqrt2 / (1 + sqrt2)^2, loglik -2 log(1 + sqrt2), null loglik -log 6, score test
// (1/6)^2 / (17/36) = 1/17. R agrees: coxph(Surv(time, status) ~ x, ties = "breslow") gives
// coef -0.34657359027997253, var 2.060660171779821, iter 3.
TEST(CoxFit, ThreeDeathsHaveClosedFormEstimate) {
  const CoxData data = make_data({2, 1, 3}, {1, 1, 1}, {{0, 1, 1}}, {"x"});
  const CoxFit fit = cox_fit(data, with_ties(TiesMethod::breslow));
  const double root2 = std::sqrt(2.0);
  EXPECT_NEAR(fit.coef[0], -std::log(2.0) / 2, 1e-9);
  EXPECT_NEAR(fit.variance(0, 0), (1 + root2) * (1 + root2) / (2 * root2), 1e-8);
  EXPECT_NEAR(fit.loglik, -2 * std::log(1 + root2), 1e-14);
  EXPECT_NEAR(fit.loglik_null, -std::log(6.0), 1e-14);
  EXPECT_NEAR(fit.score_test.statistic, 1.0 / 17.0, 1e-14);
  EXPECT_EQ(fit.iterations, 3);
  EXPECT_TRUE(fit.converged);
  EXPECT_NEAR(fit.likelihood_ratio_test.statistic, 2 * (std::log(6.0) - 2 * std::log(1 + root2)),
              1e-13);
  // No ties: Efron is Breslow.
  const CoxFit efron = cox_fit(data, with_ties(TiesMethod::efron));
  EXPECT_EQ(efron.coef[0], fit.coef[0]);
  // Linear predictor in input order, centred on the mean 2/3 (x is not an indicator... it is:
  // 0/1 columns are not centred, as R's nocenter = c(-1, 0, 1)), so lp = coef * x.
  EXPECT_EQ(fit.means[0], 0.0);
  EXPECT_NEAR(fit.linear_predictor[0], 0.0, 1e-15);
  EXPECT_NEAR(fit.linear_predictor[1], fit.coef[0], 1e-15);
}

TEST(CoxFit, RefusesWhatCannotBeEstimated) {
  EXPECT_EQ(refusal_code(make_data({1, 2, 3}, {0, 0, 0}, {{0, 1, 2}}, {"x"})), "no_events:");
  EXPECT_EQ(refusal_code(make_data({5}, {1}, {{3}}, {"x"})), "constant_covariate:x");
  EXPECT_EQ(refusal_code(make_data({1, 2, 3}, {1, 1, 0}, {{0, 1, 2}, {4, 4, 4}}, {"x", "c"})),
            "constant_covariate:c");
  EXPECT_EQ(refusal_code(make_data({1, 2, 3, 4}, {1, 1, 0, 1}, {{0, 1, 2, 5}, {1, 3, 5, 11}},
                                   {"x", "two_x_plus_one"})),
            "collinear_covariates:two_x_plus_one");
  CoxData with_entry = make_data({1, 2, 3}, {1, 1, 0}, {{0, 1, 2}}, {"x"});
  with_entry.survival.entry = {0, 0, 0};
  EXPECT_EQ(refusal_code(with_entry), "unsupported:");
}

// R: d <- data.frame(time = 1:8, status = c(1,1,1,1,1,0,1,1), x = c(1,1,1,0,0,0,0,0),
//   z = c(0.5,1.2,-0.3,0.8,0.1,-1,2,0.4)); coxph(Surv(time, status) ~ z + x, d)
// warns "Loglik converged before variable 2; coefficient may be infinite", iter 20,
// coef 0.45019931021795834 23.085508125482033. x = 1 subjects all die first: the likelihood is
// monotone in its coefficient.
TEST(CoxFit, SeparatingCovariateIsFlaggedInfinite) {
  const CoxData data = make_data({1, 2, 3, 4, 5, 6, 7, 8}, {1, 1, 1, 1, 1, 0, 1, 1},
                                 {{0.5, 1.2, -0.3, 0.8, 0.1, -1, 2, 0.4}, {1, 1, 1, 0, 0, 0, 0, 0}},
                                 {"z", "x"});
  for (TiesMethod ties : {TiesMethod::efron, TiesMethod::breslow}) {
    const CoxFit fit = cox_fit(data, with_ties(ties));
    EXPECT_EQ(fit.iterations, 20);
    EXPECT_TRUE(fit.converged);
    EXPECT_REL_NEAR(fit.coef[0], 0.45019931021795834, 1e-6);
    EXPECT_FALSE(fit.infinite[0]);
    EXPECT_TRUE(fit.infinite[1]);
    ASSERT_EQ(fit.warnings.size(), 1u);
    EXPECT_EQ(fit.warnings[0].code, "infinite_coefficient");
    EXPECT_EQ(fit.warnings[0].subject, "x");
    EXPECT_GT(fit.coef[1], 20.0);
  }
}

}  // namespace
}  // namespace nelm
