// Tests of survreg-equivalent parametric AFT fits: hand-worked exponential MLE, weights, refusals,
// and every survreg.<dist> quantity of the four R reference sets.
#include "parametric/parametric_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "reference_data.h"

namespace nelm {
namespace {

using testing::load_reference_csv;
using testing::load_reference_json;
using testing::to_doubles;

ParametricData tiny_data() {
  ParametricData data;
  data.survival.time = {5, 2, 6, 3};
  data.survival.event = {1, 1, 0, 1};
  return data;
}

TEST(ParametricModel, ExponentialInterceptOnlyIsClosedForm) {
  // 3 events, total time 16: lambda = 3/16, mu = log(16/3), var(mu) = 1/3,
  // loglik = 3 log(3/16) - 3 (time scale).
  ParametricOptions options;
  options.family = ParametricFamily::exponential;
  const ParametricFit fit = parametric_fit(tiny_data(), options);
  EXPECT_REL_NEAR(fit.coef[0], std::log(16.0 / 3.0), 1e-10);
  EXPECT_REL_NEAR(fit.se[0], 1.0 / std::sqrt(3.0), 1e-8);
  EXPECT_REL_NEAR(fit.loglik, 3.0 * std::log(3.0 / 16.0) - 3.0, 1e-12);
  EXPECT_EQ(fit.scale, 1.0);
  EXPECT_TRUE(std::isnan(fit.log_scale));
  EXPECT_EQ(fit.variance_names, std::vector<std::string>{"(Intercept)"});
  EXPECT_EQ(fit.n_events, 3.0);
  EXPECT_TRUE(fit.converged);
  // Median = mu + log(log 2); SE on the time scale = t_50 * se(mu).
  const ParametricPrediction prediction = parametric_predict(fit, {}, {0.5}, {16.0 / 3.0});
  EXPECT_REL_NEAR(prediction.quantile_time[0], 16.0 / 3.0 * std::log(2.0), 1e-10);
  EXPECT_REL_NEAR(prediction.quantile_se[0], 16.0 / 3.0 * std::log(2.0) / std::sqrt(3.0), 1e-8);
  EXPECT_REL_NEAR(prediction.surv[0], std::exp(-1.0), 1e-10);
}

TEST(ParametricModel, WeibullInterceptOnlyMatchesR) {
  // survreg(Surv(c(5,2,6,3), c(1,1,0,1)) ~ 1, dist = "weibull")
  const ParametricFit fit = parametric_fit(tiny_data());
  EXPECT_REL_NEAR(fit.coef[0], 1.60206934057165, 1e-6);
  EXPECT_REL_NEAR(fit.scale, 0.465838742141857, 1e-6);
  EXPECT_REL_NEAR(fit.loglik, -7.12553812656879, 1e-9);
  EXPECT_REL_NEAR(fit.se[0], 0.268954894291479, 1e-6);
  EXPECT_REL_NEAR(fit.log_scale_se, 0.488724996230179, 1e-6);
  EXPECT_EQ(fit.likelihood_ratio_test.df, 0);
}

TEST(ParametricModel, CaseWeightsMatchR) {
  // w <- 1 + (seq_len(nrow(aml)) %% 3)
  // survreg(Surv(time, status) ~ nonmaintained, aml, weights = w, dist = "loglogistic")
  const auto csv = load_reference_csv("aml");
  ParametricData data;
  data.survival.time = csv.column("time");
  for (double s : csv.column("status")) data.survival.event.push_back(static_cast<int>(s));
  for (std::size_t i = 0; i < csv.rows; ++i)
    data.survival.weight.push_back(1.0 + double((i + 1) % 3));
  data.covariate_names = {"nonmaintained"};
  data.covariates = {csv.column("nonmaintained")};
  ParametricOptions options;
  options.family = ParametricFamily::loglogistic;
  const ParametricFit fit = parametric_fit(data, options);
  EXPECT_REL_NEAR(fit.coef[0], 3.412357539540481, 1e-6);
  EXPECT_REL_NEAR(fit.coef[1], -0.395336122212698, 1e-6);
  EXPECT_REL_NEAR(fit.scale, 0.516193084987237, 1e-6);
  EXPECT_REL_NEAR(fit.loglik_null, -171.227074445609, 1e-9);
  EXPECT_REL_NEAR(fit.loglik, -170.138894051678, 1e-9);
  EXPECT_REL_NEAR(fit.se[0], 0.191844488957891, 1e-6);
  EXPECT_REL_NEAR(fit.se[1], 0.269867553164525, 1e-6);
  EXPECT_REL_NEAR(fit.log_scale_se, 0.133332469322635, 1e-6);
}

TEST(ParametricModel, RefusesNoEventsAndConstantOrCollinearCovariates) {
  ParametricData data = tiny_data();
  data.survival.event = {0, 0, 0, 0};
  try {
    parametric_fit(data);
    FAIL() << "no events must be refused";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "no_events");
  }
  data = tiny_data();
  data.covariate_names = {"a", "b"};
  data.covariates = {{1, 2, 3, 4}, {7, 7, 7, 7}};
  try {
    parametric_fit(data);
    FAIL() << "a constant covariate must be refused";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "constant_covariate");
    EXPECT_EQ(error.subject(), "b");
  }
  data.covariates = {{1, 2, 3, 4}, {3, 5, 7, 9}};  // b = 2a + 1
  try {
    parametric_fit(data);
    FAIL() << "collinear covariates must be refused";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "collinear_covariates");
    EXPECT_EQ(error.subject(), "b");
  }
}

TEST(ParametricModel, NonConvergenceIsAWarning) {
  ParametricOptions options;
  options.max_iterations = 1;
  const ParametricFit fit = parametric_fit(tiny_data(), options);
  EXPECT_FALSE(fit.converged);
  ASSERT_EQ(fit.warnings.size(), 1u);
  EXPECT_EQ(fit.warnings[0].code, "not_converged");
}

// --- Reference sets -------------------------------------------------------------------------

ParametricData reference_data(const std::string& dataset, const std::vector<std::string>& names) {
  const auto csv = load_reference_csv(dataset);
  ParametricData data;
  data.covariate_names = names;
  data.covariates.resize(names.size());
  for (std::size_t i = 0; i < csv.rows; ++i) {
    bool complete = true;  // complete-case analysis, as survreg's na.omit (lung's ph_ecog)
    for (const auto& name : names) complete = complete && !std::isnan(csv.column(name)[i]);
    if (!complete) continue;
    data.survival.time.push_back(csv.column("time")[i]);
    data.survival.event.push_back(static_cast<int>(csv.column("status")[i]));
    for (std::size_t j = 0; j < names.size(); ++j)
      data.covariates[j].push_back(csv.column(names[j])[i]);
  }
  return data;
}

ParametricFamily family_of(const std::string& name) {
  if (name == "exponential") return ParametricFamily::exponential;
  if (name == "lognormal") return ParametricFamily::lognormal;
  if (name == "loglogistic") return ParametricFamily::loglogistic;
  return ParametricFamily::weibull;
}

class SurvregReference : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

// R: survreg(<survreg.formula>, data, dist = <dist>); predict(fit, newdata, type = "quantile",
// p = c(.25, .5, .75), se.fit = TRUE); 1 - psurvreg(landmarks, lp, fit$scale, dist).
TEST_P(SurvregReference, MatchesEveryField) {
  const auto& [dataset, dist] = GetParam();
  const auto reference = load_reference_json(dataset)["survreg"][dist];
  std::vector<std::string> terms = reference["terms"].get<std::vector<std::string>>();
  const std::vector<std::string> names(terms.begin() + 1, terms.end());
  ParametricOptions options;
  options.family = family_of(dist);
  const ParametricFit fit = parametric_fit(reference_data(dataset, names), options);
  EXPECT_TRUE(fit.converged);
  EXPECT_TRUE(fit.warnings.empty());
  EXPECT_EQ(fit.n, reference["n"].get<double>());
  EXPECT_EQ(fit.terms, terms);
  EXPECT_EQ(fit.variance_names, reference["var_names"].get<std::vector<std::string>>());
  for (std::size_t j = 0; j < terms.size(); ++j) {
    EXPECT_TRUE(testing::near_relative(fit.coef[j], reference["coef"][terms[j]], 1e-6, 1e-8))
        << terms[j];
    EXPECT_REL_NEAR(fit.se[j], reference["se"][terms[j]].get<double>(), 1e-6);
  }
  EXPECT_REL_NEAR(fit.scale, reference["scale"].get<double>(), 1e-6);
  EXPECT_REL_NEAR(fit.log_scale, testing::to_double(reference["log_scale"]), 1e-6);
  EXPECT_REL_NEAR(fit.log_scale_se, testing::to_double(reference["log_scale_se"]), 1e-6);
  const auto& variance = reference["var"];
  // Covariances are compared on the correlation scale (1e-6 of sqrt(V_jj V_kk)): a covariance
  // near 0 inherits the error of the larger variances from R's own stopping point.
  for (std::size_t j = 0; j < variance.size(); ++j)
    for (std::size_t k = 0; k < variance.size(); ++k) {
      const double expected = variance[j][k].get<double>();
      const double size = std::sqrt(variance[j][j].get<double>() * variance[k][k].get<double>());
      EXPECT_NEAR(fit.variance(j, k), expected, 1e-6 * size) << j << "," << k;
    }
  EXPECT_REL_NEAR(fit.loglik, reference["loglik"].get<double>(), 1e-9);
  EXPECT_REL_NEAR(fit.loglik_null, reference["loglik_null"].get<double>(), 1e-9);
  EXPECT_REL_NEAR(fit.likelihood_ratio_test.statistic,
                  reference["lr_test"]["statistic"].get<double>(), 1e-6);
  EXPECT_EQ(fit.likelihood_ratio_test.df, reference["lr_test"]["df"].get<int>());
  EXPECT_REL_NEAR(fit.likelihood_ratio_test.p, reference["lr_test"]["p"].get<double>(), 1e-5);
  if (dist == "weibull") {
    const auto& ph = reference["weibull_ph"];
    EXPECT_REL_NEAR(fit.weibull_ph.shape, ph["shape"].get<double>(), 1e-6);
    for (std::size_t j = 0; j < names.size(); ++j) {
      EXPECT_TRUE(
          testing::near_relative(fit.weibull_ph.log_hr[j], ph["log_hr"][names[j]], 1e-6, 1e-8));
      EXPECT_REL_NEAR(fit.weibull_ph.hr[j], ph["hr"][names[j]].get<double>(), 1e-6);
    }
  }
  const auto& predict = reference["predict"];
  std::vector<double> profile;
  for (const auto& name : names) profile.push_back(predict["newdata"][name].get<double>());
  const ParametricPrediction prediction =
      parametric_predict(fit, profile, to_doubles(predict["quantile_probs"]),
                         to_doubles(predict["landmarks"]["time"]));
  EXPECT_REL_NEAR(prediction.linear_predictor, predict["lp"].get<double>(), 1e-6);
  const auto quantile_time = to_doubles(predict["quantile_time"]);
  const auto quantile_se = to_doubles(predict["quantile_se"]);
  const auto surv = to_doubles(predict["landmarks"]["surv"]);
  for (std::size_t q = 0; q < quantile_time.size(); ++q) {
    EXPECT_REL_NEAR(prediction.quantile_time[q], quantile_time[q], 1e-6);
    EXPECT_REL_NEAR(prediction.quantile_se[q], quantile_se[q], 1e-6);
  }
  for (std::size_t t = 0; t < surv.size(); ++t) EXPECT_REL_NEAR(prediction.surv[t], surv[t], 1e-6);
}

INSTANTIATE_TEST_SUITE_P(AllSetsAndFamilies, SurvregReference,
                         ::testing::Combine(::testing::Values("lung", "aml", "ovarian", "veteran"),
                                            ::testing::Values("weibull", "exponential", "lognormal",
                                                              "loglogistic")));

}  // namespace
}  // namespace nelm
