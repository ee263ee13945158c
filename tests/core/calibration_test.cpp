// Calibration of predicted survival: risk groups on hand-worked data (ties never split), and the
// whole computation against R survival 3.5-3 on the lung data with proportional-hazards
// predictions, where the slope and C must be the same at every horizon. Kaplan-Meier parts and
// means at 1e-12 relative (closed forms), the slope's Cox fit at 1e-6 (iterative).
#include "prediction/calibration.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "reference_data.h"

namespace nelm {
namespace {

TEST(RiskGroups, CumulativeThresholdsWithTiesKeptTogether) {
  // Six rows, three groups: thresholds at 2, 4, 6 rows. Highest survival first.
  EXPECT_EQ(risk_groups_by_prediction({0.9, 0.8, 0.7, 0.6, 0.5, 0.4}, 3),
            (std::vector<std::size_t>{1, 1, 2, 2, 3, 3}));
  // A tie of three at the top goes whole into group 1 (3 >= 2), then 2 more reach 4 + 1.
  EXPECT_EQ(risk_groups_by_prediction({0.9, 0.9, 0.9, 0.6, 0.5, 0.4}, 3),
            (std::vector<std::size_t>{1, 1, 1, 2, 3, 3}));
  // A tied block of 11 just under n / 2 = 11.5 and one of 12: nearest to the target, 11 | 12
  // (closing only once a group reaches its target would put all 23 rows in group 1).
  std::vector<double> two_profiles(11, 0.8);
  two_profiles.insert(two_profiles.end(), 12, 0.6);
  const std::vector<std::size_t> split = risk_groups_by_prediction(two_profiles, 2);
  EXPECT_EQ(std::count(split.begin(), split.end(), 1u), 11);
  EXPECT_EQ(std::count(split.begin(), split.end(), 2u), 12);
  // Unsorted input; all tied: one group only.
  EXPECT_EQ(risk_groups_by_prediction({0.5, 0.5, 0.5, 0.5}, 3),
            (std::vector<std::size_t>{1, 1, 1, 1}));
  EXPECT_EQ(risk_groups_by_prediction({0.4, 0.9, 0.6, 0.8}, 2),
            (std::vector<std::size_t>{2, 1, 2, 1}));
}

TEST(Calibration, HandWorkedSmallCohort) {
  // Four rows, two groups: {0.9, 0.8} and {0.6, 0.4}. Group 1: times 2 (event), 5 (censored):
  // KM at 3 = 1/2. Group 2: times 1 (event), 4 (event): KM at 3 = 1/2. Whole: times 1, 2, 4, 5
  // with events at 1, 2, 4: KM at 3 = (3/4)(2/3) = 1/2. Mean predictions: 0.85, 0.5; overall 0.675.
  CalibrationInput input;
  input.survival.time = {2, 1, 5, 4};
  input.survival.event = {1, 1, 0, 1};
  input.horizons = {3};
  input.predicted_survival = {{0.9, 0.6, 0.8, 0.4}};
  input.risk_groups = 2;
  const CalibrationResult result = calibrate_predictions(input);
  ASSERT_EQ(result.horizons.size(), 1u);
  const auto& at = result.horizons[0];
  ASSERT_EQ(at.groups.size(), 2u);
  EXPECT_DOUBLE_EQ(at.groups[0].predicted, 0.85);
  EXPECT_DOUBLE_EQ(at.groups[1].predicted, 0.5);
  EXPECT_DOUBLE_EQ(at.groups[0].observed.surv, 0.5);
  EXPECT_DOUBLE_EQ(at.groups[1].observed.surv, 0.5);
  EXPECT_EQ(at.groups[0].events, 1.0);
  EXPECT_DOUBLE_EQ(at.overall.predicted, 0.675);
  EXPECT_DOUBLE_EQ(at.overall.observed.surv, 0.5);
  EXPECT_DOUBLE_EQ(at.difference, 0.5 - 0.675);
  // Comparable pairs (the shorter time is an event), risk = -prediction: (t1 0.6, t2 0.9)
  // concordant; (t1, t4 0.4) discordant; (t1, t5 0.8) concordant; (t2, t4) discordant;
  // (t2, t5) discordant; (t4, t5) concordant. C = 3/6.
  EXPECT_EQ(at.concordance.concordant, 3.0);
  EXPECT_EQ(at.concordance.discordant, 3.0);
  EXPECT_DOUBLE_EQ(at.concordance.concordance, 0.5);
  EXPECT_TRUE(at.slope.estimable);
}

TEST(Calibration, PastTheLastFollowUpNothingIsEstimated) {
  CalibrationInput input;
  input.survival.time = {1, 2, 3, 10};
  input.survival.event = {1, 1, 0, 0};
  input.horizons = {5};
  input.predicted_survival = {{0.2, 0.3, 0.8, 0.9}};
  input.risk_groups = 2;
  const CalibrationResult result = calibrate_predictions(input);
  const auto& at = result.horizons[0];
  // Group 1 = {10, 3}: still at risk at 5 (time 10). Group 2 = {1, 2}: nobody beyond 2.
  EXPECT_FALSE(std::isnan(at.groups[0].observed.surv));
  EXPECT_TRUE(std::isnan(at.groups[1].observed.surv));
  EXPECT_EQ(at.groups[1].observed.n_risk, 0.0);
  ASSERT_FALSE(result.warnings.empty());
  EXPECT_EQ(result.warnings[0].code, "no_data_at_horizon");
}

TEST(Calibration, SameSurvivalForEveryoneHasNoSlope) {
  CalibrationInput input;
  input.survival.time = {1, 2, 3};
  input.survival.event = {1, 0, 1};
  input.horizons = {2};
  input.predicted_survival = {{0.7, 0.7, 0.7}};
  const CalibrationResult result = calibrate_predictions(input);
  EXPECT_FALSE(result.horizons[0].slope.estimable);
  EXPECT_EQ(result.horizons[0].groups.size(), 1u);
  EXPECT_EQ(result.warnings.back().code, "calibration_slope_not_estimable");
}

// R (lung.csv of tests/reference, 228 rows, days):
//   lp <- 0.015 * (l$age - 62) - 0.5 * (l$sex - 1)
//   S  <- sapply(c(180, 365, 730), function(h) exp(-(h / 420)^1.3 * exp(lp)))
//   groups_of(s): distinct s decreasing, ties whole; before a block, close group g if the block
//     would overshoot g n / 3 by more than stopping short; after it, close once >= g n / 3
//     (the R function is in docs/validation/calibration.md)
//   tapply(s, grp, mean); summary(survfit(Surv(time, status) ~ grp, conf.type = "log-log"),
//     times = h, extend = TRUE); summary(survfit(Surv(time, status) ~ 1, conf.type = "log-log"),
//     times = h); f <- coxph(Surv(time, status) ~ log(-log(s))); confint(f);
//   concordance(Surv(time, status) ~ log(-log(s)), reverse = TRUE)
struct Expected {
  double horizon;
  double predicted[3];
  double surv[3], std_err[3], lower[3], upper[3], n_risk[3];
  double overall_predicted, overall_surv, overall_lower, overall_upper;
};

TEST(Calibration, MatchesROnLungWithProportionalHazardsPredictions) {
  const auto table = testing::load_reference_csv("lung");
  CalibrationInput input;
  input.horizons = {180, 365, 730};
  input.predicted_survival.resize(3);
  for (std::size_t i = 0; i < table.rows; ++i) {
    input.survival.time.push_back(table.column("time")[i]);
    input.survival.event.push_back(static_cast<int>(table.column("status")[i]));
    const double lp = 0.015 * (table.column("age")[i] - 62) - 0.5 * (table.column("sex")[i] - 1);
    for (std::size_t h = 0; h < 3; ++h) {
      input.predicted_survival[h].push_back(
          std::exp(-std::pow(input.horizons[h] / 420.0, 1.3) * std::exp(lp)));
    }
  }
  const Expected expected[] = {{180,
                                {0.824944972570608, 0.74783812606961, 0.686009644527955},
                                {0.838823529411765, 0.697321428571429, 0.629280821917808},
                                {0.0426281682697716, 0.0516235061843117, 0.0566297570688552},
                                {0.733620664093364, 0.583242291918391, 0.507711532863002},
                                {0.9050901951257, 0.785796687668636, 0.728698660417407},
                                {59, 56, 45},
                                0.753406259118005,
                                0.721670653409762,
                                0.658304528445661,
                                0.775314690716979},
                               {365,
                                {0.617803301318963, 0.483813597858887, 0.38922645605082},
                                {0.544121968879012, 0.399543875672908, 0.280263397119394},
                                {0.0652327256469859, 0.0581376063702324, 0.0586127359454345},
                                {0.40845896843871, 0.285953074609037, 0.172791810726536},
                                {0.661228925678731, 0.510528916100824, 0.397876210571915},
                                {25, 25, 15},
                                0.49760467859361,
                                0.409241624460064,
                                0.338714269088323,
                                0.478380767646914},
                               {730,
                                {0.307027976802754, 0.169748913564586, 0.0985905433564914},
                                {0.182335377289515, 0.124272943255596, 0.0435965284407947},
                                {0.0677908303179008, 0.0449212637716205, 0.0297341682732854},
                                {0.0734260685230783, 0.0534519976353023, 0.00822959268513157},
                                {0.329842938242856, 0.22659133627626, 0.129427149781859},
                                {5, 6, 2},
                                0.1921233377649,
                                0.115693098344539,
                                0.0676321514888291,
                                0.177825199700288}};
  const CalibrationResult result = calibrate_predictions(input);
  ASSERT_EQ(result.horizons.size(), 3u);
  for (std::size_t h = 0; h < 3; ++h) {
    SCOPED_TRACE(expected[h].horizon);
    const auto& at = result.horizons[h];
    ASSERT_EQ(at.groups.size(), 3u);
    const double n[] = {75, 80, 73},
                 events[] = {43, 63, 59};  // table(grp); tapply(status, grp, sum)
    for (std::size_t g = 0; g < 3; ++g) {
      EXPECT_EQ(at.groups[g].n, n[g]);
      EXPECT_EQ(at.groups[g].events, events[g]);
      EXPECT_REL_NEAR(at.groups[g].predicted, expected[h].predicted[g], 1e-12);
      EXPECT_REL_NEAR(at.groups[g].observed.surv, expected[h].surv[g], 1e-12);
      EXPECT_REL_NEAR(at.groups[g].observed.std_err, expected[h].std_err[g], 1e-12);
      EXPECT_REL_NEAR(at.groups[g].observed.lower, expected[h].lower[g], 1e-12);
      EXPECT_REL_NEAR(at.groups[g].observed.upper, expected[h].upper[g], 1e-12);
      EXPECT_EQ(at.groups[g].observed.n_risk, expected[h].n_risk[g]);
    }
    EXPECT_REL_NEAR(at.overall.predicted, expected[h].overall_predicted, 1e-12);
    EXPECT_REL_NEAR(at.overall.observed.surv, expected[h].overall_surv, 1e-12);
    EXPECT_REL_NEAR(at.overall.observed.lower, expected[h].overall_lower, 1e-12);
    EXPECT_REL_NEAR(at.overall.observed.upper, expected[h].overall_upper, 1e-12);
    // The same slope and C at every horizon: the predictions are proportional hazards.
    ASSERT_TRUE(at.slope.estimable);
    EXPECT_REL_NEAR(at.slope.slope, 1.05299068965168, 1e-6);    // coef(f)
    EXPECT_REL_NEAR(at.slope.std_err, 0.28738757553993, 1e-6);  // sqrt(vcov(f))
    EXPECT_REL_NEAR(at.slope.lower, 0.489721391989134, 1e-6);   // confint(f)
    EXPECT_REL_NEAR(at.slope.upper, 1.61625998731423, 1e-6);
    EXPECT_REL_NEAR(at.slope.p, 0.000248297965184428, 1e-6);
    EXPECT_REL_NEAR(at.concordance.concordance, 0.603052862995903, 1e-12);
    EXPECT_REL_NEAR(at.concordance.std_err, 0.0254801937204588, 1e-6);  // sqrt(cc$var)
  }
}

// Proportional predictions reuse the slope and C of the time before (same Cox fit up to a
// shift of x); others are refitted. Both must equal a calibration of that time alone.
TEST(Calibration, EachTimeEqualsItsOwnCalibrationWhetherReusedOrRefitted) {
  const auto table = testing::load_reference_csv("lung");
  CalibrationInput input;
  input.horizons = {180, 365, 730};
  input.predicted_survival.resize(3);
  for (std::size_t i = 0; i < table.rows; ++i) {
    input.survival.time.push_back(table.column("time")[i]);
    input.survival.event.push_back(static_cast<int>(table.column("status")[i]));
    const double age = table.column("age")[i], female = table.column("sex")[i] - 1;
    const double lp = 0.015 * (age - 62) - 0.5 * female;
    input.predicted_survival[0].push_back(std::exp(-0.4 * std::exp(lp)));
    input.predicted_survival[1].push_back(std::exp(-0.8 * std::exp(lp)));  // proportional
    input.predicted_survival[2].push_back(std::exp(-1.5 * std::exp(0.3 * lp + female)));  // not
  }
  const CalibrationResult together = calibrate_predictions(input);
  for (std::size_t h = 0; h < 3; ++h) {
    CalibrationInput alone = input;
    alone.horizons = {input.horizons[h]};
    alone.predicted_survival = {input.predicted_survival[h]};
    const CalibrationResult single = calibrate_predictions(alone);
    EXPECT_REL_NEAR(together.horizons[h].slope.slope, single.horizons[0].slope.slope, 1e-9) << h;
    EXPECT_REL_NEAR(together.horizons[h].slope.std_err, single.horizons[0].slope.std_err, 1e-9);
    EXPECT_EQ(together.horizons[h].concordance.concordant,
              single.horizons[0].concordance.concordant);
  }
  EXPECT_NE(together.horizons[2].concordance.concordant,
            together.horizons[1].concordance.concordant);
}

}  // namespace
}  // namespace nelm
