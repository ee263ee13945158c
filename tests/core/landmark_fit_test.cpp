// Tests of fitting parametric curves to published landmark points: the seed's DFS points,
// round trips from known parameters, weights from CIs, and refusals.
#include "parametric/landmark_fit.h"

#include <gtest/gtest.h>

#include <cmath>

#include "numerics/distributions.h"
#include "reference_data.h"

namespace nelm {
namespace {

// The seed's disease-free survival: 1 y 0.755, median 3.1 y, 5 y 0.404, 10 y 0.321.
std::vector<LandmarkPoint> dfs_points() {
  return {{1, 0.755}, {3.1, 0.5}, {5, 0.404}, {10, 0.321}};
}

TEST(LandmarkFit, CureCurveReproducesTheDfsPointsWithinOneHundredth) {
  const LandmarkFit fit = fit_landmarks(dfs_points(), CurveFamily::weibull_cure);
  EXPECT_TRUE(fit.converged);
  EXPECT_LT(fit.max_abs_residual, 0.01);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(fit.fitted[i], dfs_points()[i].survival, 0.01) << i;
    EXPECT_EQ(fit.residual[i], fit.fitted[i] - dfs_points()[i].survival);
  }
  EXPECT_GT(fit.curve.cure_fraction, 0.0);
  EXPECT_LT(fit.curve.cure_fraction, 0.321);
  EXPECT_TRUE(fit.warnings.empty());
}

// R: the same objective sum((log(-log S(t; mu, sigma)) - log(-log s))^2), minimised by optim
// (BFGS, Nelder-Mead, BFGS at reltol 1e-16); see docs/validation/parametric.md.
TEST(LandmarkFit, TwoParameterFamiliesMatchAnIndependentROptimisation) {
  struct Case {
    CurveFamily family;
    double location, log_scale, sse, fitted_at_10;
  };
  const Case cases[] = {{CurveFamily::weibull, 1.90766046586715, 0.47663031117838,
                         0.0418494797653697, 0.278629075715432},
                        {CurveFamily::lognormal, 1.25012505470811, 0.636388252386493,
                         0.018249765046018, 0.288776633586956},
                        {CurveFamily::loglogistic, 1.25010947652751, 0.151715632761027,
                         0.0185859241676119, 0.288163270200827}};
  for (const Case& expected : cases) {
    const LandmarkFit fit = fit_landmarks(dfs_points(), expected.family);
    EXPECT_TRUE(fit.converged);
    EXPECT_REL_NEAR(fit.curve.location, expected.location, 1e-6);
    EXPECT_REL_NEAR(std::log(fit.curve.scale), expected.log_scale, 1e-6);
    EXPECT_REL_NEAR(fit.weighted_sse, expected.sse, 1e-8);
    EXPECT_REL_NEAR(fit.fitted[3], expected.fitted_at_10, 1e-6);
    // Without a plateau these families miss the 10-year point by more than the cure curve.
    EXPECT_GT(fit.max_abs_residual, 0.02);
  }
  // R: optimize(function(m) sum((log(t / exp(m)) - log(-log(s)))^2), c(-5, 10), tol = 1e-14)
  const LandmarkFit exponential = fit_landmarks(dfs_points(), CurveFamily::exponential);
  EXPECT_REL_NEAR(exponential.curve.location, 1.66243889888101, 1e-7);
  EXPECT_REL_NEAR(exponential.weighted_sse, 0.446216898818327, 1e-9);
  EXPECT_EQ(exponential.curve.scale, 1.0);
}

TEST(LandmarkFit, RoundTripsRecoverKnownParameters) {
  const std::vector<double> times = {0.5, 2, 4, 9};
  const CurveParameters truths[] = {
      {CurveFamily::weibull, 1.2, 0.8},           {CurveFamily::lognormal, 0.7, 1.3},
      {CurveFamily::loglogistic, 1.5, 0.6},       {CurveFamily::exponential, 2.0, 1.0},
      {CurveFamily::weibull_cure, 1.0, 0.7, 0.3}, {CurveFamily::weibull_cure, 0.2, 1.1, 0.1}};
  for (const CurveParameters& truth : truths) {
    std::vector<LandmarkPoint> points;
    for (double t : times) points.push_back({t, curve_survival(truth, t)});
    const LandmarkFit fit = fit_landmarks(points, truth.family);
    EXPECT_TRUE(fit.converged);
    EXPECT_LT(fit.max_abs_residual, 1e-9);
    EXPECT_NEAR(fit.curve.location, truth.location, 1e-6);
    EXPECT_NEAR(fit.curve.scale, truth.scale, 1e-6);
    if (truth.family == CurveFamily::weibull_cure) {
      EXPECT_NEAR(fit.curve.cure_fraction, truth.cure_fraction, 1e-6);
    }
  }
}

TEST(LandmarkFit, WeightsComeFromTheCiWidthOnTheLogLogScale) {
  // CI (0.6, 0.8) around 0.7: SE = (log(-log 0.6) - log(-log 0.8)) / (2 z), weight 1/SE^2.
  std::vector<LandmarkPoint> points = {{1, 0.7, 0.6, 0.8}, {2, 0.5}, {4, 0.3, 0.2, 0.4}};
  const LandmarkFit fit = fit_landmarks(points, CurveFamily::weibull);
  const double z = two_sided_critical_value(0.95);
  const auto weight = [&](double lower, double upper) {
    const double se = (std::log(-std::log(lower)) - std::log(-std::log(upper))) / (2 * z);
    return 1 / (se * se);
  };
  EXPECT_REL_NEAR(fit.weight[0], weight(0.6, 0.8), 1e-13);
  EXPECT_REL_NEAR(fit.weight[2], weight(0.2, 0.4), 1e-13);
  // The point without a CI takes the median of the others' weights (here their mean).
  EXPECT_REL_NEAR(fit.weight[1], 0.5 * (weight(0.6, 0.8) + weight(0.2, 0.4)), 1e-13);
  // The weighted SSE is the sum of w (log(-log fitted) - log(-log published))^2.
  double sse = 0.0;
  for (std::size_t i = 0; i < 3; ++i) {
    const double d = std::log(-std::log(fit.fitted[i])) - std::log(-std::log(points[i].survival));
    sse += fit.weight[i] * d * d;
  }
  EXPECT_REL_NEAR(fit.weighted_sse, sse, 1e-10);
}

TEST(LandmarkFit, ExactFitWarnsAndRefusalsHaveCodes) {
  const LandmarkFit exact = fit_landmarks({{1, 0.8}, {3, 0.4}}, CurveFamily::weibull);
  ASSERT_EQ(exact.warnings.size(), 1u);
  EXPECT_EQ(exact.warnings[0].code, "exact_fit");
  EXPECT_LT(exact.max_abs_residual, 1e-12);
  const auto refusal = [](const std::vector<LandmarkPoint>& points, CurveFamily family) {
    try {
      fit_landmarks(points, family);
    } catch (const CoreError& error) {
      return error.code();
    }
    return std::string("none");
  };
  EXPECT_EQ(refusal({{1, 0.8}, {3, 0.4}}, CurveFamily::weibull_cure), "too_few_points");
  EXPECT_EQ(refusal({{1, 0.8}, {3, 1.0}}, CurveFamily::weibull), "invalid_landmark");
  EXPECT_EQ(refusal({{0, 0.8}, {3, 0.4}}, CurveFamily::weibull), "invalid_landmark");
  EXPECT_EQ(refusal({{1, 0.8, 0.85, 0.9}, {3, 0.4}}, CurveFamily::weibull), "invalid_landmark");
}

}  // namespace
}  // namespace nelm
