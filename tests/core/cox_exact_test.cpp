// Cox with exact ties (R's coxph(ties = "exact"), coxexact.c): the recursion against brute-force
// enumeration, a tie of three deaths worked by hand, and R on the reference sets (cox.exact of
// lung/aml/ovarian/veteran; heavy ties and strata in cox_exact_extra.json).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cox_r_blocks.h"
#include "reference_data.h"
#include "regression/cox_exact_sums.h"
#include "regression/cox_model.h"

namespace nelm {
namespace {

using testing::load_reference_json;
using testing::to_double;

CoxOptions exact_ties() {
  CoxOptions options;
  options.ties = TiesMethod::exact;
  return options;
}

// e_d, its gradient and Hessian in beta by enumerating every subset of size d (the definition),
// for two covariates.
struct BruteForce {
  double e = 0, d1[2] = {0, 0}, d2[2][2] = {{0, 0}, {0, 0}};
};
BruteForce enumerate(const std::vector<std::vector<double>>& x, const std::vector<double>& eta,
                     std::size_t d) {
  BruteForce result;
  const std::size_t n = eta.size();
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    if (static_cast<std::size_t>(__builtin_popcount(mask)) != d) continue;
    double product = 1, sum[2] = {0, 0};
    for (std::size_t i = 0; i < n; ++i) {
      if (!(mask & (1u << i))) continue;
      product *= std::exp(eta[i]);
      sum[0] += x[i][0];
      sum[1] += x[i][1];
    }
    result.e += product;
    for (int j = 0; j < 2; ++j) {
      result.d1[j] += product * sum[j];
      for (int l = 0; l < 2; ++l) result.d2[j][l] += product * sum[j] * sum[l];
    }
  }
  return result;
}

TEST(CoxExactSums, RecursionEqualsEnumerationOfSubsets) {
  const std::vector<std::vector<double>> x = {{0.5, -1}, {1.5, 0},   {-0.25, 2}, {0, 1},
                                              {2, -0.5}, {-1, 0.75}, {0.3, 0.3}};
  const std::vector<double> eta = {0.2, -0.7, 1.1, 0.0, -0.3, 0.45, -1.2};
  ExactTieSums sums(2, 7);
  for (std::size_t i = 0; i < x.size(); ++i) sums.add(x[i].data(), eta[i]);
  for (std::size_t d = 1; d <= 7; ++d) {
    SCOPED_TRACE(d);
    const BruteForce expected = enumerate(x, eta, d);
    EXPECT_NEAR(sums.log_value(d), std::log(expected.e), 1e-13);
    for (std::size_t j = 0; j < 2; ++j) {
      EXPECT_NEAR(sums.mean(d, j), expected.d1[j] / expected.e, 1e-12);
      for (std::size_t l = 0; l < 2; ++l) {
        EXPECT_NEAR(sums.second_moment(d, j, l), expected.d2[j][l] / expected.e, 1e-11);
      }
    }
  }
}

// 3000 equal scores: e_400 = C(3000, 400) ~ 1e510, beyond the double range where R's coxexact.c
// overflows; the per-degree scaling keeps its log exact. Every subset has x-sum 400 * 0.5.
TEST(CoxExactSums, StaysInRangeWhereTheSumsExceedDoubles) {
  const double x[1] = {0.5};
  ExactTieSums sums(1, 400);
  for (int i = 0; i < 3000; ++i) sums.add(x, 0.0);
  const double log_choose = std::lgamma(3001.0) - std::lgamma(401.0) - std::lgamma(2601.0);
  EXPECT_GT(log_choose / std::log(10.0), 500.0);
  EXPECT_NEAR(sums.log_value(400), log_choose, 1e-9 * log_choose);
  EXPECT_NEAR(sums.mean(400, 0), 200.0, 1e-9);
  EXPECT_NEAR(sums.second_moment(400, 0, 0), 40000.0, 1e-6);
}

// Times (1, 1, 1, 2, 3), status (1, 1, 1, 1, 0), x = (1, 0, 0, 1, 0); u = exp(beta).
// At t = 1 all five are at risk and the deaths' x sum to 1: the subsets of three hold k of the
// two x = 1 rows, so e_3 = 1 + 6u + 3u^2 and the term is u / e_3. At t = 2 rows 4 (x = 1) and 5
// are at risk: u / (u + 1). So l(beta) = 2 beta - log(1 + 6u + 3u^2) - log(1 + u):
//   l(0) = -log 20; U(0) = 2 - 12/10 - 1/2 = 3/10; I(0) = (18*10 - 12^2)/100 + 1/4 = 61/100;
//   score test 9/61; l' = 0 <=> 3u^3 - 7u - 2 = 0.
// R: coxph(Surv(time, status) ~ x, tiny, ties = "exact") gives coef 0.503312443733201, iter 3
// (cox_exact_extra.json, three_tied_deaths).
TEST(CoxExact, TieOfThreeDeathsByHand) {
  CoxData data;
  data.survival.time = {1, 1, 1, 2, 3};
  data.survival.event = {1, 1, 1, 1, 0};
  data.covariate_names = {"x"};
  data.covariates = {{1, 0, 0, 1, 0}};
  const CoxFit fit = cox_fit(data, exact_ties());
  EXPECT_NEAR(fit.loglik_null, -std::log(20.0), 1e-14);
  EXPECT_NEAR(fit.score_test.statistic, 9.0 / 61.0, 1e-14);
  // The positive root of 3u^3 - 7u - 2 (trigonometric form of the depressed cubic).
  // u^3 + p u + q = 0 with p = -7/3, q = -2/3: u = 2 sqrt(-p/3) cos(acos(3q/(2p) sqrt(-3/p))/3).
  const double root =
      2 * std::sqrt(7.0 / 9.0) * std::cos(std::acos((3.0 / 7.0) * std::sqrt(9.0 / 7.0)) / 3.0);
  EXPECT_NEAR(3 * root * root * root - 7 * root - 2, 0.0, 1e-12);
  EXPECT_NEAR(fit.coef[0], std::log(root), 1e-8);
  EXPECT_NEAR(fit.coef[0], 0.503312443733201, 1e-8);
  const double u = root;
  EXPECT_NEAR(fit.loglik, 2 * std::log(u) - std::log(1 + 6 * u + 3 * u * u) - std::log(1 + u),
              1e-12);
  EXPECT_EQ(fit.iterations, 3);
  EXPECT_EQ(fit.ties, TiesMethod::exact);
  testing::expect_r_fit(fit, load_reference_json("cox_exact_extra").at("three_tied_deaths"));
}

// Without tied deaths the exact likelihood is Breslow's.
TEST(CoxExact, WithoutTiesEqualsBreslow) {
  CoxData data;
  data.survival.time = {5, 2, 7, 3, 9, 8, 1, 6};
  data.survival.event = {1, 0, 1, 1, 1, 0, 1, 1};
  data.covariate_names = {"z"};
  data.covariates = {{0.5, 1.2, -0.3, 0.5, 0.8, 2, 1.2, 0.1}};
  CoxOptions breslow;
  breslow.ties = TiesMethod::breslow;
  const CoxFit exact = cox_fit(data, exact_ties()), approximate = cox_fit(data, breslow);
  EXPECT_NEAR(exact.coef[0], approximate.coef[0], 1e-12);
  EXPECT_NEAR(exact.loglik, approximate.loglik, 1e-12);
  EXPECT_NEAR(exact.se[0], approximate.se[0], 1e-12);
}

// R: coxph(<README formula>, data, ties = "exact") on the four reference sets (block cox.exact).
TEST(CoxExact, MatchesRReferenceSets) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"lung", {"age", "sex", "ph_ecog"}},
      {"aml", {"nonmaintained"}},
      {"ovarian", {"rx", "age", "ecog_ps"}},
      {"veteran",
       {"trt", "celltype_smallcell", "celltype_adeno", "celltype_large", "karno", "diagtime", "age",
        "prior"}}};
  for (const auto& [dataset, covariates] : cases) {
    SCOPED_TRACE(dataset);
    const CoxData data =
        testing::load_cox_reference(dataset, {"", "time", "status", covariates, "", ""});
    const CoxFit fit = cox_fit(data, exact_ties());
    auto block = load_reference_json(dataset).at("cox").at("exact");
    block["call"] = "coxph(" +
                    load_reference_json(dataset).at("cox").at("formula").get<std::string>() +
                    ", ties = \"exact\")";
    testing::expect_r_fit(fit, block);
    for (std::size_t j = 0; j < fit.terms.size(); ++j) {
      const std::string& term = fit.terms[j];
      EXPECT_REL_NEAR(fit.z[j], to_double(block.at("z").at(term)), 1e-6);
      EXPECT_REL_NEAR(fit.p[j], to_double(block.at("p").at(term)), 1e-6);
      EXPECT_REL_NEAR(fit.hr_lower[j], to_double(block.at("hr_lower").at(term)), 1e-6);
      EXPECT_REL_NEAR(fit.hr_upper[j], to_double(block.at("hr_upper").at(term)), 1e-6);
    }
    EXPECT_TRUE(fit.warnings.empty());
  }
}

// Heavy ties (veteran in 30-day months: up to 41 deaths at one time) and strata (lung by sex).
// R: cox_exact_extra.json blocks veteran_months and lung_strata (calls in the blocks).
TEST(CoxExact, MatchesRWithHeavyTiesAndStrata) {
  const auto extra = load_reference_json("cox_exact_extra");
  const CoxData months = testing::load_cox_reference(
      "veteran_months", {"", "time", "status", {"karno", "age", "trt", "prior"}, "", ""});
  EXPECT_EQ(to_double(extra.at("veteran_months").at("max_tied_deaths")), 41.0);
  testing::expect_r_fit(cox_fit(months, exact_ties()), extra.at("veteran_months"));
  const CoxData lung =
      testing::load_cox_reference("lung", {"", "time", "status", {"age", "ph_ecog"}, "sex", ""});
  testing::expect_r_fit(cox_fit(lung, exact_ties()), extra.at("lung_strata"));
}

// coxexact.c out of iterations: the last accepted beta (R 4.2.2, survival 3.5-3):
//   v <- read.csv("tests/reference/veteran_months.csv")
//   coxph(Surv(time, status) ~ karno + age + trt + prior, v, ties = "exact",
//         control = coxph.control(iter.max = 2))   # warns, iter 2
//   coef -0.03856089581885518286 0.00059414345777664514 0.23071911764671410028
//        -0.01620176641946931631, loglik -250.79964138732720: the first step's beta, which
//   iter.max = 1 reports too (without a warning there: R never complains after one step).
TEST(CoxExact, OutOfIterationsAsR) {
  const CoxData months = testing::load_cox_reference(
      "veteran_months", {"", "time", "status", {"karno", "age", "trt", "prior"}, "", ""});
  const std::vector<double> coef = {-0.03856089581885518286, 0.00059414345777664514,
                                    0.23071911764671410028, -0.01620176641946931631};
  for (int iterations : {1, 2}) {
    CoxOptions options = exact_ties();
    options.max_iterations = iterations;
    const CoxFit fit = cox_fit(months, options);
    EXPECT_EQ(fit.iterations, iterations);
    EXPECT_FALSE(fit.converged);
    for (std::size_t j = 0; j < coef.size(); ++j) EXPECT_REL_NEAR(fit.coef[j], coef[j], 1e-9);
    EXPECT_REL_NEAR(fit.loglik, -250.79964138732720, 1e-12);
  }
}

// R's coxexact.fit: "Case weights are not supported for the exact method"; residuals.coxph:
// "dfbeta residuals are not available for the exact method" (so no robust variance).
TEST(CoxExact, RefusesWhatRDoesNotCompute) {
  CoxData data;
  data.survival.time = {1, 1, 2, 3};
  data.survival.event = {1, 1, 1, 0};
  data.covariate_names = {"x"};
  data.covariates = {{1, 0, 0, 1}};
  data.survival.weight = {1, 2, 1, 1};
  try {
    cox_fit(data, exact_ties());
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "unsupported");
  }
  data.survival.weight = {1, 1, 1, 1};  // unit weights are no weights
  EXPECT_NO_THROW(cox_fit(data, exact_ties()));
  CoxOptions robust = exact_ties();
  robust.robust = true;
  try {
    cox_fit(data, robust);
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "unsupported");
  }
}

}  // namespace
}  // namespace nelm
