// Cox fit on hand-worked tiny data (exact fractions of logs) and, for strata, case weights,
// separation and non-convergence, against numbers R survival 3.5-3 printed on this machine.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "reference_data.h"
#include "regression/cox_model.h"

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
  CoxData entry_at_exit = make_data({1, 2, 3}, {1, 1, 0}, {{0, 1, 2}}, {"x"});
  entry_at_exit.survival.entry = {0, 2, 0};
  EXPECT_EQ(refusal_code(entry_at_exit), "invalid_input:");
}

// Entry times before every exit make counting-process data with the same risk sets: the same fit
// (R: Surv(0, time, status) and Surv(time, status) agree).
TEST(CoxFit, EntryAtTimeZeroIsTheRightCensoredFit) {
  CoxData data = make_data({5, 2, 7, 3, 3, 8, 1, 6}, {1, 0, 1, 1, 1, 0, 1, 1},
                           {{0.5, 1.2, -0.3, 0.5, 0.8, 2, 1.2, 0.1}}, {"z"});
  const CoxFit right = cox_fit(data);
  data.survival.entry.assign(8, 0.0);
  const CoxFit counting = cox_fit(data);
  EXPECT_TRUE(counting.counting_process);
  EXPECT_NEAR(counting.coef[0], right.coef[0], 1e-12);
  EXPECT_NEAR(counting.se[0], right.se[0], 1e-12);
  EXPECT_NEAR(counting.loglik, right.loglik, 1e-12);
  EXPECT_EQ(counting.iterations, right.iterations);
}

// R: d <- data.frame(time = 1:8, status = c(1,1,1,1,1,0,1,1), x = c(1,1,1,0,0,0,0,0),
//   z = c(0.5,1.2,-0.3,0.8,0.1,-1,2,0.4)); coxph(Surv(time, status) ~ z + x, d)
// warns "Loglik converged before variable 2; coefficient may be infinite", iter 20,
// coef 0.45019931021795834 23.085508125482033. x = 1 subjects all die first: the likelihood is
// monotone in its coefficient.
TEST(CoxFit, SeparatingCovariateIsFlaggedInfinite) {
  const CoxData data =
      make_data({1, 2, 3, 4, 5, 6, 7, 8}, {1, 1, 1, 1, 1, 0, 1, 1},
                {{0.5, 1.2, -0.3, 0.8, 0.1, -1, 2, 0.4}, {1, 1, 1, 0, 0, 0, 0, 0}}, {"z", "x"});
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

// lung without the ph_ecog NA row, as the reference README prescribes.
CoxData lung_data(const std::vector<std::string>& names) {
  const auto table = testing::load_reference_csv("lung");
  CoxData data;
  data.covariate_names = names;
  data.covariates.resize(names.size());
  for (std::size_t row = 0; row < table.rows; ++row) {
    if (std::isnan(table.column("ph_ecog")[row])) continue;
    data.survival.time.push_back(table.column("time")[row]);
    data.survival.event.push_back(static_cast<int>(table.column("status")[row]));
    for (std::size_t j = 0; j < names.size(); ++j) {
      data.covariates[j].push_back(table.column(names[j])[row]);
    }
    data.strata.push_back(static_cast<std::size_t>(table.column("sex")[row]));
    data.survival.weight.push_back(static_cast<double>(1 + data.survival.time.size() % 3));
  }
  return data;
}

struct RFit {
  int iterations;
  std::vector<double> coef, variance, loglik;
  double score, robust_wald, robust_score;
  std::vector<double> robust_variance;
};

void expect_matches(const CoxFit& fit, const RFit& r) {
  EXPECT_EQ(fit.iterations, r.iterations);
  const std::size_t p = fit.coef.size();
  for (std::size_t i = 0; i < p; ++i) {
    EXPECT_REL_NEAR(fit.coef[i], r.coef[i], 1e-6);
    for (std::size_t j = 0; j < p; ++j) {
      EXPECT_REL_NEAR(fit.variance(i, j), r.variance[j * p + i], 1e-6);
      EXPECT_REL_NEAR(fit.robust_variance(i, j), r.robust_variance[j * p + i], 1e-6);
    }
  }
  EXPECT_REL_NEAR(fit.loglik_null, r.loglik[0], 1e-9);
  EXPECT_REL_NEAR(fit.loglik, r.loglik[1], 1e-9);
  EXPECT_REL_NEAR(fit.score_test.statistic, r.score, 1e-6);
  EXPECT_REL_NEAR(fit.robust_wald_test.statistic, r.robust_wald, 1e-6);
  EXPECT_REL_NEAR(fit.robust_score_test.statistic, r.robust_score, 1e-6);
}

CoxOptions robust_with_ties(TiesMethod ties) {
  CoxOptions options = with_ties(ties);
  options.robust = true;
  return options;
}

// R: coxph(Surv(time, status) ~ age + ph_ecog + strata(sex), lung2, ties = t, robust = TRUE),
// printing iter, fit$naive.var, loglik, score, wald.test (robust), rscore, var (robust).
TEST(CoxFit, StrataMatchR) {
  CoxData data = lung_data({"age", "ph_ecog"});
  data.survival.weight.clear();
  expect_matches(cox_fit(data, robust_with_ties(TiesMethod::efron)),
                 {3,
                  {0.01056625460094952, 0.4624244343582905},
                  {8.540299143192574e-05, -0.00017684578418207463, -0.00017684578418207463,
                   0.013170109580839886},
                  {-638.50976498423643, -628.77093950120525},
                  19.957499743694065,
                  18.002925173488112,
                  18.61110612939148,
                  {9.2109436912963567e-05, -0.00019653847513552002, -0.00019653847513552002,
                   0.014426778784486661}});
  expect_matches(cox_fit(data, robust_with_ties(TiesMethod::breslow)),
                 {3,
                  {0.010552022804388489, 0.46200223580935657},
                  {8.5385889457900694e-05, -0.00017679505197594846, -0.00017679505197594846,
                   0.01316830013048861},
                  {-638.68978717324103, -628.96827630307757},
                  19.921391523784454,
                  18.023211444953962,
                  18.626987472174033,
                  {9.17466914763059e-05, -0.00019545166472818685, -0.00019545166472818685,
                   0.014379977145646483}});
}

// R: w <- 1 + (seq_len(nrow(lung2)) %% 3); coxph(Surv(time, status) ~ age + sex + ph_ecog, lung2,
// ties = t, weights = w, robust = TRUE). The model-based Wald test is from robust = FALSE.
TEST(CoxFit, CaseWeightsMatchR) {
  CoxData data = lung_data({"age", "sex", "ph_ecog"});
  data.strata.clear();
  const CoxFit efron = cox_fit(data, robust_with_ties(TiesMethod::efron));
  expect_matches(efron, {4,
                         {0.012785913866611888, -0.57078869351937689, 0.48894248759516218},
                         {4.3552802625822283e-05, -1.9754559107336567e-05, -7.2247508511970245e-05,
                          -1.9754559107336567e-05, 0.013953762728879457, -0.0002817474440722906,
                          -7.2247508511970245e-05, -0.0002817474440722906, 0.006315466770705604},
                         {-1738.6673936095995, -1704.5420757708962},
                         68.202400912790722,
                         24.859936774922584,
                         28.26920199903001,
                         {9.12887624174835e-05, 4.1304538374073237e-05, -0.00019769313188958568,
                          4.1304538374073237e-05, 0.03064118959551744, -0.0035213085273476576,
                          -0.00019769313188958568, -0.0035213085273476576, 0.01754201662953701}});
  EXPECT_REL_NEAR(efron.wald_test.statistic, 66.624580855804524, 1e-6);
  const CoxFit breslow = cox_fit(data, robust_with_ties(TiesMethod::breslow));
  expect_matches(breslow,
                 {4,
                  {0.012723326108956596, -0.57020676669346138, 0.48859547298012518},
                  {4.3530756773380708e-05, -1.9335014717840814e-05, -7.2283117525030315e-05,
                   -1.9335014717840814e-05, 0.013954109857516286, -0.00028286061620096277,
                   -7.2283117525030315e-05, -0.00028286061620096277, 0.0063157941424220572},
                  {-1739.0710217629905, -1705.0223830331736},
                  68.05272080701917,
                  24.883143873473685,
                  28.294574175416038,
                  {9.0992910337446523e-05, 4.114923383298109e-05, -0.00019762388249349068,
                   4.114923383298109e-05, 0.030540883620858685, -0.0035123456805474249,
                   -0.00019762388249349068, -0.0035123456805474249, 0.017483761918238507}});
  EXPECT_REL_NEAR(breslow.wald_test.statistic, 66.482360014771572, 1e-6);
  EXPECT_EQ(breslow.n_events, 164);  // unweighted, as R's nevent
}

// R: coxph(Surv(time, status) ~ age + sex + ph_ecog, lung2, iter.max = 2) warns "Ran out of
// iterations and did not converge", iter 3, coef 0.011068314297635945 -0.55254481188921534
// 0.46362511910512122, loglik -729.23012185339576. (R's variance there is garbage -- chinv2 on
// an unfactored matrix gives zero off-diagonals -- so it is not compared.)
TEST(CoxFit, RunningOutOfIterationsWarnsLikeR) {
  CoxData data = lung_data({"age", "sex", "ph_ecog"});
  data.strata.clear();
  data.survival.weight.clear();
  CoxOptions options;
  options.max_iterations = 2;
  const CoxFit fit = cox_fit(data, options);
  EXPECT_FALSE(fit.converged);
  EXPECT_EQ(fit.iterations, 3);
  EXPECT_REL_NEAR(fit.coef[0], 0.011068314297635945, 1e-9);
  EXPECT_REL_NEAR(fit.coef[1], -0.55254481188921534, 1e-9);
  EXPECT_REL_NEAR(fit.coef[2], 0.46362511910512122, 1e-9);
  EXPECT_REL_NEAR(fit.loglik, -729.23012185339576, 1e-12);
  ASSERT_FALSE(fit.warnings.empty());
  EXPECT_EQ(fit.warnings[0].code, "not_converged");
}

}  // namespace
}  // namespace nelm
