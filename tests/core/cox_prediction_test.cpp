// Tests of the Cox predicted survival curve: hand-worked increments, then R's
// survfit(fit, newdata) for every reference model (table, landmarks, median) at 1e-6 relative.
#include "regression/cox_prediction.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/core_error.h"
#include "cox_after_fit_reference.h"

namespace nelm {
namespace {

// One covariate, coefficient log 2: risks 1 (x = 0) and 2 (x = 1).
CoxData two_group_data() {
  CoxData data;
  data.survival.time = {3, 1, 1, 2};
  data.survival.event = {1, 1, 1, 0};
  data.covariate_names = {"x"};
  data.covariates = {{0, 1, 0, 1}};
  return data;
}

TEST(CoxPrediction, BreslowAndEfronIncrementsByHand) {
  // At t = 1 the risk set has risk sum R = 1 + 2 + 1 + 2 = 6 and two deaths with D = 2 + 1 = 3.
  // Breslow: dH0 = 2/6. Efron: 1/6 + 1/(6 - 3/2) = 1/6 + 2/9 = 7/18. At t = 3 (R = 1): dH0 = 1.
  const CoxData data = two_group_data();
  const std::vector<double> coef{std::log(2.0)};
  const Matrix zero_variance(1);
  const auto breslow =
      cox_predicted_survival(data, TiesMethod::breslow, coef, zero_variance, {0.0});
  ASSERT_EQ(breslow.time, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(breslow.n_risk, (std::vector<double>{4, 2, 1}));
  EXPECT_EQ(breslow.n_event, (std::vector<double>{2, 0, 1}));
  EXPECT_EQ(breslow.n_censor, (std::vector<double>{0, 1, 0}));
  EXPECT_NEAR(breslow.cumhaz[0], 2.0 / 6.0, 1e-15);
  EXPECT_NEAR(breslow.cumhaz[2], 2.0 / 6.0 + 1.0, 1e-15);
  EXPECT_NEAR(breslow.surv[0], std::exp(-1.0 / 3.0), 1e-15);
  // With V = 0 only the hazard term remains: 2/36, then + 1/1.
  EXPECT_NEAR(breslow.std_err_log[0], std::sqrt(2.0 / 36.0), 1e-15);
  EXPECT_NEAR(breslow.std_err_log[2], std::sqrt(2.0 / 36.0 + 1.0), 1e-15);
  const auto efron = cox_predicted_survival(data, TiesMethod::efron, coef, zero_variance, {1.0});
  EXPECT_NEAR(efron.linear_predictor, std::log(2.0), 1e-15);
  // For x = 1 everything is scaled by exp(lp) = 2; the Efron variance term is
  // d * mean_k 1/(R - (k/d) D)^2 = 2 * (1/36 + 4/81) / 2, times 2^2.
  EXPECT_NEAR(efron.cumhaz[0], 2.0 * 7.0 / 18.0, 1e-14);
  EXPECT_NEAR(efron.std_err_log[0], 2.0 * std::sqrt(1.0 / 36.0 + 4.0 / 81.0), 1e-14);
}

TEST(CoxPrediction, CoefficientVarianceTermByHand) {
  // Breslow, b = 0, V = 1, profile x = 1: at t = 1 the risk-set mean of x is 1/2, so
  // q = (1 - 1/2) * 2/4 = 1/4 and var H = 2/16 + 1/16.
  const CoxData data = two_group_data();
  const auto curve =
      cox_predicted_survival(data, TiesMethod::breslow, {0.0}, Matrix(1, 1.0), {1.0});
  EXPECT_NEAR(curve.cumhaz[0], 0.5, 1e-15);
  EXPECT_NEAR(curve.std_err_log[0], std::sqrt(3.0 / 16.0), 1e-15);
  // Log CI: S * exp(-/+ z se), upper capped at 1.
  const double z = 1.959963984540054;
  EXPECT_NEAR(curve.lower[0], std::exp(-0.5 - z * std::sqrt(3.0 / 16.0)), 1e-15);
  EXPECT_EQ(curve.upper[0], 1.0);
}

TEST(CoxPrediction, LandmarksBeforeTheFirstTimeAndMedianNotReached) {
  const CoxData data = two_group_data();
  const auto curve = cox_predicted_survival(data, TiesMethod::efron, {0.0}, Matrix(1), {0.0});
  const auto at = cox_survival_at_times(curve, {10.0, 0.5});
  EXPECT_EQ(at.time, (std::vector<double>{0.5, 10.0}));
  EXPECT_EQ(at.surv[0], 1.0);
  EXPECT_EQ(at.std_err[0], 0.0);
  EXPECT_EQ(at.lower[0], 1.0);
  EXPECT_EQ(at.surv[1], curve.surv.back());
  // All censored: S stays 1 and no quantile is reached.
  CoxData censored = data;
  censored.survival.event = {0, 0, 0, 0};
  const auto flat = cox_predicted_survival(censored, TiesMethod::efron, {0.0}, Matrix(1), {0.0});
  EXPECT_EQ(flat.surv, (std::vector<double>{1, 1, 1}));
  EXPECT_TRUE(std::isnan(cox_survival_quantile(flat, 0.5).estimate));
}

TEST(CoxPrediction, RefusesMismatchedInputAndUnnamedStratum) {
  CoxData data = two_group_data();
  EXPECT_THROW(cox_predicted_survival(data, TiesMethod::efron, {0.1, 0.2}, Matrix(1), {0.0}),
               CoreError);
  data.strata = {1, 1, 2, 2};
  try {
    cox_predicted_survival(data, TiesMethod::efron, {0.1}, Matrix(1), {0.0});
    FAIL() << "expected a refusal";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "unsupported");
  }
  const auto one =
      cox_predicted_survival_in_stratum(data, 2, TiesMethod::breslow, {0.0}, Matrix(1), {0.0});
  EXPECT_EQ(one.time, (std::vector<double>{1, 2}));  // rows 2 and 3 only
  EXPECT_NEAR(one.cumhaz[0], 0.5, 1e-15);
  EXPECT_THROW(
      cox_predicted_survival_in_stratum(data, 7, TiesMethod::breslow, {0.0}, Matrix(1), {0.0}),
      CoreError);
}

// R: d <- data.frame(time=c(5,2,7,3,3,8,1,6,4,9,2,5), status=c(1,0,1,1,1,0,1,1,1,1,1,0),
//        x=c(0.5,1.2,-0.3,0.5,0.5,2,1.2,0.1,0,1,0.7,-1), s=c(1,1,1,2,2,2,2,1,1,2,1,2))
//    f <- coxph(Surv(time,status) ~ x + strata(s), d); sf <- survfit(f, newdata =
//    data.frame(x=0.3)) sf$surv, sf$std.err, sf$lower by stratum (coef and vcov(f) printed with
//    digits = 17)
TEST(CoxPrediction, StratifiedCurvesAgainstR) {
  CoxData data;
  data.survival.time = {5, 2, 7, 3, 3, 8, 1, 6, 4, 9, 2, 5};
  data.survival.event = {1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0};
  data.covariate_names = {"x"};
  data.covariates = {{0.5, 1.2, -0.3, 0.5, 0.5, 2, 1.2, 0.1, 0, 1, 0.7, -1}};
  data.strata = {1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 1, 2};
  const std::vector<double> coef{0.3546144252663439};
  const Matrix variance(1, 0.33935875337568855);
  const auto first =
      cox_predicted_survival_in_stratum(data, 1, TiesMethod::efron, coef, variance, {0.3});
  const auto second =
      cox_predicted_survival_in_stratum(data, 2, TiesMethod::efron, coef, variance, {0.3});
  EXPECT_EQ(first.time, (std::vector<double>{2, 4, 5, 6, 7}));
  EXPECT_EQ(second.time, (std::vector<double>{1, 3, 5, 8, 9}));
  const std::vector<double> surv_1{0.851943148767014602, 0.650769959272461951, 0.456099632534981092,
                                   0.256712801063481932, 0.074504500475746083};
  const std::vector<double> se_1{0.16089500082050864, 0.31383576660780388, 0.47649627230816977,
                                 0.76611637687619283, 1.56814011867796355};
  const std::vector<double> surv_2{0.871368520823962989, 0.597306058388134664, 0.597306058388134664,
                                   0.597306058388134664, 0.273759295775982237};
  const std::vector<double> se_2{0.14774857148412970, 0.36179024780569330, 0.36179024780569330,
                                 0.36179024780569330, 0.98382179575904061};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_REL_NEAR(first.surv[i], surv_1[i], 1e-9);
    EXPECT_REL_NEAR(first.std_err_log[i], se_1[i], 1e-9);
    EXPECT_REL_NEAR(second.surv[i], surv_2[i], 1e-9);
    EXPECT_REL_NEAR(second.std_err_log[i], se_2[i], 1e-9);
  }
  EXPECT_REL_NEAR(first.lower[4], 0.003446507423653997, 1e-9);
  EXPECT_REL_NEAR(second.lower[4], 0.039805056455190301, 1e-9);
}

std::vector<double> profile_of(const testing::CoxReferenceCase& reference) {
  std::vector<double> profile;
  for (const auto& term : reference.data.covariate_names) {
    profile.push_back(testing::to_double(reference.block.at("predict").at("newdata").at(term)));
  }
  return profile;
}

void expect_all_near(const std::vector<double>& actual, const nlohmann::json& expected,
                     double relative, const char* what) {
  SCOPED_TRACE(what);
  const std::vector<double> values = testing::to_doubles(expected);
  ASSERT_EQ(actual.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_REL_NEAR(actual[i], values[i], relative);
}

// R: fit <- coxph(<cox.formula>, data, ties = t); s <- survfit(fit, newdata = <newdata>)
//    (stype 2, ctype 2 for efron, 1 for breslow/exact; conf.type "log");
//    summary(s, times = <landmarks>, extend = TRUE); summary(s)$table median/0.95LCL/0.95UCL.
// The exact fit is checked with Breslow increments, as R's ctype 1.
TEST(CoxPrediction, MatchesRForEveryReferenceModel) {
  for (const std::string& dataset : testing::reference_datasets()) {
    for (const std::string ties : {"efron", "breslow", "exact"}) {
      SCOPED_TRACE(dataset + " " + ties);
      const auto reference = testing::load_cox_case(dataset, ties);
      const auto& expected = reference.block.at("predict");
      const TiesMethod method = ties == "efron" ? TiesMethod::efron : TiesMethod::breslow;
      const auto curve = cox_predicted_survival(reference.data, method, reference.coef,
                                                reference.variance, profile_of(reference));
      EXPECT_REL_NEAR(curve.linear_predictor, testing::to_double(expected.at("lp")), 1e-9);
      const auto& table = expected.at("table");
      expect_all_near(curve.time, table.at("time"), 0, "time");
      expect_all_near(curve.n_risk, table.at("n_risk"), 0, "n_risk");
      expect_all_near(curve.n_event, table.at("n_event"), 0, "n_event");
      expect_all_near(curve.n_censor, table.at("n_censor"), 0, "n_censor");
      expect_all_near(curve.surv, table.at("surv"), 1e-6, "surv");
      expect_all_near(curve.std_err_log, table.at("std_err_log"), 1e-6, "std_err_log");
      expect_all_near(curve.lower, table.at("lower"), 1e-6, "lower");
      expect_all_near(curve.upper, table.at("upper"), 1e-6, "upper");
      expect_all_near(curve.cumhaz, table.at("cumhaz"), 1e-6, "cumhaz");
      const auto& landmarks = expected.at("landmarks");
      const auto at = cox_survival_at_times(curve, testing::to_doubles(landmarks.at("time")));
      expect_all_near(at.surv, landmarks.at("surv"), 1e-6, "landmark surv");
      expect_all_near(at.std_err, landmarks.at("std_err"), 1e-6, "landmark std_err");
      expect_all_near(at.lower, landmarks.at("lower"), 1e-6, "landmark lower");
      expect_all_near(at.upper, landmarks.at("upper"), 1e-6, "landmark upper");
      const QuantileEstimate median = cox_survival_quantile(curve, 0.5);
      // Medians are data times (or midpoints): exact.
      EXPECT_REL_NEAR(median.estimate, testing::to_double(expected.at("median").at("median")), 0);
      EXPECT_REL_NEAR(median.lower, testing::to_double(expected.at("median").at("lower")), 0);
      EXPECT_REL_NEAR(median.upper, testing::to_double(expected.at("median").at("upper")), 0);
    }
  }
}

}  // namespace
}  // namespace nelm
