// Tests of the personalised mixture-cure model: closed-form profile curves, marginal curves
// against brute-force enumeration, the average hazard ratio under exact proportional hazards,
// analytic gradients against finite differences, conditional quantities, ranges and refusals.
#include "prediction/cure_regression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "common/core_error.h"

namespace nelm {
namespace {

// Three factors: a (2 levels, 40% at level 1), b (3 levels), c (2 levels); one effect per path.
CureRegressionModel three_factor_model() {
  CureRegressionModel model;
  model.structure.factors = {{"a", {"a0", "a1"}, {0.6, 0.4}},
                             {"b", {"b0", "b1", "b2"}, {0.5, 0.3, 0.2}},
                             {"c", {"c0", "c1"}, {0.7, 0.3}}};
  model.structure.effects = {{"a=a1", 0, {1}, EffectPath::shared},
                             {"b=b1_or_b2", 1, {1, 2}, EffectPath::cure_only},
                             {"c=c1", 2, {1}, EffectPath::latency_only}};
  // location, log_scale, cure_intercept, cure_split, then the three effects.
  model.parameters = {0.9, -0.1, -0.6, 1.3, 0.7, 1.1, 0.5};
  return model;
}

// The model's curve for one profile written out by hand from its definition.
double closed_form_survival(const CureRegressionModel& model, int a, int b, int c, double t) {
  const std::vector<double>& p = model.parameters;
  const double da = (a == 1 ? 1.0 : 0.0) - 0.4, db = (b >= 1 ? 1.0 : 0.0) - 0.5,
               dc = (c == 1 ? 1.0 : 0.0) - 0.3;
  const double eta = p[4] * da + p[6] * dc;
  const double logit = p[2] - p[3] * p[4] * da - p[5] * db;
  const double pi = 1.0 / (1.0 + std::exp(-logit));
  const double z = (std::log(t) - p[0]) / std::exp(p[1]) + eta;
  return pi + (1.0 - pi) * std::exp(-std::exp(z));
}

TEST(CureRegression, ProfileCurveFollowsTheDefinition) {
  const CureRegressionModel model = three_factor_model();
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 2; ++c)
        for (double t : {0.3, 1.0, 4.0, 25.0}) {
          const Population one = population_of_profile(model.structure, {a, b, c});
          ASSERT_EQ(one.size(), 1u);
          EXPECT_NEAR(marginal_survival(model, one, t).value,
                      closed_form_survival(model, a, b, c, t), 1e-15);
        }
  const Population one = population_of_profile(model.structure, {1, 2, 0});
  EXPECT_EQ(marginal_survival(model, one, 0.0).value, 1.0);
  // Levels pooled in one effect give the same curve: b1 and b2 are indistinguishable.
  EXPECT_EQ(marginal_survival(model, population_of_profile(model.structure, {1, 1, 0}), 3).value,
            marginal_survival(model, one, 3).value);
}

TEST(CureRegression, MarginalIsTheAverageOfThePatientsCurvesByBruteForce) {
  const CureRegressionModel model = three_factor_model();
  const double share_a[] = {0.6, 0.4}, share_b[] = {0.5, 0.3, 0.2}, share_c[] = {0.7, 0.3};
  for (double t : {0.5, 2.0, 8.0}) {
    double brute = 0.0, known_c = 0.0;
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 3; ++b) {
        for (int c = 0; c < 2; ++c)
          brute += share_a[a] * share_b[b] * share_c[c] * closed_form_survival(model, a, b, c, t);
        known_c += share_a[a] * share_b[b] * closed_form_survival(model, a, b, 1, t);
      }
    const Population cohort = population_of_profile(model.structure, {-1, -1, -1});
    EXPECT_EQ(cohort.size(), 12u);
    EXPECT_NEAR(marginal_survival(model, cohort, t).value, brute, 1e-15);
    EXPECT_NEAR(
        marginal_survival(model, population_of_profile(model.structure, {-1, -1, 1}), t).value,
        known_c, 1e-15);
  }
  // Not the curve of an average patient (every centred term 0): that is a different curve.
  const double pi_centre = 1.0 / (1.0 + std::exp(0.6));
  const double average_patient =
      pi_centre + (1 - pi_centre) * std::exp(-std::exp((std::log(5.0) - 0.9) / std::exp(-0.1)));
  const Population cohort = population_of_profile(model.structure, {-1, -1, -1});
  EXPECT_GT(std::fabs(marginal_survival(model, cohort, 5).value - average_patient), 1e-3);
}

TEST(CureRegression, UnionsAndMixesWeighThePatients) {
  const CureRegressionModel model = three_factor_model();
  const Population first = population_of_profile(model.structure, {0, 0, -1});
  const Population second = population_of_profile(model.structure, {1, 2, 1});
  const Population both = population_union({{3.0, first}, {1.0, second}});
  double total = 0.0;
  for (const auto& patient : both) total += patient.weight;
  EXPECT_NEAR(total, 1.0, 1e-15);
  EXPECT_NEAR(marginal_cure_fraction(model, both).value,
              0.75 * marginal_cure_fraction(model, first).value +
                  0.25 * marginal_cure_fraction(model, second).value,
              1e-15);
  // A level nobody has is dropped from the enumeration.
  const Population restricted =
      population_of_mix(model.structure, {{1, 0}, {0, 0.5, 0.5}, {0.7, 0.3}});
  EXPECT_EQ(restricted.size(), 4u);
}

TEST(CureRegression, AverageHazardRatioIsExactlyTheHazardRatioUnderProportionalHazards) {
  // No cure (pi ~ 1e-26) and latency-only effects: S(t | x) = S0(t)^exp(b'x) exactly.
  CureRegressionModel model = three_factor_model();
  model.structure.effects = {{"a=a1", 0, {1}, EffectPath::latency_only},
                             {"b=b1_or_b2", 1, {1, 2}, EffectPath::latency_only},
                             {"c=c1", 2, {1}, EffectPath::latency_only}};
  model.parameters[2] = -60.0;
  const Population cohort = population_of_profile(model.structure, {-1, -1, -1});
  for (double horizon : {1.0, 5.0})
    EXPECT_NEAR(average_log_hazard_ratio(model, cohort, 0, 1, 0, horizon).value, 0.7, 1e-12);
  EXPECT_NEAR(average_log_hazard_ratio(model, cohort, 1, 2, 0, 5).value, 1.1, 1e-12);
  EXPECT_NEAR(average_log_hazard_ratio(model, cohort, 1, 2, 1, 5).value, 0.0, 1e-12);
  // The ratio of two marginal curves is not: averaging over the other inputs first dilutes it.
  const double marginal =
      marginal_log_hazard_ratio(model, population_of_profile(model.structure, {1, -1, -1}),
                                population_of_profile(model.structure, {0, -1, -1}), 5)
          .value;
  EXPECT_LT(marginal, 0.7 - 1e-3);
  // With a cure fraction the same latency HR gives a smaller hazard ratio at 5 years.
  model.parameters[2] = -0.6;
  EXPECT_LT(average_log_hazard_ratio(model, cohort, 0, 1, 0, 5).value, 0.7 - 0.05);
}

using Quantity = std::function<QuantityWithGradient(const CureRegressionModel&)>;

void expect_gradient_matches_differences(const CureRegressionModel& model, const Quantity& f,
                                         const char* name) {
  const QuantityWithGradient analytic = f(model);
  ASSERT_EQ(analytic.gradient.size(), model.parameters.size());
  for (std::size_t j = 0; j < model.parameters.size(); ++j) {
    CureRegressionModel up = model, down = model;
    const double h = 1e-6;
    up.parameters[j] += h;
    down.parameters[j] -= h;
    const double numeric = (f(up).value - f(down).value) / (2 * h);
    EXPECT_NEAR(analytic.gradient[j], numeric, 1e-7 * (1.0 + std::fabs(numeric)))
        << name << " parameter " << j;
  }
}

TEST(CureRegression, GradientsMatchCentralDifferences) {
  const CureRegressionModel model = three_factor_model();
  const auto& s = model.structure;
  const Population cohort = population_of_profile(s, {-1, -1, -1});
  const Population group = population_of_profile(s, {1, -1, 0});
  expect_gradient_matches_differences(
      model, [&](const auto& m) { return marginal_survival(m, cohort, 2.5); }, "survival");
  expect_gradient_matches_differences(
      model, [&](const auto& m) { return marginal_cure_fraction(m, group); }, "cure");
  expect_gradient_matches_differences(
      model, [&](const auto& m) { return marginal_median(m, cohort, 100); }, "median");
  expect_gradient_matches_differences(
      model, [&](const auto& m) { return conditional_marginal_survival(m, group, 2, 7); },
      "conditional");
  expect_gradient_matches_differences(
      model, [&](const auto& m) { return cure_probability_given_disease_free(m, group, 3); },
      "cure given disease-free");
  for (std::size_t factor : {0u, 1u, 2u})
    expect_gradient_matches_differences(
        model, [&](const auto& m) { return average_log_hazard_ratio(m, cohort, factor, 1, 0, 5); },
        "average HR");
  expect_gradient_matches_differences(
      model, [&](const auto& m) { return marginal_log_hazard_ratio(m, group, cohort, 5); },
      "marginal HR");
}

TEST(CureRegression, ConditionalQuantitiesAndMedian) {
  const CureRegressionModel model = three_factor_model();
  const Population group = population_of_profile(model.structure, {1, 2, 1});
  const double s2 = marginal_survival(model, group, 2).value,
               s6 = marginal_survival(model, group, 6).value;
  const double cure = marginal_cure_fraction(model, group).value;
  EXPECT_NEAR(conditional_marginal_survival(model, group, 2, 6).value, s6 / s2, 1e-15);
  EXPECT_NEAR(cure_probability_given_disease_free(model, group, 2).value, cure / s2, 1e-15);
  // Long disease-free: almost everyone left is cured.
  EXPECT_NEAR(cure_probability_given_disease_free(model, group, 200).value, 1.0, 1e-9);
  const double median =
      marginal_median(model, population_of_profile(model.structure, {-1, -1, -1}), 100).value;
  EXPECT_NEAR(
      marginal_survival(model, population_of_profile(model.structure, {-1, -1, -1}), median).value,
      0.5, 1e-12);
  // A curve that stays above 1/2 has no median.
  CureRegressionModel mostly_cured = model;
  mostly_cured.parameters[2] = 3.0;
  EXPECT_TRUE(std::isnan(marginal_median(mostly_cured, group, 100).value));
}

TEST(CureRegression, RangesAreSymmetricOnTheirScale) {
  const QuantityWithGradient probability{0.3, {2.0}};
  Matrix covariance(1);
  covariance(0, 0) = 0.0004;  // SE on the natural scale 2 * 0.02 = 0.04
  const ModelRange identity = model_range(probability, covariance, RangeScale::identity);
  EXPECT_NEAR(identity.std_err, 0.04, 1e-15);
  EXPECT_NEAR(identity.lower, 0.3 - 1.959963984540054 * 0.04, 1e-12);
  const ModelRange logit = model_range(probability, covariance, RangeScale::logit);
  const double half = 1.959963984540054 * 0.04 / (0.3 * 0.7), centre = std::log(0.3 / 0.7);
  EXPECT_NEAR(logit.lower, 1 / (1 + std::exp(-(centre - half))), 1e-12);
  EXPECT_NEAR(logit.upper, 1 / (1 + std::exp(-(centre + half))), 1e-12);
  const ModelRange log_log = model_range(probability, covariance, RangeScale::log_minus_log);
  EXPECT_LT(log_log.lower, 0.3);
  EXPECT_GT(log_log.upper, 0.3);
  EXPECT_THROW(model_range(probability, Matrix(2), RangeScale::logit), CoreError);
}

void expect_refusal(const CureRegressionModel& model, const std::string& subject) {
  try {
    validate_cure_regression(model);
    ADD_FAILURE() << "accepted";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "invalid_cure_model");
    EXPECT_EQ(error.subject(), subject);
  }
}

TEST(CureRegression, RefusesInconsistentModelsAndProfiles) {
  CureRegressionModel model = three_factor_model();
  EXPECT_NO_THROW(validate_cure_regression(model));
  model.structure.factors[1].proportion = {0.5, 0.3, 0.3};
  expect_refusal(model, "b");
  model = three_factor_model();
  model.structure.effects[2].levels = {2};
  expect_refusal(model, "c=c1");
  model = three_factor_model();
  model.parameters.pop_back();
  expect_refusal(model, "");
  model = three_factor_model();
  try {
    population_of_profile(model.structure, {0, 3, 0});
    ADD_FAILURE() << "accepted";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "invalid_profile");
    EXPECT_EQ(error.subject(), "b");
  }
  EXPECT_THROW(population_of_profile(model.structure, {0, 0}), CoreError);
}

}  // namespace
}  // namespace nelm
