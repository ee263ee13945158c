// Kaplan-Meier on hand-worked tiny data (exact fractions) and on small R-checked cases for delayed
// entry, case weights, confidence levels and the quantile/landmark/restricted-mean rules.
#include "estimators/kaplan_meier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/core_error.h"
#include "numerics/confidence_interval.h"
#include "reference_data.h"

namespace nelm {
namespace {

const double kExact = 1e-14;

SurvivalData make_data(std::vector<double> time, std::vector<int> event) {
  SurvivalData data;
  data.time = std::move(time);
  data.event = std::move(event);
  return data;
}

void expect_all_near(const std::vector<double>& actual, const std::vector<double>& expected,
                     double relative = kExact) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_REL_NEAR(actual[i], expected[i], relative) << "at index " << i;
  }
}

// Unsorted input, a tie of two events with a censoring at the same time (3), censored last.
// Sorted: 1 event, 2 censored, 3 event x2 + censored, 4 event, 6 censored.
SurvivalData hand_worked() { return make_data({4, 1, 3, 3, 6, 3, 2}, {1, 1, 1, 0, 0, 1, 0}); }

TEST(KaplanMeier, HandWorkedTableWithTiesAndCensoringAtEventTime) {
  const KaplanMeierCurve curve = kaplan_meier(hand_worked());
  const KaplanMeierTable& t = curve.table;
  EXPECT_EQ(curve.n, 7.0);
  EXPECT_EQ(curve.events, 4.0);
  EXPECT_EQ(curve.rows, 7u);
  EXPECT_EQ(t.time, (std::vector<double>{1, 2, 3, 4, 6}));
  EXPECT_EQ(t.n_risk, (std::vector<double>{7, 6, 5, 2, 1}));
  EXPECT_EQ(t.n_event, (std::vector<double>{1, 0, 2, 1, 0}));
  EXPECT_EQ(t.n_censor, (std::vector<double>{0, 1, 1, 0, 1}));
  expect_all_near(t.surv, {6.0 / 7, 6.0 / 7, 18.0 / 35, 9.0 / 35, 9.0 / 35});
  const double g1 = 1.0 / 42, g3 = g1 + 2.0 / 15, g4 = g3 + 1.0 / 2;  // sum d / (n (n - d))
  expect_all_near(t.std_err_log,
                  {std::sqrt(g1), std::sqrt(g1), std::sqrt(g3), std::sqrt(g4), std::sqrt(g4)});
  expect_all_near(t.std_err,
                  {6.0 / 7 * std::sqrt(g1), 6.0 / 7 * std::sqrt(g1), 18.0 / 35 * std::sqrt(g3),
                   9.0 / 35 * std::sqrt(g4), 9.0 / 35 * std::sqrt(g4)});
  const double h1 = 1.0 / 7, h3 = h1 + 2.0 / 5, h4 = h3 + 1.0 / 2;
  expect_all_near(t.cumhaz, {h1, h1, h3, h4, h4});
  const double v1 = 1.0 / 49, v3 = v1 + 2.0 / 25, v4 = v3 + 1.0 / 4;
  expect_all_near(t.std_cumhaz,
                  {std::sqrt(v1), std::sqrt(v1), std::sqrt(v3), std::sqrt(v4), std::sqrt(v4)});
  // Default transform is log-log.
  const double z = 1.959963984540054;
  const double s = 18.0 / 35, shift = z * std::sqrt(g3) / std::log(s);
  EXPECT_REL_NEAR(t.lower[2], std::exp(-std::exp(std::log(-std::log(s)) - shift)), kExact);
  EXPECT_REL_NEAR(t.upper[2], std::exp(-std::exp(std::log(-std::log(s)) + shift)), kExact);
}

TEST(KaplanMeier, HandWorkedMedianQuartileAndRestrictedMean) {
  const KaplanMeierCurve curve = kaplan_meier(hand_worked());
  EXPECT_EQ(survival_quantile(curve, 0.5).estimate, 4.0);   // S(3) = 18/35 > 1/2, S(4) = 9/35
  EXPECT_EQ(survival_quantile(curve, 0.25).estimate, 3.0);  // S(1) = 6/7 > 3/4, S(3) = 18/35
  EXPECT_TRUE(std::isnan(survival_quantile(curve, 0.9).estimate));  // S never <= 0.1
  const RestrictedMean rmst = restricted_mean(curve, 5.0);
  EXPECT_REL_NEAR(rmst.rmean, 1 + 2 * 6.0 / 7 + 18.0 / 35 + 9.0 / 35, kExact);  // = 122/35
  // Areas from each event time to tau: 87/35, 27/35, 9/35, with d/(n(n-d)) = 1/42, 2/15, 1/2.
  const double variance =
      std::pow(87.0 / 35, 2) / 42 + std::pow(27.0 / 35, 2) * 2 / 15 + std::pow(9.0 / 35, 2) / 2;
  EXPECT_REL_NEAR(rmst.se, std::sqrt(variance), kExact);
  // Beyond the last time the last value is carried forward: 122/35 + (8 - 5) * 9/35.
  EXPECT_REL_NEAR(restricted_mean(curve, 8.0).rmean, 122.0 / 35 + 3 * 9.0 / 35, kExact);
  EXPECT_REL_NEAR(restricted_mean(curve, 0.5).rmean, 0.5, kExact);
  EXPECT_EQ(restricted_mean(curve, 0.5).se, 0.0);
}

// R: quantile(survfit(Surv(1:4, rep(1, 4)) ~ 1)) gives 1.5, 2.5, 3.5 (midpoints of flat
// stretches where S equals 1 - p exactly).
TEST(KaplanMeier, MidpointRuleWhereSurvivalEqualsTheTarget) {
  const KaplanMeierCurve curve = kaplan_meier(make_data({1, 2, 3, 4}, {1, 1, 1, 1}));
  EXPECT_EQ(survival_quantile(curve, 0.25).estimate, 1.5);
  EXPECT_EQ(survival_quantile(curve, 0.5).estimate, 2.5);
  EXPECT_EQ(survival_quantile(curve, 0.75).estimate, 3.5);
  EXPECT_EQ(survival_quantile(curve, 1.0).estimate, 4.0);
}

// R: quantile(survfit(Surv(1:4, c(1, 1, 0, 0)) ~ 1), 0.5) is 3: S = 1/2 from 2 to the end of
// follow-up (4), so the midpoint uses the last time.
TEST(KaplanMeier, MidpointWithTheLastTimeWhenFlatToTheEnd) {
  const KaplanMeierCurve curve = kaplan_meier(make_data({1, 2, 3, 4}, {1, 1, 0, 0}));
  EXPECT_EQ(survival_quantile(curve, 0.5).estimate, 3.0);
}

TEST(KaplanMeier, AllCensoredHasNoEventsAndUndefinedLogLogLimits) {
  const KaplanMeierCurve curve = kaplan_meier(make_data({2, 1, 2}, {0, 0, 0}));
  EXPECT_EQ(curve.events, 0.0);
  EXPECT_EQ(curve.table.surv, (std::vector<double>{1, 1}));
  EXPECT_EQ(curve.table.std_err, (std::vector<double>{0, 0}));
  EXPECT_EQ(curve.table.cumhaz, (std::vector<double>{0, 0}));
  EXPECT_TRUE(std::isnan(curve.table.lower[0]));
  EXPECT_TRUE(std::isnan(curve.table.upper[1]));
  const KaplanMeierCurve log_curve =
      kaplan_meier(make_data({2, 1, 2}, {0, 0, 0}), {ConfidenceTransform::log, 0.95});
  EXPECT_EQ(log_curve.table.lower, (std::vector<double>{1, 1}));
  EXPECT_EQ(log_curve.table.upper, (std::vector<double>{1, 1}));
  const QuantileEstimate median = survival_quantile(curve, 0.5);
  EXPECT_TRUE(std::isnan(median.estimate) && std::isnan(median.lower) && std::isnan(median.upper));
  EXPECT_REL_NEAR(restricted_mean(curve, 3.0).rmean, 3.0, kExact);
}

// R: survfit(Surv(5, 1) ~ 1): surv 0, std.err Inf (we: NaN), cumhaz 1, std.chaz 1, CI NA.
TEST(KaplanMeier, SingleEventDropsToZeroWithUndefinedErrors) {
  for (auto transform :
       {ConfidenceTransform::log_log, ConfidenceTransform::log, ConfidenceTransform::plain}) {
    const KaplanMeierCurve curve = kaplan_meier(make_data({5}, {1}), {transform, 0.95});
    EXPECT_EQ(curve.table.surv, (std::vector<double>{0}));
    EXPECT_TRUE(std::isnan(curve.table.std_err[0]));
    EXPECT_TRUE(std::isnan(curve.table.std_err_log[0]));
    EXPECT_TRUE(std::isnan(curve.table.lower[0]));
    EXPECT_TRUE(std::isnan(curve.table.upper[0]));
    EXPECT_EQ(curve.table.cumhaz[0], 1.0);
    EXPECT_EQ(curve.table.std_cumhaz[0], 1.0);
    EXPECT_EQ(survival_quantile(curve, 0.5).estimate, 5.0);
  }
}

TEST(KaplanMeier, NearlyTiedTimesFormOneRow) {
  const KaplanMeierCurve curve = kaplan_meier(make_data({0.1 + 0.2, 0.3, 1.0}, {1, 1, 0}));
  ASSERT_EQ(curve.table.time.size(), 2u);
  EXPECT_EQ(curve.table.n_event[0], 2.0);
  EXPECT_REL_NEAR(curve.table.surv[0], 1.0 / 3, kExact);
}

TEST(KaplanMeier, RefusesEmptyDataAndBadOptions) {
  try {
    kaplan_meier(SurvivalData{});
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "no_observations");
  }
  try {
    kaplan_meier(hand_worked(), {ConfidenceTransform::log, 1.0});
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "invalid_confidence_level");
  }
  const KaplanMeierCurve curve = kaplan_meier(hand_worked());
  EXPECT_THROW(survival_quantile(curve, 1.5), CoreError);
  EXPECT_THROW(restricted_mean(curve, -1.0), CoreError);
}

// Delayed entry plus integer case weights, checked against R 4.2.2 / survival 3.5-3:
//   d <- data.frame(entry = c(0, 0, 1, 2, 1.5, 0, 3), time = c(3, 4, 5, 6, 4, 2, 5),
//                   status = c(1, 0, 1, 1, 1, 1, 0), w = c(2, 1, 3, 1, 2, 1, 4))
//   f <- survfit(Surv(entry, time, status) ~ 1, data = d, weights = w, conf.type = "log-log")
SurvivalData entry_and_weights() {
  SurvivalData data = make_data({3, 4, 5, 6, 4, 2, 5}, {1, 0, 1, 1, 1, 1, 0});
  data.entry = {0, 0, 1, 2, 1.5, 0, 3};
  data.weight = {2, 1, 3, 1, 2, 1, 4};
  return data;
}

TEST(KaplanMeier, DelayedEntryAndWeightsMatchR) {
  const KaplanMeierCurve curve = kaplan_meier(entry_and_weights());
  const KaplanMeierTable& t = curve.table;
  EXPECT_EQ(curve.n, 14.0);  // weighted; R's f$n is the 7 rows
  EXPECT_EQ(curve.events, 9.0);
  EXPECT_EQ(t.time, (std::vector<double>{2, 3, 4, 5, 6}));
  EXPECT_EQ(t.n_risk, (std::vector<double>{9, 9, 11, 8, 1}));
  EXPECT_EQ(t.n_event, (std::vector<double>{1, 2, 2, 3, 1}));
  EXPECT_EQ(t.n_censor, (std::vector<double>{0, 0, 1, 4, 0}));
  const double kR = 1e-13;
  expect_all_near(
      t.surv,
      {0.88888888888888884, 0.69135802469135799, 0.56565656565656564, 0.35353535353535354, 0.0},
      kR);
  expect_all_near(
      t.std_err_log,
      {0.11785113019775792, 0.21362331482055191, 0.25658710185225764, 0.37528248138827480, NAN},
      kR);  // R: Inf at S = 0
  expect_all_near(t.cumhaz,
                  {0.11111111111111110, 0.33333333333333331, 0.51515151515151514,
                   0.89015151515151514, 1.89015151515151514},
                  kR);
  expect_all_near(t.std_cumhaz,
                  {0.11111111111111110, 0.19245008972987526, 0.23144321691696162,
                   0.31692422226278594, 1.04901904780460109},
                  kR);
  expect_all_near(
      t.lower,
      {0.43296509022580565, 0.31739574207367854, 0.25226168619164763, 0.12130994317835075, NAN},
      kR);
  expect_all_near(
      t.upper,
      {0.98356402852557900, 0.88806480465752968, 0.79001253586672038, 0.59898072650628220, NAN},
      kR);
}

// R: quantile(f) -> quantile 3 5 6, lower 2 2 5, upper 5 NA NA;
//    summary(f, rmean = 5.5)$table -> rmean 4.3226711560044890, se 0.3920049162636704.
TEST(KaplanMeier, DelayedEntryAndWeightsSummariesMatchR) {
  const KaplanMeierCurve curve = kaplan_meier(entry_and_weights());
  const std::vector<double> probability{0.25, 0.5, 0.75}, estimate{3, 5, 6}, lower{2, 2, 5},
      upper{5, NAN, NAN};
  for (std::size_t i = 0; i < probability.size(); ++i) {
    const QuantileEstimate q = survival_quantile(curve, probability[i]);
    EXPECT_REL_NEAR(q.estimate, estimate[i], 0.0);
    EXPECT_REL_NEAR(q.lower, lower[i], 0.0);
    EXPECT_REL_NEAR(q.upper, upper[i], 0.0);
  }
  const RestrictedMean rmst = restricted_mean(curve, 5.5);
  EXPECT_REL_NEAR(rmst.rmean, 4.3226711560044890, 1e-13);
  EXPECT_REL_NEAR(rmst.se, 0.3920049162636704, 1e-13);
}

// R: summary(f, times = c(7, 1, 4.5, 3), extend = TRUE) (R sorts the times).
TEST(KaplanMeier, SurvivalAtTimesMatchesRSummary) {
  const KaplanMeierCurve curve = kaplan_meier(entry_and_weights());
  const SurvivalAtTimes at = survival_at_times(curve, {7, 1, 4.5, 3});
  EXPECT_EQ(at.time, (std::vector<double>{1, 3, 4.5, 7}));
  EXPECT_EQ(at.n_risk, (std::vector<double>{9, 9, 8, 0}));
  EXPECT_EQ(at.n_event, (std::vector<double>{0, 3, 2, 4}));
  EXPECT_EQ(at.n_censor, (std::vector<double>{0, 0, 1, 4}));
  // t = 7 is past the last time (6), where the curve reached 0: estimable, S stays 0.
  EXPECT_EQ(at.estimable, (std::vector<bool>{true, true, true, true}));
  const double kR = 1e-13;
  expect_all_near(at.surv, {1, 0.69135802469135799, 0.56565656565656564, 0}, kR);
  expect_all_near(at.std_err, {0, 0.14769019296235686, 0.14514017882551947, NAN}, kR);
  expect_all_near(at.lower, {1, 0.31739574207367854, 0.25226168619164763, NAN}, kR);
  expect_all_near(at.upper, {1, 0.88806480465752968, 0.79001253586672038, NAN}, kR);
  expect_all_near(at.cumhaz, {0, 0.33333333333333331, 0.51515151515151514, 1.89015151515151514},
                  kR);
}

// No estimate past the last observed time when the last is a censoring (hand_worked: the curve
// stays at 9/35 from 4 to 6; R's summary(survfit(Surv(time, status) ~ 1), times = c(6, 6.5),
// extend = FALSE)$time is 6 only). A curve that ended at S = 0 stays 0 (R's extend = TRUE:
// survfit(Surv(c(1, 2, 3, 4), c(1, 0, 1, 1)) ~ 1) at times 1 3 4 5 gives S 0.75 0.375 0 0;
// extend = FALSE drops 5). At the last time itself the estimate stands.
TEST(KaplanMeier, NoEstimatePastTheLastObservedTimeUnlessTheCurveReachedZero) {
  const SurvivalAtTimes censored_last = survival_at_times(kaplan_meier(hand_worked()), {6, 6.5});
  EXPECT_EQ(censored_last.estimable, (std::vector<bool>{true, false}));
  EXPECT_EQ(censored_last.last_time, 6.0);
  EXPECT_REL_NEAR(censored_last.surv[0], 9.0 / 35.0, kExact);
  for (const auto* column : {&censored_last.surv, &censored_last.std_err, &censored_last.lower,
                             &censored_last.upper, &censored_last.cumhaz}) {
    EXPECT_TRUE(std::isnan((*column)[1]));
  }
  EXPECT_EQ(censored_last.n_risk, (std::vector<double>{1, 0}));
  EXPECT_EQ(censored_last.n_censor, (std::vector<double>{3, 0}));  // since the previous time asked
  const SurvivalAtTimes zero_last =
      survival_at_times(kaplan_meier(make_data({1, 2, 3, 4}, {1, 0, 1, 1})), {1, 3, 4, 5});
  EXPECT_EQ(zero_last.estimable, (std::vector<bool>{true, true, true, true}));
  expect_all_near(zero_last.surv, {0.75, 0.375, 0.0, 0.0});
  EXPECT_EQ(zero_last.n_risk, (std::vector<double>{4, 2, 1, 0}));
}

// R: survfit(Surv(entry, time, status) ~ 1, data = d, weights = w, conf.type = "plain",
//            conf.int = 0.9)$lower / $upper
TEST(KaplanMeier, PlainLimitsAtNinetyPercentMatchR) {
  const KaplanMeierCurve curve =
      kaplan_meier(entry_and_weights(), {ConfidenceTransform::plain, 0.9});
  const double kR = 1e-13;
  expect_all_near(
      curve.table.lower,
      {0.71657968093678914, 0.44842927513206260, 0.32692221609902478, 0.13530337098485032, NAN},
      kR);
  expect_all_near(curve.table.upper,
                  {1.0, 0.93428677425065332, 0.80439091521410644, 0.57176733608585673, NAN}, kR);
}

// A zero weight still contributes its time as a row with nothing counted, as in R:
//   survfit(Surv(t, s) ~ 1, weights = w, data = data.frame(t = c(2, 3, 3, 5, 7, 8),
//           s = c(1, 1, 0, 1, 0, 1), w = c(2, 1, 3, 0, 1, 2)))
TEST(KaplanMeier, ZeroWeightRowKeepsItsTimeLikeR) {
  SurvivalData data = make_data({2, 3, 3, 5, 7, 8}, {1, 1, 0, 1, 0, 1});
  data.weight = {2, 1, 3, 0, 1, 2};
  const KaplanMeierCurve curve = kaplan_meier(data);
  EXPECT_EQ(curve.table.time, (std::vector<double>{2, 3, 5, 7, 8}));
  EXPECT_EQ(curve.table.n_risk, (std::vector<double>{9, 7, 3, 3, 2}));
  EXPECT_EQ(curve.table.n_event, (std::vector<double>{2, 1, 0, 0, 2}));
  EXPECT_EQ(curve.table.n_censor, (std::vector<double>{0, 3, 0, 1, 0}));
  expect_all_near(
      curve.table.std_err_log,
      {0.17817416127494959, 0.23570226039551584, 0.23570226039551584, 0.23570226039551584, NAN},
      1e-13);
  expect_all_near(curve.table.std_cumhaz,
                  {0.15713484026367722, 0.21236647873428016, 0.21236647873428016,
                   0.21236647873428016, 0.73830855425763386},
                  1e-13);
}

}  // namespace
}  // namespace nelm
