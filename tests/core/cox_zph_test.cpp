// Tests of the cox.zph score test: small data against R (hand-checkable shape), refusals, then
// every reference model's cox_zph.km and cox_zph.identity at 1e-6 relative.
#include "regression/cox_zph.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/core_error.h"
#include "cox_after_fit_reference.h"

namespace nelm {
namespace {

// Unsorted, tied event times (3, 3), censoring, two covariates.
CoxData small_data() {
  CoxData data;
  data.survival.time = {5, 2, 7, 3, 3, 8, 1, 6, 4, 9};
  data.survival.event = {1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
  data.covariate_names = {"x", "z"};
  data.covariates = {{0.5, 1.2, -0.3, 0.5, 0.5, 2, 1.2, 0.1, 0, 1}, {1, 0, 0, 1, 1, 0, 1, 0, 1, 1}};
  return data;
}

void expect_table(const ProportionalHazardsTest& test, const std::vector<double>& chi_square,
                  const std::vector<double>& p) {
  ASSERT_EQ(test.chi_square.size(), chi_square.size());
  for (std::size_t i = 0; i < chi_square.size(); ++i) {
    EXPECT_REL_NEAR(test.chi_square[i], chi_square[i], 1e-6);
    EXPECT_REL_NEAR(test.p[i], p[i], 1e-6);
  }
  EXPECT_EQ(test.rows.back(), "GLOBAL");
  EXPECT_EQ(test.global_df, static_cast<double>(chi_square.size() - 1));
  EXPECT_EQ(test.global_chi_square, test.chi_square.back());
}

// R: d <- data.frame(time=c(5,2,7,3,3,8,1,6,4,9), status=c(1,0,1,1,1,0,1,1,1,1),
//        x=c(0.5,1.2,-0.3,0.5,0.5,2,1.2,0.1,0,1), z=c(1,0,0,1,1,0,1,0,1,1))
//    f <- coxph(Surv(time,status) ~ x + z, d, ties = t); cox.zph(f, transform = tr)$table
TEST(CoxZph, SmallDataAgainstREfron) {
  const CoxData data = small_data();
  const std::vector<double> coef{-1.1916519507284102, 1.7139734716103701};
  expect_table(cox_zph(data, TiesMethod::efron, coef, TimeTransform::km),
               {4.6314590293176625, 2.0005570927253080, 4.6365419107168755},
               {0.031390858249511606, 0.157241405784243393, 0.098443652004787899});
  expect_table(cox_zph(data, TiesMethod::efron, coef, TimeTransform::identity),
               {4.9491872333011493, 2.0414853846657044, 4.9525101716377122},
               {0.026102937239188849, 0.153060121409708594, 0.084057424742513778});
}

TEST(CoxZph, SmallDataAgainstRBreslow) {
  const CoxData data = small_data();
  const std::vector<double> coef{-1.2063743077176707, 1.7045980245519803};
  expect_table(cox_zph(data, TiesMethod::breslow, coef, TimeTransform::km),
               {4.5550152285310865, 1.9344215173445454, 4.5573272370729656},
               {0.032822471932851281, 0.164275519362339723, 0.102420988809573399});
  expect_table(cox_zph(data, TiesMethod::breslow, coef, TimeTransform::identity),
               {4.8727171580217954, 1.9772135143030873, 4.8740965126472986},
               {0.027284507437812862, 0.159684265261798741, 0.087418508035114126});
}

// R: d$w <- c(1,2,0.5,1,3,1,1.5,2,1,1); d$s <- c(1,1,1,2,2,2,2,1,1,2)
//    f <- coxph(Surv(time,status) ~ x + strata(s), d, weights = w); cox.zph(f, transform = tr)
TEST(CoxZph, StrataAndWeightsAgainstR) {
  CoxData data = small_data();
  data.covariate_names = {"x"};
  data.covariates.pop_back();
  data.survival.weight = {1, 2, 0.5, 1, 3, 1, 1.5, 2, 1, 1};
  data.strata = {1, 1, 1, 2, 2, 2, 2, 1, 1, 2};
  const std::vector<double> coef{-0.50914949494165573};
  expect_table(cox_zph(data, TiesMethod::efron, coef, TimeTransform::km),
               {0.6858429683714945, 0.6858429683714945},
               {0.40758195069136832, 0.40758195069136832});
  expect_table(cox_zph(data, TiesMethod::efron, coef, TimeTransform::identity),
               {5.3742275908979469e-05, 5.3742275908979469e-05},
               {0.99415083060926901, 0.99415083060926901});
}

TEST(CoxZph, Refusals) {
  CoxData data = small_data();
  EXPECT_THROW(cox_zph(data, TiesMethod::efron, {0.1}, TimeTransform::km), CoreError);
  CoxData censored = data;
  censored.survival.event.assign(10, 0);
  try {
    cox_zph(censored, TiesMethod::efron, {0.1, 0.2}, TimeTransform::km);
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "no_events");
  }
  // A constant covariate leaves the information singular: not a refusal, the test is undefined
  // (NaN) for the rows it affects, which are listed.
  data.covariates[1].assign(10, 1.0);
  const ProportionalHazardsTest singular =
      cox_zph(data, TiesMethod::efron, {0.1, 0.2}, TimeTransform::km);
  ASSERT_FALSE(singular.singular_rows.empty());
  EXPECT_EQ(singular.singular_rows.back(), "GLOBAL");
  EXPECT_TRUE(std::isnan(singular.global_chi_square));
  EXPECT_TRUE(std::isnan(singular.global_p));
  for (std::size_t j = 0; j + 1 < singular.rows.size(); ++j) {
    const bool listed = std::find(singular.singular_rows.begin(), singular.singular_rows.end(),
                                  singular.rows[j]) != singular.singular_rows.end();
    EXPECT_EQ(listed, std::isnan(singular.chi_square[j])) << singular.rows[j];
  }
}

// R: fit <- coxph(<cox.formula>, data, ties = t); cox.zph(fit, transform = "km" | "identity")
// The exact fit uses Breslow's risk sets here, as R's zph1 (method != "efron").
TEST(CoxZph, MatchesRForEveryReferenceModel) {
  for (const std::string& dataset : testing::reference_datasets()) {
    for (const std::string ties : {"efron", "breslow", "exact"}) {
      const auto reference = testing::load_cox_case(dataset, ties);
      const TiesMethod method = ties == "efron" ? TiesMethod::efron : TiesMethod::breslow;
      for (const std::string transform : {"km", "identity"}) {
        SCOPED_TRACE(dataset + " " + ties + " " + transform);
        const auto& expected = reference.block.at("cox_zph").at(transform);
        const auto test = cox_zph(reference.data, method, reference.coef,
                                  transform == "km" ? TimeTransform::km : TimeTransform::identity);
        EXPECT_EQ(test.rows, expected.at("rows").get<std::vector<std::string>>());
        const auto chi_square = testing::to_doubles(expected.at("chisq"));
        const auto p = testing::to_doubles(expected.at("p"));
        const auto df = testing::to_doubles(expected.at("df"));
        ASSERT_EQ(test.chi_square.size(), chi_square.size());
        for (std::size_t i = 0; i < chi_square.size(); ++i) {
          EXPECT_REL_NEAR(test.chi_square[i], chi_square[i], 1e-6);
          EXPECT_REL_NEAR(test.p[i], p[i], 1e-6);
          EXPECT_EQ(test.df[i], df[i]);
        }
        EXPECT_REL_NEAR(test.global_p, testing::to_double(expected.at("global_p")), 1e-6);
      }
    }
  }
}

}  // namespace
}  // namespace nelm
