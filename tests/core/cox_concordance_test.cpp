// Tests of Harrell's concordance: hand-counted pairs, then R's fit$concordance for every reference
// Cox model (counts exact, concordance and its infinitesimal-jackknife SE to 1e-6 relative).
#include "regression/cox_concordance.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/core_error.h"
#include "cox_after_fit_reference.h"

namespace nelm {
namespace {

SurvivalData make_data(std::vector<double> time, std::vector<int> event) {
  SurvivalData data;
  data.time = std::move(time);
  data.event = std::move(event);
  return data;
}

TEST(CoxConcordance, PerfectOrderingOfUnsortedInputIsOne) {
  // Higher predictor dies first in every pair: all 6 pairs concordant.
  const auto data = make_data({3, 1, 4, 2}, {1, 1, 1, 1});
  const Concordance c = harrell_concordance(data, {2, 4, 1, 3}, {});
  EXPECT_EQ(c.concordant, 6);
  EXPECT_EQ(c.discordant, 0);
  EXPECT_EQ(c.tied_x, 0);
  EXPECT_DOUBLE_EQ(c.concordance, 1.0);
}

TEST(CoxConcordance, TiedEventTimesAreNotComparable) {
  // Rows 0 and 1 die together with the same predictor (tied_xy, not comparable); row 2 is
  // censored later with a lower predictor, so (0,2) and (1,2) are comparable and concordant.
  const auto data = make_data({2, 2, 3}, {1, 1, 0});
  const Concordance c = harrell_concordance(data, {1, 1, 0}, {});
  EXPECT_EQ(c.concordant, 2);
  EXPECT_EQ(c.discordant, 0);
  EXPECT_EQ(c.tied_y, 0);
  EXPECT_EQ(c.tied_xy, 1);
  EXPECT_DOUBLE_EQ(c.concordance, 1.0);
}

TEST(CoxConcordance, CensoringAtAnEventTimeCountsAsLonger) {
  // A censored time equal to an event time is taken as the longer one (R's convention).
  const auto data = make_data({2, 2}, {1, 0});
  const Concordance c = harrell_concordance(data, {0, 1}, {});
  EXPECT_EQ(c.concordant, 0);
  EXPECT_EQ(c.discordant, 1);
  EXPECT_DOUBLE_EQ(c.concordance, 0.0);
}

TEST(CoxConcordance, HandCountedTiesAndJackknifeAgainstR) {
  // R: d <- data.frame(time=c(5,2,7,3,3,8,1,6), status=c(1,0,1,1,1,0,1,1),
  //                    x=c(0.5,1.2,-0.3,0.5,0.5,2,1.2,0.1))
  //    f <- concordancefit(Surv(d$time,d$status), d$x, reverse=TRUE); sqrt(f$var)
  // Counted by hand: 12 concordant, 6 discordant, 3 tied on x, 1 tied on both; C = 13.5/21.
  const auto data = make_data({5, 2, 7, 3, 3, 8, 1, 6}, {1, 0, 1, 1, 1, 0, 1, 1});
  const Concordance c = harrell_concordance(data, {0.5, 1.2, -0.3, 0.5, 0.5, 2, 1.2, 0.1}, {});
  EXPECT_EQ(c.concordant, 12);
  EXPECT_EQ(c.discordant, 6);
  EXPECT_EQ(c.tied_x, 3);
  EXPECT_EQ(c.tied_y, 0);
  EXPECT_EQ(c.tied_xy, 1);
  EXPECT_DOUBLE_EQ(c.concordance, 13.5 / 21.0);
  EXPECT_REL_NEAR(c.std_err, 0.20588770000573545, 1e-12);
}

TEST(CoxConcordance, StrataAndWeightsAgainstR) {
  // R: same d; w <- c(1,2,0.5,1,3,1,1.5,2); st <- c(1,1,1,2,2,2,2,1)
  //    f <- concordancefit(Surv(d$time,d$status), d$x, strata=st, weights=w, reverse=TRUE)
  auto data = make_data({5, 2, 7, 3, 3, 8, 1, 6}, {1, 0, 1, 1, 1, 0, 1, 1});
  data.weight = {1, 2, 0.5, 1, 3, 1, 1.5, 2};
  const Concordance c =
      harrell_concordance(data, {0.5, 1.2, -0.3, 0.5, 0.5, 2, 1.2, 0.1}, {1, 1, 1, 2, 2, 2, 2, 1});
  EXPECT_DOUBLE_EQ(c.concordant, 9.5);
  EXPECT_DOUBLE_EQ(c.discordant, 5.5);
  EXPECT_EQ(c.tied_x, 0);
  EXPECT_EQ(c.tied_y, 0);
  EXPECT_DOUBLE_EQ(c.tied_xy, 3.0);
  EXPECT_REL_NEAR(c.concordance, 0.6333333333333333, 1e-12);
  EXPECT_REL_NEAR(c.std_err, 0.26765096121074744, 1e-12);
}

TEST(CoxConcordance, NoComparablePairIsUndefined) {
  const Concordance all_censored =
      harrell_concordance(make_data({1, 2, 3}, {0, 0, 0}), {1, 2, 3}, {});
  EXPECT_EQ(all_censored.concordant + all_censored.discordant + all_censored.tied_x, 0);
  EXPECT_TRUE(std::isnan(all_censored.concordance));
  EXPECT_TRUE(std::isnan(all_censored.std_err));
  const Concordance single = harrell_concordance(make_data({4}, {1}), {0.3}, {});
  EXPECT_TRUE(std::isnan(single.concordance));
}

TEST(CoxConcordance, RefusesMismatchedSizes) {
  auto data = make_data({2, 3}, {1, 1});
  EXPECT_THROW(harrell_concordance(data, {1.0}, {}), CoreError);
  data.entry = {0};
  EXPECT_THROW(harrell_concordance(data, {1, 2}, {}), CoreError);
  data.entry.clear();
  EXPECT_THROW(harrell_concordance(data, {1, 2}, {}, {0}), CoreError);
}

// Counting-process data: an event at t is compared only with the rows at risk at t. Rows
// (entry, time]: a (0,2] event lp 1; b (0,5] censored lp 0; c (3,6] event lp 2; d (4,8] censored
// lp 1. At t = 2 b is at risk (c, d enter later): 1 concordant. At t = 6 d is at risk (b left at
// 5): lp 2 > 1, 1 concordant. With every entry at 0 instead, t = 2 also meets c (lp 2:
// discordant) and d (lp 1: tied): the entry times matter. Splitting a row in two changes nothing.
TEST(CoxConcordance, CountingProcessRiskSets) {
  SurvivalData data = make_data({2, 5, 6, 8}, {1, 0, 1, 0});
  data.entry = {0, 0, 3, 4};
  const Concordance delayed = harrell_concordance(data, {1, 0, 2, 1}, {});
  EXPECT_EQ(delayed.concordant, 2);
  EXPECT_EQ(delayed.discordant, 0);
  EXPECT_EQ(delayed.tied_x, 0);
  data.entry = {0, 0, 0, 0};
  const Concordance from_zero = harrell_concordance(data, {1, 0, 2, 1}, {});
  EXPECT_EQ(from_zero.concordant, 2);
  EXPECT_EQ(from_zero.discordant, 1);
  EXPECT_EQ(from_zero.tied_x, 1);
  data.entry.clear();
  const Concordance right = harrell_concordance(data, {1, 0, 2, 1}, {});
  EXPECT_EQ(right.concordant, from_zero.concordant);
  EXPECT_NEAR(right.std_err, from_zero.std_err, 1e-15);
  // b split at 1 into (0,1] and (1,5], one cluster: the same counts and clustered SE.
  SurvivalData split = make_data({2, 1, 5, 6, 8}, {1, 0, 0, 1, 0});
  split.entry = {0, 0, 1, 0, 0};
  const Concordance pieces = harrell_concordance(split, {1, 0, 0, 2, 1}, {}, {0, 1, 1, 2, 3});
  EXPECT_EQ(pieces.concordant, from_zero.concordant);
  EXPECT_EQ(pieces.discordant, from_zero.discordant);
  EXPECT_NEAR(pieces.std_err, from_zero.std_err, 1e-14);
}

// R: fit <- coxph(<cox.formula>, data, ties = "efron" | "breslow"); fit$concordance
TEST(CoxConcordance, MatchesRForEveryReferenceModel) {
  for (const std::string& dataset : testing::reference_datasets()) {
    for (const std::string ties : {"efron", "breslow", "exact"}) {
      SCOPED_TRACE(dataset + " " + ties);
      const auto reference = testing::load_cox_case(dataset, ties);
      const auto& expected = reference.block.at("concordance");
      const Concordance c = harrell_concordance(reference.data.survival,
                                                testing::centred_linear_predictor(reference), {});
      EXPECT_EQ(c.concordant, expected.at("concordant").get<double>());
      EXPECT_EQ(c.discordant, expected.at("discordant").get<double>());
      EXPECT_EQ(c.tied_x, expected.at("tied_x").get<double>());
      EXPECT_EQ(c.tied_y, expected.at("tied_y").get<double>());
      EXPECT_EQ(c.tied_xy, expected.at("tied_xy").get<double>());
      EXPECT_REL_NEAR(c.concordance, testing::to_double(expected.at("concordance")), 1e-12);
      EXPECT_REL_NEAR(c.std_err, testing::to_double(expected.at("std")), 1e-6);
    }
  }
}

// Few distinct times (3) and many ties on the predictor (10 values in 60 rows): the sweep in
// predictor order over a tree of time ranks, with tied groups at every value.
// R: set.seed(16); n <- 60; time <- sample(1:3, n, TRUE); status <- rbinom(n, 1, 0.6)
//    x <- round(2 * rnorm(n)) / 2; w <- sample(c(0.5, 1, 1.5, 2), n, TRUE)
//    st <- sample(0:1, n, TRUE); cl <- sample(0:9, n, TRUE)
//    f <- concordancefit(Surv(time, status), x, reverse = TRUE); f$count; sqrt(f$var[1])
//    g <- concordancefit(Surv(time, status), x, strata = st, weights = w, cluster = cl,
//                        reverse = TRUE); colSums(g$count); sqrt(g$var[1]); g$concordance
TEST(CoxConcordance, FewDistinctTimesWithTiedPredictorsAgainstR) {
  const std::vector<double> time = {1, 3, 3, 1, 3, 3, 2, 2, 3, 1, 1, 2, 2, 3, 3, 2, 1, 2, 3, 1,
                                    1, 2, 1, 1, 3, 2, 1, 3, 3, 1, 2, 3, 1, 2, 3, 3, 1, 3, 1, 1,
                                    2, 2, 1, 1, 1, 1, 1, 1, 2, 1, 3, 1, 2, 1, 1, 2, 3, 2, 1, 3};
  const std::vector<int> status = {1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1,
                                   1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0,
                                   1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1};
  const std::vector<double> x = {
      -0.5, -1.5, 0,   1,   0,   1,    0,    -2,   -1,   0,   1,    1.5, 1,    1,    -0.5,
      0,    0,    1,   0,   1.5, -2.5, -0.5, 0.5,  -2,   0.5, 0.5,  -1,  0.5,  0.5,  -0.5,
      1.5,  1.5,  0.5, 2.5, 0.5, 0,    -1,   -0.5, -0.5, 2.5, 1,    0.5, 0,    -0.5, -0.5,
      -0.5, -0.5, -2,  -1,  1,   1.5,  0,    0,    -2,   1,   -1.5, 0.5, -0.5, 0.5,  1.5};
  const std::vector<double> weight = {1.5, 2,   0.5, 2,   0.5, 1.5, 1.5, 1.5, 2,   0.5, 1,   2,
                                      2,   1.5, 1,   1,   2,   1.5, 2,   1.5, 1,   1,   1,   0.5,
                                      1.5, 1,   1,   1,   1,   2,   0.5, 0.5, 1.5, 1.5, 1,   1,
                                      1.5, 1.5, 0.5, 1,   0.5, 0.5, 2,   2,   1,   0.5, 0.5, 2,
                                      2,   2,   2,   1.5, 1.5, 2,   0.5, 2,   0.5, 2,   2,   2};
  const std::vector<std::size_t> strata = {
      0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
      0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1};
  const std::vector<std::size_t> cluster = {
      0, 6, 8, 9, 0, 0, 8, 9, 1, 4, 2, 6, 4, 3, 2, 9, 0, 7, 2, 4, 9, 0, 4, 2, 3, 2, 9, 1, 5, 2,
      2, 3, 2, 1, 0, 6, 7, 6, 6, 6, 1, 9, 6, 2, 6, 6, 0, 1, 0, 5, 7, 0, 1, 6, 5, 9, 7, 1, 0, 3};
  SurvivalData data = make_data(time, status);
  const Concordance plain = harrell_concordance(data, x, {});
  EXPECT_EQ(plain.concordant, 338);
  EXPECT_EQ(plain.discordant, 569);
  EXPECT_EQ(plain.tied_x, 130);
  EXPECT_EQ(plain.tied_y, 187);
  EXPECT_EQ(plain.tied_xy, 21);
  EXPECT_REL_NEAR(plain.concordance, 0.38862102217936356, 1e-12);
  EXPECT_REL_NEAR(plain.std_err, 0.059993066294862119, 1e-12);
  data.weight = weight;
  const Concordance weighted = harrell_concordance(data, x, strata, cluster);
  EXPECT_DOUBLE_EQ(weighted.concordant, 287.75);
  EXPECT_DOUBLE_EQ(weighted.discordant, 515.25);
  EXPECT_DOUBLE_EQ(weighted.tied_x, 97.0);
  EXPECT_DOUBLE_EQ(weighted.tied_y, 153.75);
  EXPECT_DOUBLE_EQ(weighted.tied_xy, 11.75);
  EXPECT_REL_NEAR(weighted.concordance, 0.37361111111111112, 1e-12);
  EXPECT_REL_NEAR(weighted.std_err, 0.05465604222388782, 1e-12);
}

}  // namespace
}  // namespace nelm
