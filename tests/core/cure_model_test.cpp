// Tests of the Weibull mixture-cure fit (hand-computed loglik, simulated recovery, an independent
// R optim fit) and of curve survival / conditional survival with delta-method intervals.
#include "parametric/cure_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "numerics/distributions.h"
#include "reference_data.h"

namespace nelm {
namespace {

using testing::load_reference_csv;

TEST(CureModel, LoglikByHand) {
  // pi = 1/2, mu = 0, sigma = 1. Event at t = 1: log(1/2) + 0 - 1; censored at t = 2:
  // log(1/2 + exp(-2)/2). R: the same two terms give -2.25936635007692.
  SurvivalData data;
  data.time = {2, 1};
  data.event = {0, 1};
  const double expected = std::log(0.5) - 1.0 + std::log(0.5 + 0.5 * std::exp(-2.0));
  EXPECT_REL_NEAR(cure_model_loglik(data, {0.0, 0.0, 0.0}), expected, 1e-14);
  EXPECT_REL_NEAR(cure_model_loglik(data, {0.0, 0.0, 0.0}), -2.25936635007692, 1e-13);
}

TEST(CureModel, RefusesNoEvents) {
  SurvivalData data;
  data.time = {1, 2, 3};
  data.event = {0, 0, 0};
  try {
    cure_model_fit(data);
    FAIL() << "no events must be refused";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "no_events");
  }
}

// Reference: an independent R implementation of the same likelihood on ovarian, maximised by
// optim (BFGS, Nelder-Mead, BFGS at reltol 1e-16), variance solve(optimHess(...)):
//   ll <- function(p, t, s) { pi <- plogis(p[1]); z <- (log(t) - p[2]) / exp(p[3]);
//     sum(ifelse(s == 1, log(1 - pi) + z - exp(z) - p[3] - log(t),
//                log(pi + (1 - pi) * exp(-exp(z))))) }
TEST(CureModel, OvarianMatchesIndependentROptimisation) {
  const auto csv = load_reference_csv("ovarian");
  SurvivalData data;
  data.time = csv.column("time");
  for (double s : csv.column("status")) data.event.push_back(static_cast<int>(s));
  const CureFit fit = cure_model_fit(data);
  EXPECT_TRUE(fit.converged);
  EXPECT_TRUE(fit.warnings.empty());
  const auto parameters = curve_unconstrained_parameters(fit.curve);
  EXPECT_NEAR(parameters[0], -0.0283872646822703, 1e-5);
  EXPECT_REL_NEAR(parameters[1], 6.0422524619393485, 1e-6);
  EXPECT_REL_NEAR(parameters[2], -0.7457352979255831, 1e-5);
  EXPECT_REL_NEAR(fit.loglik, -95.4742491304471, 1e-10);
  const double expected[3][3] = {{0.18487403689825, -0.0115976724022, -0.00762988841317},
                                 {-0.01159767240218, 0.0247131833818, -0.00118359856530},
                                 {-0.00762988841317, -0.0011835985653, 0.07067022364639}};
  // optimHess is itself a finite-difference Hessian: agreement to ~1e-4 of the scale.
  for (std::size_t j = 0; j < 3; ++j)
    for (std::size_t k = 0; k < 3; ++k)
      EXPECT_NEAR(fit.variance(j, k), expected[j][k],
                  1e-4 * std::sqrt(expected[j][j] * expected[k][k]));
}

// Uniform(0,1) from the 53 high bits of mt19937_64, whose output the standard fixes (the
// std:: distributions are implementation-defined, which would make the test platform-specific).
double uniform(std::mt19937_64& engine) {
  return (static_cast<double>(engine() >> 11) + 0.5) * 0x1.0p-53;
}

TEST(CureModel, RecoversSimulatedTruthWithinSamplingError) {
  // Truth: pi = 0.3, Weibull latency with shape 1.5 (sigma = 2/3) and scale 5 (mu = log 5);
  // administrative censoring uniform on (0, 20).
  const double pi = 0.3, mu = std::log(5.0), sigma = 2.0 / 3.0;
  std::mt19937_64 engine(20240611);
  SurvivalData data;
  for (int i = 0; i < 3000; ++i) {
    const bool cured = uniform(engine) < pi;
    const double latency = std::exp(mu + sigma * std::log(-std::log(uniform(engine))));
    const double censor = 20.0 * uniform(engine);
    const double event_time = cured ? std::numeric_limits<double>::infinity() : latency;
    data.time.push_back(std::min(event_time, censor));
    data.event.push_back(event_time <= censor ? 1 : 0);
  }
  const CureFit fit = cure_model_fit(data);
  ASSERT_TRUE(fit.converged);
  const auto estimate = curve_unconstrained_parameters(fit.curve);
  const double truth[3] = {std::log(pi / (1 - pi)), mu, std::log(sigma)};
  for (std::size_t j = 0; j < 3; ++j) {
    const double se = std::sqrt(fit.variance(j, j));
    EXPECT_LT(se, 0.1) << j;
    EXPECT_LT(std::fabs(estimate[j] - truth[j]), 3.0 * se) << j;
  }
}

// --- Curve survival and conditional survival --------------------------------------------------

TEST(ParametricCurve, ExponentialIntervalsAreExactOnLogLogScale) {
  // S(t) = exp(-t e^-mu): log(-log S) = log t - mu, so its SE is exactly se(mu) = 0.2.
  CurveParameters curve{CurveFamily::exponential, std::log(10.0), 1.0};
  Matrix covariance(1);
  covariance(0, 0) = 0.04;
  const double z = two_sided_critical_value(0.95);
  const auto survival = curve_survival_estimate(curve, 5.0, covariance);
  EXPECT_REL_NEAR(survival.estimate, std::exp(-0.5), 1e-14);
  EXPECT_REL_NEAR(survival.lower, std::exp(-std::exp(std::log(0.5) + 0.2 * z)), 1e-12);
  EXPECT_REL_NEAR(survival.upper, std::exp(-std::exp(std::log(0.5) - 0.2 * z)), 1e-12);
  // Memoryless: S(t0 + s)/S(t0) = exp(-s/10) and log(-log C) = log s - mu, SE again 0.2.
  const auto conditional = conditional_survival(curve, 7.0, 3.0, covariance);
  EXPECT_REL_NEAR(conditional.estimate, std::exp(-0.3), 1e-13);
  EXPECT_REL_NEAR(conditional.lower, std::exp(-std::exp(std::log(0.3) + 0.2 * z)), 1e-10);
  EXPECT_REL_NEAR(conditional.upper, std::exp(-std::exp(std::log(0.3) - 0.2 * z)), 1e-10);
  EXPECT_TRUE(std::isnan(conditional_survival(curve, 7.0, 3.0, Matrix()).lower));
  EXPECT_EQ(curve_survival(curve, 0.0), 1.0);
}

TEST(ParametricCurve, CureProbabilityGivenSurvivalAndGradient) {
  CurveParameters curve{CurveFamily::weibull_cure, std::log(4.0), 0.5, 0.25};
  // S(4) = 0.25 + 0.75 exp(-1), so P(cured | alive at 4) = 0.25 / S(4).
  const double survival_4 = 0.25 + 0.75 * std::exp(-1.0);
  EXPECT_REL_NEAR(curve_survival(curve, 4.0), survival_4, 1e-14);
  Matrix covariance(3);
  for (std::size_t j = 0; j < 3; ++j) covariance(j, j) = 0.01 * double(j + 1);
  covariance(0, 1) = covariance(1, 0) = 0.002;
  const auto cure = cure_probability_given_survival(curve, 4.0, covariance);
  EXPECT_REL_NEAR(cure.estimate, 0.25 / survival_4, 1e-14);
  EXPECT_LT(cure.lower, cure.estimate);
  EXPECT_GT(cure.upper, cure.estimate);
  // The analytic gradient against central differences of curve_survival.
  const auto gradient = curve_survival_gradient(curve, 3.0);
  const auto parameters = curve_unconstrained_parameters(curve);
  for (std::size_t j = 0; j < 3; ++j) {
    auto up = parameters, down = parameters;
    up[j] += 1e-6;
    down[j] -= 1e-6;
    const double numeric = (curve_survival(curve_from_unconstrained(curve.family, up), 3.0) -
                            curve_survival(curve_from_unconstrained(curve.family, down), 3.0)) /
                           2e-6;
    EXPECT_NEAR(gradient[j], numeric, 1e-8) << j;
  }
  // The logit-scale interval: logit P +- z se / (P (1 - P)).
  const double z = two_sided_critical_value(0.95);
  const double p = cure.estimate, se_logit = cure.se / (p * (1 - p));
  EXPECT_REL_NEAR(cure.upper, 1 / (1 + std::exp(-(std::log(p / (1 - p)) + z * se_logit))), 1e-12);
}

}  // namespace
}  // namespace nelm
