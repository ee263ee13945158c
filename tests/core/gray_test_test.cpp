// Tests of Gray's K-sample test against a hand-worked case and R's cmprsk::cuminc (2.2-11).
#include "estimators/gray_test.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "common/core_error.h"
#include "reference_data.h"

namespace nelm {
namespace {

const double kClosedForm = 1e-12;

void expect_code(const std::function<void()>& call, const std::string& code) {
  try {
    call();
    ADD_FAILURE() << "expected CoreError " << code;
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), code);
  }
}

// Two causes with a single event each: group A = {cause 1 at t = 1, censored at 3}, group B =
// {cause 2 at t = 2, censored at 4}. R: cuminc(c(1,3,2,4), c(1,0,2,0), c("A","A","B","B"))$Tests
// gives 1.0 (p 0.31731050786291404) and 0.8 (p 0.37109336952269767).
// By hand, cause 1 (docs/validation/competing_risks.md): at t = 1, h_A = h_B = 2, so the score
// of A is 1 - 1 * 2/4 = 1/2 and the variance terms sum to 621/2048 - 109/2048 = 1/4: 1.
// Cause 2: the score of A is 0 - 1 * 2/4 = -1/2, the variance 160/512 = 5/16: 4/5.
TEST(GrayTest, HandWorkedTwoCausesOneEventEach) {
  SurvivalData data;
  data.time = {1, 3, 2, 4};
  data.event = {1, 0, 2, 0};
  const std::vector<GrayTest> tests = gray_test(data, {0, 0, 1, 1}, 2, {});
  ASSERT_EQ(tests.size(), 2u);
  EXPECT_EQ(tests[0].cause, 1);
  EXPECT_NEAR(tests[0].score[0], 0.5, kClosedForm);
  EXPECT_NEAR(tests[0].variance(0, 0), 0.25, kClosedForm);
  EXPECT_NEAR(tests[0].statistic, 1.0, kClosedForm);
  EXPECT_EQ(tests[0].df, 1);
  EXPECT_REL_NEAR(tests[0].p, 0.31731050786291404, kClosedForm);
  EXPECT_NEAR(tests[1].score[0], -0.5, kClosedForm);
  EXPECT_NEAR(tests[1].variance(0, 0), 5.0 / 16, kClosedForm);
  EXPECT_NEAR(tests[1].statistic, 0.8, kClosedForm);
  EXPECT_REL_NEAR(tests[1].p, 0.37109336952269767, kClosedForm);
}

struct Mgus2 {
  SurvivalData data;
  std::vector<std::size_t> male, age_group, age_strata;
};

// tests/reference/mgus2.csv (event 1 = PCM, 2 = death first).
Mgus2 mgus2() {
  const testing::ReferenceTable table = testing::load_reference_csv("mgus2");
  Mgus2 m;
  m.data.time = table.column("etime");
  for (double code : table.column("event")) m.data.event.push_back(static_cast<int>(code));
  for (double male : table.column("male")) m.male.push_back(static_cast<std::size_t>(male));
  for (double age : table.column("age")) {
    m.age_group.push_back(age <= 65 ? 0 : age <= 75 ? 1 : 2);  // cut(age, c(0, 65, 75, 100))
    m.age_strata.push_back(age <= 60 ? 0 : age <= 70 ? 1 : age <= 80 ? 2 : 3);
  }
  return m;
}

// R: d <- read.csv("mgus2.csv"); cuminc(d$etime, d$event, d$male)$Tests
TEST(GrayTest, Mgus2BySex) {
  const Mgus2 m = mgus2();
  const std::vector<GrayTest> tests = gray_test(m.data, m.male, 2, {});
  EXPECT_REL_NEAR(tests[0].statistic, 1.1945078250755148, 1e-10);
  EXPECT_REL_NEAR(tests[0].p, 0.27442215678800419, 1e-10);
  EXPECT_REL_NEAR(tests[1].statistic, 11.6512590121277384, 1e-10);
  EXPECT_REL_NEAR(tests[1].p, 6.4159097640792417e-04, 1e-10);
}

// R: cuminc(d$etime, d$event, d$male, strata = cut(d$age, c(0, 60, 70, 80, 100)), rho = 1)$Tests
TEST(GrayTest, Mgus2StratifiedWithRho) {
  const Mgus2 m = mgus2();
  GrayTestOptions options;
  options.rho = 1;
  const std::vector<GrayTest> tests = gray_test(m.data, m.male, 2, m.age_strata, options);
  EXPECT_REL_NEAR(tests[0].statistic, 1.8778613816421803, 1e-10);
  EXPECT_REL_NEAR(tests[0].p, 1.7057741486168054e-01, 1e-10);
  EXPECT_REL_NEAR(tests[1].statistic, 30.8624725145135983, 1e-10);
  EXPECT_REL_NEAR(tests[1].p, 2.7697626858724789e-08, 1e-8);  // R: 1 - pchisq
}

// Three groups. R: g <- cut(d$age, c(0, 65, 75, 100)); cuminc(d$etime, d$event, g)$Tests and
// cuminc(d$etime, d$event, g, strata = d$male, rho = 0.5)$Tests. R prints p = 0 for cause 2
// (1 - pchisq); on 2 df the upper tail is exp(-stat / 2) exactly.
TEST(GrayTest, Mgus2ThreeAgeGroups) {
  const Mgus2 m = mgus2();
  std::vector<GrayTest> tests = gray_test(m.data, m.age_group, 3, {});
  EXPECT_EQ(tests[0].df, 2);
  EXPECT_REL_NEAR(tests[0].statistic, 3.2255425703837228, 1e-10);
  EXPECT_REL_NEAR(tests[0].p, 0.19933443535225848, 1e-10);
  EXPECT_REL_NEAR(tests[1].statistic, 269.4821557278488626, 1e-10);
  EXPECT_REL_NEAR(tests[1].p, std::exp(-tests[1].statistic / 2), 1e-10);
  GrayTestOptions options;
  options.rho = 0.5;
  tests = gray_test(m.data, m.age_group, 3, m.male, options);
  EXPECT_REL_NEAR(tests[0].statistic, 3.3272877105555283, 1e-10);
  EXPECT_REL_NEAR(tests[0].p, 0.18944740194593768, 1e-10);
  EXPECT_REL_NEAR(tests[1].statistic, 251.8607975410697861, 1e-10);
}

// A declared cause that never occurs has no test (cuminc leaves it out).
TEST(GrayTest, CauseWithoutEventsIsUndefined) {
  SurvivalData data;
  data.time = {1, 3, 2, 4};
  data.event = {1, 0, 1, 0};
  GrayTestOptions options;
  options.cause_count = 2;
  const std::vector<GrayTest> tests = gray_test(data, {0, 0, 1, 1}, 2, {}, options);
  ASSERT_EQ(tests.size(), 2u);
  EXPECT_TRUE(std::isfinite(tests[0].statistic));
  EXPECT_TRUE(std::isnan(tests[1].statistic));
  EXPECT_TRUE(std::isnan(tests[1].p));
  EXPECT_FALSE(tests[1].singular);
}

TEST(GrayTest, Refusals) {
  SurvivalData data;
  data.time = {1, 3, 2, 4};
  data.event = {1, 0, 2, 0};
  expect_code([&] { gray_test(data, {0, 0, 0, 0}, 1, {}); }, "invalid_input");
  expect_code([&] { gray_test(data, {0, 0, 1}, 2, {}); }, "invalid_input");
  data.weight = {1, 1, 1, 1};
  expect_code([&] { gray_test(data, {0, 0, 1, 1}, 2, {}); }, "invalid_input");
  data.weight.clear();
  data.event = {1, 0, -1, 0};
  expect_code([&] { gray_test(data, {0, 0, 1, 1}, 2, {}); }, "invalid_event_code");
}

}  // namespace
}  // namespace nelm
