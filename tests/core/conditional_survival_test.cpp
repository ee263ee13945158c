// Conditional survival on Kaplan-Meier curves: hand-worked fractions, refusals, and lung checked
// against R's Kaplan-Meier of the subjects still at risk after t0, restarted at t0.
#include "estimators/conditional_survival.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

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

// Sorted: 1 event, 2 censored, 3 two events + one censored (n = 5), 4 event (n = 2), 6 censored.
SurvivalData hand_worked() { return make_data({4, 1, 3, 3, 6, 3, 2}, {1, 1, 1, 0, 0, 1, 0}); }

TEST(ConditionalSurvival, HandWorkedFractions) {
  const KaplanMeierCurve curve = kaplan_meier(hand_worked(), {ConfidenceTransform::log, 0.95});
  const ConditionalSurvival cs = conditional_survival(curve, 1.0, {0, 1.5, 2, 3});
  EXPECT_EQ(cs.condition_time, 1.0);
  EXPECT_EQ(cs.horizon, (std::vector<double>{0, 1.5, 2, 3}));
  EXPECT_EQ(cs.time, (std::vector<double>{1, 2.5, 3, 4}));
  // S(3) / S(1) = (18/35) / (6/7) = 3/5; S(4) / S(1) = 3/10.
  EXPECT_REL_NEAR(cs.surv[0], 1.0, kExact);
  EXPECT_REL_NEAR(cs.surv[1], 1.0, kExact);
  EXPECT_REL_NEAR(cs.surv[2], 3.0 / 5, kExact);
  EXPECT_REL_NEAR(cs.surv[3], 3.0 / 10, kExact);
  const double se_log_3 = std::sqrt(2.0 / 15), se_log_4 = std::sqrt(2.0 / 15 + 1.0 / 2);
  EXPECT_EQ(cs.std_err[1], 0.0);
  EXPECT_REL_NEAR(cs.std_err[2], 3.0 / 5 * se_log_3, kExact);
  EXPECT_REL_NEAR(cs.std_err[3], 3.0 / 10 * se_log_4, kExact);
  const double z = 1.959963984540054;
  EXPECT_REL_NEAR(cs.lower[3], 0.3 * std::exp(-z * se_log_4), kExact);
  EXPECT_REL_NEAR(cs.upper[3], std::min(1.0, 0.3 * std::exp(z * se_log_4)), kExact);
  EXPECT_EQ(cs.lower[0], 1.0);  // log transform: no events in the window gives [1, 1]
  EXPECT_EQ(cs.upper[0], 1.0);
  EXPECT_TRUE(cs.warnings.empty());
}

TEST(ConditionalSurvival, EventsAtTheConditioningTimeAreAlreadySurvived) {
  const KaplanMeierCurve curve = kaplan_meier(hand_worked());
  // Given survival to 3 (both deaths at 3 excluded), only the death at 4 (n = 2) remains.
  const ConditionalSurvival cs = conditional_survival(curve, 3.0, {1});
  EXPECT_REL_NEAR(cs.surv[0], 0.5, kExact);
  EXPECT_REL_NEAR(cs.std_err[0], 0.5 * std::sqrt(0.5), kExact);
  // Log-log (the default) is undefined where CS = 1, as on a Kaplan-Meier curve.
  const ConditionalSurvival flat = conditional_survival(curve, 1.0, {0.5});
  EXPECT_TRUE(std::isnan(flat.lower[0]) && std::isnan(flat.upper[0]));
}

TEST(ConditionalSurvival, WarnsBeyondFollowUp) {
  const KaplanMeierCurve curve = kaplan_meier(hand_worked());
  const ConditionalSurvival cs = conditional_survival(curve, 2.0, {1, 10});
  EXPECT_REL_NEAR(cs.surv[1], 0.3, kExact);  // carried forward from t = 4: (3/5)(1/2)
  ASSERT_EQ(cs.warnings.size(), 1u);
  EXPECT_EQ(cs.warnings[0].code, "beyond_follow_up");
}

TEST(ConditionalSurvival, UndefinedWhereEveryoneAtRiskDies) {
  const KaplanMeierCurve curve = kaplan_meier(make_data({1, 2}, {1, 1}));
  const ConditionalSurvival cs = conditional_survival(curve, 1.0, {1});
  EXPECT_EQ(cs.surv[0], 0.0);
  EXPECT_TRUE(std::isnan(cs.std_err[0]));
  EXPECT_TRUE(std::isnan(cs.lower[0]) && std::isnan(cs.upper[0]));
}

TEST(ConditionalSurvival, Refusals) {
  const KaplanMeierCurve curve = kaplan_meier(make_data({1, 2}, {1, 1}));
  auto code_of = [&curve](double t0, std::vector<double> horizons) {
    try {
      conditional_survival(curve, t0, horizons);
    } catch (const CoreError& error) {
      return error.code();
    }
    return std::string("none");
  };
  EXPECT_EQ(code_of(2.0, {1}), "no_survivors_at_condition_time");
  EXPECT_EQ(code_of(5.0, {1}), "no_survivors_at_condition_time");
  EXPECT_EQ(code_of(-1.0, {1}), "invalid_condition_time");
  EXPECT_EQ(code_of(0.5, {-1}), "invalid_horizon");
  EXPECT_EQ(code_of(0.5, {1}), "none");
}

// R 4.2.2, survival 3.5-3: the KM of lung subjects alive after t0 = 180, restarted at t0:
//   f <- survfit(Surv(time - 180, status) ~ 1, data = subset(lung, time > 180), conf.type = ct)
//   summary(f, times = c(185, 365, 550, 1000), extend = TRUE)   # surv, std.err, lower, upper
// (and S(365) / S(180) from the full curve is 0.56707533072942973). Tolerance 1e-12.
TEST(ConditionalSurvival, LungMatchesRestartedKaplanMeierInR) {
  const testing::ReferenceTable csv = testing::load_reference_csv("lung");
  SurvivalData data;
  data.time = csv.column("time");
  for (double status : csv.column("status")) data.event.push_back(static_cast<int>(status));
  const std::vector<double> surv{0.567075330729429394, 0.353969514494127224, 0.160312876514945496,
                                 0.069762526483426818};
  const std::vector<double> std_err{0.043764566889775050, 0.045360045665844569,
                                    0.038648773381093508, 0.031528500409504528};
  struct Expected {
    ConfidenceTransform transform;
    std::vector<double> lower, upper;
  };
  const Expected cases[] = {
      {ConfidenceTransform::log_log,
       {0.476822455268158418, 0.266419774732101600, 0.093506139779355291, 0.024390167293989459},
       {0.64759542413808335, 0.44244235153915434, 0.24312732629305775, 0.14820722532758898}},
      {ConfidenceTransform::log,
       {0.487470661497864666, 0.275351306901131354, 0.099944257158027655, 0.028769338739826390},
       {0.65967955842466708, 0.45503476486565880, 0.25714552398803719, 0.16916656115608014}},
      {ConfidenceTransform::plain,
       {0.4812983558264761763, 0.2650654586519797240, 0.0845626726413519075, 0.0079678011942416124},
       {0.65285230563238261, 0.44287357033627472, 0.23606308038853907, 0.13155725177261202}}};
  for (const Expected& expected : cases) {
    const KaplanMeierCurve curve = kaplan_meier(data, {expected.transform, 0.95});
    const ConditionalSurvival cs = conditional_survival(curve, 180, {185, 365, 550, 1000});
    for (std::size_t i = 0; i < surv.size(); ++i) {
      EXPECT_REL_NEAR(cs.surv[i], surv[i], 1e-12) << i;
      EXPECT_REL_NEAR(cs.std_err[i], std_err[i], 1e-12) << i;
      EXPECT_REL_NEAR(cs.lower[i], expected.lower[i], 1e-12) << i;
      EXPECT_REL_NEAR(cs.upper[i], expected.upper[i], 1e-12) << i;
    }
    ASSERT_EQ(cs.warnings.size(), 1u);  // 180 + 1000 is past the last lung time (1022)
  }
}

}  // namespace
}  // namespace nelm
