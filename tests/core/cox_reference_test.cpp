// Cox fits against R survival's coxph on the four reference data sets (tests/reference/*.json,
// blocks cox.efron and cox.breslow), at the README tolerances: 1e-6 relative for coefficients,
// SEs, HRs and tests; 1e-9 for the log partial likelihoods.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "reference_data.h"
#include "regression/cox_model.h"

namespace nelm {
namespace {

using testing::load_reference_csv;
using testing::load_reference_json;
using testing::to_double;

constexpr double iterative = 1e-6;
constexpr double loglik_tolerance = 1e-9;

struct Case {
  std::string dataset;
  std::vector<std::string> covariates;  // the right-hand side in the README table
};

// R: coxph(Surv(time, status) ~ <covariates>, data, ties = <ties>); lung drops the ph_ecog NA row.
CoxData load_cox_data(const Case& test_case) {
  const auto table = load_reference_csv(test_case.dataset);
  CoxData data;
  data.covariate_names = test_case.covariates;
  data.covariates.resize(test_case.covariates.size());
  for (std::size_t row = 0; row < table.rows; ++row) {
    bool complete = true;
    for (const auto& name : test_case.covariates) complete &= !std::isnan(table.column(name)[row]);
    if (!complete) continue;
    data.survival.time.push_back(table.column("time")[row]);
    data.survival.event.push_back(static_cast<int>(table.column("status")[row]));
    for (std::size_t j = 0; j < test_case.covariates.size(); ++j) {
      data.covariates[j].push_back(table.column(test_case.covariates[j])[row]);
    }
  }
  return data;
}

// A p-value that R wrote as a number or (robust score test) as a 1x1 matrix.
double scalar(const nlohmann::json& value) {
  return value.is_array() ? scalar(value.at(0)) : to_double(value);
}

void expect_test(const CoxTest& actual, const nlohmann::json& expected, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_REL_NEAR(actual.statistic, scalar(expected["statistic"]), iterative);
  EXPECT_EQ(actual.df, static_cast<int>(scalar(expected["df"])));
  EXPECT_REL_NEAR(actual.p, scalar(expected["p"]), iterative);
}

void expect_matrix(const Matrix& actual, const nlohmann::json& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    for (std::size_t j = 0; j < actual.size(); ++j) {
      EXPECT_REL_NEAR(actual(i, j), to_double(expected[i][j]), iterative) << i << "," << j;
    }
  }
}

void check_against_r(const Case& test_case, TiesMethod ties, const std::string& ties_name) {
  SCOPED_TRACE(test_case.dataset + " " + ties_name);
  const auto expected = load_reference_json(test_case.dataset)["cox"][ties_name];
  CoxOptions options;
  options.ties = ties;
  options.robust = true;
  const CoxFit fit = cox_fit(load_cox_data(test_case), options);

  EXPECT_EQ(fit.n, expected["n"].get<double>());
  EXPECT_EQ(fit.n_events, expected["nevent"].get<double>());
  EXPECT_EQ(fit.iterations, expected["iter"].get<int>());
  EXPECT_TRUE(fit.converged);
  EXPECT_TRUE(fit.warnings.empty());
  ASSERT_EQ(fit.terms, expected["terms"].get<std::vector<std::string>>());
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    const std::string& term = fit.terms[j];
    SCOPED_TRACE(term);
    EXPECT_REL_NEAR(fit.coef[j], to_double(expected["coef"][term]), iterative);
    EXPECT_REL_NEAR(fit.se[j], to_double(expected["se"][term]), iterative);
    EXPECT_REL_NEAR(fit.z[j], to_double(expected["z"][term]), iterative);
    EXPECT_REL_NEAR(fit.p[j], to_double(expected["p"][term]), iterative);
    EXPECT_REL_NEAR(fit.hr[j], to_double(expected["hr"][term]), iterative);
    EXPECT_REL_NEAR(fit.hr_lower[j], to_double(expected["hr_lower"][term]), iterative);
    EXPECT_REL_NEAR(fit.hr_upper[j], to_double(expected["hr_upper"][term]), iterative);
    // Means are closed-form sums: 1e-12 (R wrote 15 digits).
    EXPECT_REL_NEAR(fit.means[j], to_double(expected["means"][term]), 1e-12);
    EXPECT_FALSE(fit.infinite[j]);
    const auto& robust = expected["robust"];
    EXPECT_REL_NEAR(fit.robust_se[j], to_double(robust["se"][term]), iterative);
    EXPECT_REL_NEAR(fit.robust_hr_lower[j], to_double(robust["hr_lower"][term]), iterative);
    EXPECT_REL_NEAR(fit.robust_hr_upper[j], to_double(robust["hr_upper"][term]), iterative);
  }
  expect_matrix(fit.variance, expected["var"]);
  EXPECT_REL_NEAR(fit.loglik, to_double(expected["loglik"]), loglik_tolerance);
  EXPECT_REL_NEAR(fit.loglik_null, to_double(expected["loglik_null"]), loglik_tolerance);
  expect_test(fit.likelihood_ratio_test, expected["lr_test"], "lr");
  expect_test(fit.wald_test, expected["wald_test"], "wald");
  expect_test(fit.score_test, expected["score_test"], "score");
  ASSERT_TRUE(fit.has_robust);
  expect_matrix(fit.robust_variance, expected["robust"]["var"]);
  expect_test(fit.robust_wald_test, expected["robust"]["wald_test"], "robust wald");
  expect_test(fit.robust_score_test, expected["robust"]["robust_score_test"], "robust score");
}

const std::vector<Case> cases = {
    {"lung", {"age", "sex", "ph_ecog"}},
    {"aml", {"nonmaintained"}},
    {"ovarian", {"rx", "age", "ecog_ps"}},
    {"veteran",
     {"trt", "celltype_smallcell", "celltype_adeno", "celltype_large", "karno", "diagtime", "age",
      "prior"}},
};

TEST(CoxReference, EfronMatchesR) {
  for (const auto& test_case : cases) check_against_r(test_case, TiesMethod::efron, "efron");
}

TEST(CoxReference, BreslowMatchesR) {
  for (const auto& test_case : cases) check_against_r(test_case, TiesMethod::breslow, "breslow");
}

}  // namespace
}  // namespace nelm
