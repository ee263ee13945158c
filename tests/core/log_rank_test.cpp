// Tests of the G-rho (log-rank / Peto-Peto) k-sample test against hand-worked fractions and R's
// survdiff, including stratified survdiff.
#include "estimators/log_rank.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "reference_data.h"

namespace nelm {
namespace {

using testing::load_reference_csv;
using testing::load_reference_json;
using testing::to_double;
using testing::to_doubles;

SurvivalData make_data(std::vector<double> time, std::vector<int> event) {
  SurvivalData data;
  data.time = std::move(time);
  data.event = std::move(event);
  return data;
}

void expect_code(const std::function<void()>& call, const std::string& code) {
  try {
    call();
    ADD_FAILURE() << "expected CoreError " << code;
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), code);
  }
}

// Unsorted, a tie of two events across groups, a censoring in group A between events, and a
// last event where group A has nobody at risk. By hand (A = group 0):
//   t=1: n=6 (3,3), d=1 (A): E_A = 1/2, V = 1*5/5 * 9/36 = 1/4
//   t=2: n=5 (2,3), d=2 (A,B): E_A = 4/5, V = 2*3/4 * 6/25 = 9/25
//   t=4: n=2 (0,2), d=1 (B): E_A = 0, V = 0
// O_A = 2, E_A = 13/10, V_AA = 61/100, chi-square = (7/10)^2 / (61/100) = 49/61.
// R: survdiff(Surv(t,s) ~ g, data.frame(t=c(3,2,1,5,4,2), s=c(0,1,1,0,1,1), g=c(1,2,1,2,2,1)))
//    gives chisq 0.80327868852459061, p 0.37011489991724617.
TEST(LogRank, HandWorkedTwoGroups) {
  const SurvivalData data = make_data({3, 2, 1, 5, 4, 2}, {0, 1, 1, 0, 1, 1});
  const std::vector<std::size_t> group = {0, 1, 0, 1, 1, 0};
  const LogRankResult result = log_rank_test(data, group, 2, {});
  EXPECT_EQ(result.n, (std::vector<double>{3, 3}));
  EXPECT_EQ(result.observed, (std::vector<double>{2, 2}));
  EXPECT_REL_NEAR(result.expected[0], 13.0 / 10.0, 1e-14);
  EXPECT_REL_NEAR(result.expected[1], 27.0 / 10.0, 1e-14);
  EXPECT_REL_NEAR(result.variance(0, 0), 61.0 / 100.0, 1e-14);
  EXPECT_REL_NEAR(result.variance(0, 1), -61.0 / 100.0, 1e-14);
  EXPECT_REL_NEAR(result.variance(1, 1), 61.0 / 100.0, 1e-14);
  EXPECT_REL_NEAR(result.chi_square, 49.0 / 61.0, 1e-14);
  EXPECT_EQ(result.df, 1);
  EXPECT_REL_NEAR(result.p, 0.37011489991724617, 1e-12);
  EXPECT_TRUE(result.warnings.empty());
}

// Same data, rho = 1: pooled S(t-) is 1, 5/6, 1/2 at t = 1, 2, 4.
//   O_A = 1 + 5/6 = 11/6, E_A = 1/2 + (5/6)(4/5) = 7/6, V_AA = 1/4 + (25/36)(9/25) = 1/2,
//   O_B = 5/6 + 1/2 = 4/3, E_B = 1/2 + 1 + 1/2 = 2, chi-square = (2/3)^2 / (1/2) = 8/9.
// R: same call with rho = 1 gives p 0.34577858615116047.
TEST(LogRank, HandWorkedPetoPeto) {
  const SurvivalData data = make_data({3, 2, 1, 5, 4, 2}, {0, 1, 1, 0, 1, 1});
  const LogRankResult result = log_rank_test(data, {0, 1, 0, 1, 1, 0}, 2, {}, {1.0});
  EXPECT_REL_NEAR(result.observed[0], 11.0 / 6.0, 1e-14);
  EXPECT_REL_NEAR(result.observed[1], 4.0 / 3.0, 1e-14);
  EXPECT_REL_NEAR(result.expected[0], 7.0 / 6.0, 1e-14);
  EXPECT_REL_NEAR(result.expected[1], 2.0, 1e-14);
  EXPECT_REL_NEAR(result.variance(0, 0), 0.5, 1e-14);
  EXPECT_REL_NEAR(result.chi_square, 8.0 / 9.0, 1e-14);
  EXPECT_REL_NEAR(result.p, 0.34577858615116047, 1e-12);
  EXPECT_EQ(result.rho, 1.0);
}

// Three groups, group 3 has no events but is at risk (so it counts in df).
// R: survdiff(Surv(t,s) ~ g, data.frame(t=1:7, s=c(1,1,0,1,0,1,0), g=c(1,2,3,1,3,2,3)))
TEST(LogRank, ThreeGroupsOneWithoutEvents) {
  const SurvivalData data = make_data({1, 2, 3, 4, 5, 6, 7}, {1, 1, 0, 1, 0, 1, 0});
  const LogRankResult result = log_rank_test(data, {0, 1, 2, 0, 2, 1, 2}, 3, {});
  EXPECT_EQ(result.observed, (std::vector<double>{2, 2, 0}));
  // By hand, at t = 1, 2, 4, 6 (n = 7, 6, 4, 2): E_1 = 2/7 + 1/6 + 1/4 + 0 = 59/84.
  EXPECT_REL_NEAR(result.expected[0], 59.0 / 84.0, 1e-14);
  const std::vector<double> expected = {0.70238095238095233, 1.36904761904761907,
                                        1.92857142857142860};
  const double variance[3][3] = {{0.53047052154195007, -0.19968820861678005, -0.33078231292517002},
                                 {-0.19968820861678005, 0.86380385487528333, -0.66411564625850339},
                                 {-0.33078231292517002, -0.66411564625850339, 0.99489795918367352}};
  for (std::size_t a = 0; a < 3; ++a) {
    EXPECT_REL_NEAR(result.expected[a], expected[a], 1e-13);
    for (std::size_t b = 0; b < 3; ++b) {
      EXPECT_REL_NEAR(result.variance(a, b), variance[a][b], 1e-13);
    }
  }
  EXPECT_REL_NEAR(result.chi_square, 4.763151526883801168, 1e-12);
  EXPECT_EQ(result.df, 2);
  EXPECT_REL_NEAR(result.p, 0.092404854536396061, 1e-12);
}

// 0.1 + 0.2 and 0.3 are one tie (survdiff's timefix). Merged: t=0.3 n=4 d=2, t=0.5 n=2 d=1:
// E_1 = 1 + 1/2 = 3/2, V = 1/3 + 1/4 = 7/12, chi-square = (1/2)^2 / (7/12) = 3/7.
// R: survdiff(Surv(t,s) ~ g, data.frame(t=c(0.1+0.2,0.3,0.5,0.7), s=c(1,1,1,0), g=c(1,2,1,2)))
//    gives chisq 0.4285714285714286, p 0.5126907602619234.
TEST(LogRank, MergesFloatingPointTies) {
  const SurvivalData data = make_data({0.1 + 0.2, 0.3, 0.5, 0.7}, {1, 1, 1, 0});
  const LogRankResult result = log_rank_test(data, {0, 1, 0, 1}, 2, {});
  EXPECT_REL_NEAR(result.expected[0], 1.5, 1e-14);
  EXPECT_REL_NEAR(result.variance(0, 0), 7.0 / 12.0, 1e-14);
  EXPECT_REL_NEAR(result.chi_square, 3.0 / 7.0, 1e-14);
  EXPECT_REL_NEAR(result.p, 0.5126907602619234, 1e-12);
}

// Only group B has anyone at risk at its event time: expected_A = 0, so R reports chisq 0 on
// 0 df with p = pchisq(0, 0, lower.tail = FALSE) = 1. We return the same plus a warning.
// R: survdiff(Surv(t,s) ~ g, data.frame(t=1:4, s=c(0,0,0,1), g=c(1,1,2,2))): chisq 0, p 1.
TEST(LogRank, NoComparisonPossible) {
  const SurvivalData data = make_data({1, 2, 3, 4}, {0, 0, 0, 1});
  const LogRankResult result = log_rank_test(data, {0, 0, 1, 1}, 2, {});
  EXPECT_EQ(result.expected, (std::vector<double>{0, 1}));
  EXPECT_EQ(result.chi_square, 0.0);
  EXPECT_EQ(result.df, 0);
  EXPECT_EQ(result.p, 1.0);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].code, "no_comparison");
}

// All censored: R gives df = -1 and p = NaN; the core refuses instead.
TEST(LogRank, Refusals) {
  const SurvivalData censored = make_data({1, 2, 3, 4}, {0, 0, 0, 0});
  expect_code([&] { log_rank_test(censored, {0, 0, 1, 1}, 2, {}); }, "no_events");
  const SurvivalData data = make_data({1, 2, 3}, {1, 1, 0});
  expect_code([&] { log_rank_test(data, {0, 0, 0}, 1, {}); }, "single_group");
  expect_code([&] { log_rank_test(data, {1, 1, 1}, 3, {}); }, "single_group");
  expect_code([&] { log_rank_test(data, {0, 1, 2}, 2, {}); }, "invalid_group");
  expect_code([&] { log_rank_test(data, {0, 1, 0}, 2, {}, {-1.0}); }, "invalid_rho");
  SurvivalData weighted = data;
  weighted.weight = {1, 2, 1};
  expect_code([&] { log_rank_test(weighted, {0, 1, 0}, 2, {}); }, "unsupported");
  SurvivalData delayed = data;
  delayed.entry = {0, 0, 0.5};
  expect_code([&] { log_rank_test(delayed, {0, 1, 0}, 2, {}); }, "unsupported");
}

// Group indices in R's level order, from the JSON labels "var=level" matched to the CSV text.
std::vector<std::size_t> group_indices(const testing::ReferenceTable& table,
                                       const std::string& variable, const nlohmann::json& labels) {
  std::vector<std::size_t> group;
  for (const std::string& cell : table.text.at(variable)) {
    std::size_t index = labels.size();
    for (std::size_t g = 0; g < labels.size(); ++g) {
      if (labels[g].get<std::string>() == variable + "=" + cell) index = g;
    }
    EXPECT_LT(index, labels.size()) << cell;
    group.push_back(index);
  }
  return group;
}

SurvivalData reference_data(const testing::ReferenceTable& table) {
  std::vector<int> event;
  for (double s : table.column("status")) event.push_back(static_cast<int>(s));
  return make_data(table.column("time"), event);
}

// R: survdiff(Surv(time, status) ~ trt + strata(celltype), veteran, rho = 0 | 1), with
// rowSums(fit$obs) and rowSums(fit$exp) (R keeps them per stratum; we report the totals).
TEST(LogRankStratified, VeteranTreatmentWithinCellType) {
  const auto table = load_reference_csv("veteran");
  const SurvivalData data = reference_data(table);
  std::vector<std::size_t> group, strata;
  for (double t : table.column("trt")) group.push_back(t == 1 ? 0 : 1);
  const std::vector<std::string> cells = {"adeno", "large", "smallcell", "squamous"};
  for (const auto& cell : table.text.at("celltype")) {
    strata.push_back(
        static_cast<std::size_t>(std::find(cells.begin(), cells.end(), cell) - cells.begin()));
  }
  const LogRankResult log_rank = log_rank_test(data, group, 2, strata);
  EXPECT_EQ(log_rank.strata_count, 4u);
  EXPECT_EQ(log_rank.observed, (std::vector<double>{64, 64}));
  EXPECT_REL_NEAR(log_rank.expected[0], 68.207552976872506, 1e-12);
  EXPECT_REL_NEAR(log_rank.expected[1], 59.792447023127465, 1e-12);
  EXPECT_REL_NEAR(log_rank.variance(0, 0), 25.227887279302429, 1e-12);
  EXPECT_REL_NEAR(log_rank.variance(0, 1), -25.227887279302429, 1e-12);
  EXPECT_REL_NEAR(log_rank.variance(1, 1), 25.227887279302458, 1e-12);
  EXPECT_REL_NEAR(log_rank.chi_square, 0.70174334684431905, 1e-12);
  EXPECT_EQ(log_rank.df, 1);
  EXPECT_REL_NEAR(log_rank.p, 0.40219852378067433, 1e-12);

  const LogRankResult peto = log_rank_test(data, group, 2, strata, {1.0});
  EXPECT_REL_NEAR(peto.observed[0], 32.824857224078713, 1e-12);
  EXPECT_REL_NEAR(peto.observed[1], 36.021243850366652, 1e-12);
  EXPECT_REL_NEAR(peto.expected[0], 36.110586864537886, 1e-12);
  EXPECT_REL_NEAR(peto.expected[1], 32.735514209907478, 1e-12);
  EXPECT_REL_NEAR(peto.variance(0, 0), 10.692520165041488, 1e-12);
  EXPECT_REL_NEAR(peto.variance(0, 1), -10.692520165041490, 1e-12);
  EXPECT_REL_NEAR(peto.chi_square, 1.00967958007588021, 1e-12);
  EXPECT_REL_NEAR(peto.p, 0.31497961393984475, 1e-12);
}

// R: survdiff(Surv(time, status) ~ celltype + strata(trt), veteran, rho = 0 | 1): four groups
// within two strata, checking the (k-1) x (k-1) solve on stratum-summed matrices.
TEST(LogRankStratified, VeteranCellTypeWithinTreatment) {
  const auto table = load_reference_csv("veteran");
  const SurvivalData data = reference_data(table);
  const std::vector<std::string> cells = {"adeno", "large", "smallcell", "squamous"};
  std::vector<std::size_t> group, strata;
  for (const auto& cell : table.text.at("celltype")) {
    group.push_back(
        static_cast<std::size_t>(std::find(cells.begin(), cells.end(), cell) - cells.begin()));
  }
  for (double t : table.column("trt")) strata.push_back(t == 1 ? 0 : 1);
  struct Expected {
    double rho;
    std::vector<double> observed, expected, variance_row0, variance_diagonal;
    double chi_square, p;
  };
  const Expected cases[] = {
      {0.0,
       {26, 26, 45, 31},
       {16.374310399098292, 35.806713313963314, 30.637138892249226, 45.181837394689175},
       {13.0145971558835356, -3.9664895202739956, -4.0412402229633262, -5.0068674126462112},
       {13.0145971558835356, 23.2632201306891773, 20.7661502626359322, 23.5764039357653026},
       2.2782119935337803e+01,
       4.4833690760620567e-05},
      {1.0,
       {15.9245906950802496, 9.6268789871788467, 28.6741780921749907, 13.7303320302008984},
       {11.204582411566506, 17.676286962476802, 19.016689984088973, 20.058420446502705},
       {6.4899066377632302, -1.8382821468364574, -2.2836979819017253, -2.3679265090250468},
       {6.4899066377632302, 8.2583085021294114, 9.2298235571680500, 8.8890738613764224},
       1.8905128497722519e+01,
       2.8602934562532137e-04}};
  for (const Expected& want : cases) {
    SCOPED_TRACE(want.rho);
    const LogRankResult result = log_rank_test(data, group, 4, strata, {want.rho});
    for (std::size_t a = 0; a < 4; ++a) {
      EXPECT_REL_NEAR(result.observed[a], want.observed[a], 1e-12);
      EXPECT_REL_NEAR(result.expected[a], want.expected[a], 1e-12);
      EXPECT_REL_NEAR(result.variance(0, a), want.variance_row0[a], 1e-12);
      EXPECT_REL_NEAR(result.variance(a, a), want.variance_diagonal[a], 1e-12);
    }
    EXPECT_REL_NEAR(result.chi_square, want.chi_square, 1e-12);
    EXPECT_EQ(result.df, 3);
    EXPECT_REL_NEAR(result.p, want.p, 1e-12);
  }
}

// Non-integer rho. R: survdiff(Surv(time, status) ~ celltype, veteran, rho = 0.5)
TEST(LogRankReference, VeteranCellTypeRhoHalf) {
  const auto table = load_reference_csv("veteran");
  const auto json = load_reference_json("veteran");
  const auto labels = json["logrank"]["celltype"]["rho0"]["groups"];
  const LogRankResult result =
      log_rank_test(reference_data(table), group_indices(table, "celltype", labels), 4, {}, {0.5});
  const std::vector<double> observed = {20.071424988211238, 14.896846656368606, 34.839983836158723,
                                        18.409326775614034};
  const std::vector<double> expected = {12.864611095373498, 23.620327486240232, 23.248850061645047,
                                        28.483793613093802};
  for (std::size_t a = 0; a < 4; ++a) {
    EXPECT_REL_NEAR(result.observed[a], observed[a], 1e-12);
    EXPECT_REL_NEAR(result.expected[a], expected[a], 1e-12);
  }
  EXPECT_REL_NEAR(result.variance(1, 2), -4.6462284397562801, 1e-12);
  EXPECT_REL_NEAR(result.variance(3, 3), 13.6290092330818240, 1e-12);
  EXPECT_REL_NEAR(result.chi_square, 2.2710226685585400e+01, 1e-12);
  EXPECT_REL_NEAR(result.p, 4.6406966542656149e-05, 1e-12);
}

// R: survdiff(Surv(time, status) ~ <var>, data, rho = 0 | 1) for lung sex, aml group,
// ovarian rx, veteran trt and celltype (tests/reference/*.json, logrank.<var>.rho0/rho1).
// Tolerance: closed form, 1e-12 relative (absolute 1e-14 near 0).
TEST(LogRankReference, AllDataSets) {
  for (const std::string name : {"lung", "aml", "ovarian", "veteran"}) {
    const auto table = load_reference_csv(name);
    const auto json = load_reference_json(name);
    const SurvivalData data = reference_data(table);
    for (const auto& [variable, tests] : json["logrank"].items()) {
      for (const std::string key : {"rho0", "rho1"}) {
        SCOPED_TRACE(name + " " + variable + " " + key);
        const auto& expected = tests[key];
        const auto group = group_indices(table, variable, expected["groups"]);
        const std::size_t k = expected["groups"].size();
        const LogRankResult result =
            log_rank_test(data, group, k, {}, {to_double(expected["rho"])});
        const auto n = to_doubles(expected["n"]);
        const auto observed = to_doubles(expected["observed"]);
        const auto expect = to_doubles(expected["expected"]);
        for (std::size_t a = 0; a < k; ++a) {
          EXPECT_EQ(result.n[a], n[a]);
          EXPECT_REL_NEAR(result.observed[a], observed[a], 1e-12);
          EXPECT_REL_NEAR(result.expected[a], expect[a], 1e-12);
          const auto row = to_doubles(expected["var"][a]);
          for (std::size_t b = 0; b < k; ++b) EXPECT_REL_NEAR(result.variance(a, b), row[b], 1e-12);
        }
        EXPECT_REL_NEAR(result.chi_square, to_double(expected["chisq"]), 1e-12);
        EXPECT_EQ(result.df, expected["df"].get<int>());
        EXPECT_REL_NEAR(result.p, to_double(expected["p"]), 1e-12);
        EXPECT_EQ(result.rho, to_double(expected["rho"]));
      }
    }
  }
}

}  // namespace
}  // namespace nelm
