// Proportional-hazards prediction on parametric, cure and step baselines, with hand-worked values,
// and the pseudo-Greenwood covariance of a landmark fit.
#include "prediction/prediction_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "parametric/landmark_uncertainty.h"

namespace nelm {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// Exponential with mean e^1: H0(t) = t / e.
PredictionBaseline exponential_baseline() {
  PredictionBaseline baseline;
  baseline.curve.family = CurveFamily::exponential;
  baseline.curve.location = 1.0;
  baseline.curve.scale = 1.0;
  return baseline;
}

PredictionBaseline cure_baseline() {
  PredictionBaseline baseline;
  baseline.curve = {CurveFamily::weibull_cure, 0.5, 0.8, 0.3};
  return baseline;
}

TEST(PredictionModel, HazardRatioRaisesTheBaselineToItsPower) {
  const PredictionBaseline baseline = exponential_baseline();
  const LinearPredictor doubled{std::log(2.0), 0.0};
  // S(2 | x) = exp(-2 * 2 / e).
  EXPECT_NEAR(predicted_probability(baseline, doubled, 0.0, 2.0).estimate,
              std::exp(-4.0 / std::exp(1.0)), 1e-15);
  // Given survival to 1: exp(-2 * (3 - 1) / e).
  EXPECT_NEAR(predicted_probability(baseline, doubled, 1.0, 3.0).estimate,
              std::exp(-4.0 / std::exp(1.0)), 1e-15);
  // No covariance and no lp variance: no band.
  EXPECT_TRUE(std::isnan(predicted_probability(baseline, doubled, 0.0, 2.0).lower));
}

TEST(PredictionModel, LinearPredictorVarianceGivesTheBandOnLogMinusLog) {
  const PredictionBaseline baseline = exponential_baseline();
  const LinearPredictor uncertain{0.0, 0.25};  // SE 0.5 on log(-log S)
  const ProbabilityEstimate value = predicted_probability(baseline, uncertain, 0.0, 1.0);
  const double z = 1.959963984540054;
  EXPECT_NEAR(value.estimate, std::exp(-1.0 / std::exp(1.0)), 1e-15);
  EXPECT_NEAR(value.lower, std::exp(-std::exp(-1.0 + z * 0.5)), 1e-12);
  EXPECT_NEAR(value.upper, std::exp(-std::exp(-1.0 - z * 0.5)), 1e-12);
}

TEST(PredictionModel, CureFractionFollowsTheHazardRatioAndConditioning) {
  const PredictionBaseline baseline = cure_baseline();
  const LinearPredictor predictor{std::log(1.5), 0.0};
  EXPECT_NEAR(predicted_probability(baseline, {}, 0.0, infinity).estimate, 0.3, 1e-15);
  EXPECT_NEAR(predicted_probability(baseline, predictor, 0.0, infinity).estimate,
              std::pow(0.3, 1.5), 1e-15);
  // P(cured | alive at 2) = pi / S(2) at lp = 0, as the core's cure_probability_given_survival.
  const double survival_2 = curve_survival(baseline.curve, 2.0);
  EXPECT_NEAR(predicted_probability(baseline, {}, 2.0, infinity).estimate, 0.3 / survival_2, 1e-14);
  EXPECT_NEAR(predicted_probability(baseline, predictor, 2.0, infinity).estimate,
              std::pow(0.3 / survival_2, 1.5), 1e-14);
}

TEST(PredictionModel, BaselineCovarianceBandMatchesTheCoreCurveBand) {
  PredictionBaseline baseline = cure_baseline();
  baseline.covariance = Matrix(3);
  baseline.covariance(0, 0) = 0.04;
  baseline.covariance(1, 1) = 0.01;
  baseline.covariance(2, 2) = 0.02;
  baseline.covariance(0, 1) = baseline.covariance(1, 0) = -0.005;
  const ProbabilityEstimate ours = predicted_probability(baseline, {}, 0.0, 4.0);
  const ProbabilityEstimate core =
      curve_survival_estimate(baseline.curve, 4.0, baseline.covariance);
  EXPECT_NEAR(ours.estimate, core.estimate, 1e-14);
  EXPECT_NEAR(ours.lower, core.lower, 1e-12);
  EXPECT_NEAR(ours.upper, core.upper, 1e-12);
  const ProbabilityEstimate conditional = predicted_probability(baseline, {}, 2.0, 5.0);
  const ProbabilityEstimate core_conditional =
      conditional_survival(baseline.curve, 2.0, 3.0, baseline.covariance);
  EXPECT_NEAR(conditional.lower, core_conditional.lower, 1e-12);
  EXPECT_NEAR(conditional.upper, core_conditional.upper, 1e-12);
}

TEST(PredictionModel, LinearPredictorCentresAndCombinesStandardErrors) {
  const std::vector<PredictorTerm> terms = {{std::log(2.0), 1.0 - 0.4, 0.2},
                                            {std::log(0.5), 0.0 - 0.5, 0.1}};
  const LinearPredictor predictor = linear_predictor(terms, Matrix());
  EXPECT_NEAR(predictor.value, 0.6 * std::log(2.0) + 0.5 * std::log(2.0), 1e-15);
  EXPECT_NEAR(predictor.variance, 0.36 * 0.04 + 0.25 * 0.01, 1e-15);
  Matrix covariance(2);
  covariance(0, 0) = 0.04;
  covariance(1, 1) = 0.01;
  covariance(0, 1) = covariance(1, 0) = 0.01;
  EXPECT_NEAR(linear_predictor(terms, covariance).variance,
              0.36 * 0.04 + 0.25 * 0.01 + 2 * 0.6 * -0.5 * 0.01, 1e-15);
}

TEST(PredictionModel, StepBaselineAndItsMedian) {
  PredictionBaseline baseline;
  baseline.parametric = false;
  baseline.step.time = {1.0, 2.0, 4.0};
  baseline.step.cumulative_hazard = {0.1, 0.5, 1.0};
  EXPECT_EQ(predicted_probability(baseline, {}, 0.0, 0.5).estimate, 1.0);
  EXPECT_NEAR(predicted_probability(baseline, {}, 0.0, 3.0).estimate, std::exp(-0.5), 1e-15);
  EXPECT_NEAR(predicted_probability(baseline, {std::log(2.0), 0.0}, 0.0, 3.0).estimate,
              std::exp(-1.0), 1e-15);
  // S = exp(-0.5) > 1/2 until 4, where exp(-1) < 1/2; with HR 2, exp(-1) at 2 already.
  EXPECT_NEAR(predicted_median(baseline, {}, 0.0, 10.0), 4.0, 1e-9);
  EXPECT_NEAR(predicted_median(baseline, {std::log(2.0), 0.0}, 0.0, 10.0), 2.0, 1e-9);
  EXPECT_TRUE(std::isnan(predicted_median(baseline, {}, 0.0, 3.0)));
}

TEST(PredictionModel, LogHazardRatioThroughAPointHitsIt) {
  const PredictionBaseline baseline = cure_baseline();
  const double log_hr = log_hazard_ratio_through(baseline, 10.0, 0.2);
  EXPECT_NEAR(predicted_probability(baseline, {log_hr, 0.0}, 0.0, 10.0).estimate, 0.2, 1e-14);
  EXPECT_THROW(log_hazard_ratio_through(baseline, 10.0, 0.0), CoreError);
}

TEST(LandmarkUncertainty, ImpliedEventsMatchAndCovarianceIsAVariance) {
  const std::vector<LandmarkPoint> points = {{1, 0.755}, {3.1, 0.5}, {5, 0.404}, {10, 0.321}};
  const LandmarkFit fit = fit_landmarks(points, CurveFamily::weibull_cure);
  const LandmarkUncertainty band = landmark_fit_uncertainty(points, fit, {322, 209, 3});
  EXPECT_NEAR(band.expected_events, 209.0, 1e-6);
  EXPECT_GT(band.censoring_rate, 0.0);
  // No censoring before 3 years: at risk at 1 year is n S(1).
  EXPECT_NEAR(band.at_risk[0], 322 * fit.fitted[0], 1e-9);
  // Before any censoring the pseudo-Greenwood SE is the binomial SE sqrt(S (1 - S) / n).
  EXPECT_NEAR(band.std_err[0], std::sqrt(fit.fitted[0] * (1 - fit.fitted[0]) / 322), 2e-4);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_GT(band.covariance(j, j), 0.0);
    for (std::size_t k = 0; k < 3; ++k)
      EXPECT_DOUBLE_EQ(band.covariance(j, k), band.covariance(k, j));
  }
  // The fitted curve's SE at each point is close to the SE fed in (3 parameters, 4 points).
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_NEAR(band.fitted_std_err[i], band.std_err[i], 0.005) << i;
  }
  EXPECT_THROW(landmark_fit_uncertainty(points, fit, {322, 400, 3}), CoreError);
}

}  // namespace
}  // namespace nelm
