// Tests of the minimum-distance evidence fit: hand-worked linear cases (weighted and
// generalised least squares, a prior), recovery of known parameters from targets the model
// generated, the covariance against a finite-difference Jacobian, direction constraints and
// refusals of unidentified parameters.
#include "prediction/evidence_fit.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nelm {
namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// One factor with two levels (half each) and one cure-only effect: the cure log-odds contrast
// between the levels is exactly -b, so a contrast target is linear in b.
CureRegressionModel one_effect_model() {
  CureRegressionModel model;
  model.structure.factors = {{"f", {"low", "high"}, {0.5, 0.5}}};
  model.structure.effects = {{"f=high", 0, {1}, EffectPath::cure_only}};
  model.parameters = {1.0, 0.0, -0.5, 0.0, 0.1};
  return model;
}

EvidenceTarget contrast(const CureRegressionModel& model, double value, double std_err) {
  EvidenceTarget target;
  target.label = "contrast";
  target.kind = TargetKind::cure_odds_contrast;
  target.population = population_of_profile(model.structure, {1});
  target.reference = population_of_profile(model.structure, {0});
  target.value = value;
  target.std_err = std_err;
  return target;
}

EvidenceFitOptions only_effect_free() {
  EvidenceFitOptions options;
  options.fixed = {true, true, true, true, false};
  return options;
}

TEST(EvidenceFit, OneTargetGivesItsValueAndSe) {
  const CureRegressionModel model = one_effect_model();
  const EvidenceFit fit =
      fit_evidence(model, {contrast(model, -0.7, 0.2)}, Matrix(), only_effect_free());
  EXPECT_TRUE(fit.converged);
  EXPECT_NEAR(fit.model.parameters[4], 0.7, 1e-10);
  EXPECT_NEAR(std::sqrt(fit.covariance(4, 4)), 0.2, 1e-10);
  EXPECT_EQ(fit.covariance(0, 0), 0.0);  // fixed
  EXPECT_NEAR(fit.objective, 0.0, 1e-18);
  EXPECT_EQ(fit.degrees_of_freedom, 0.0);
}

TEST(EvidenceFit, TwoTargetsGiveTheWeightedMeanAndCorrelatedOnesTheGlsMean) {
  const CureRegressionModel model = one_effect_model();
  const std::vector<EvidenceTarget> targets = {contrast(model, -0.6, 0.2),
                                               contrast(model, -0.9, 0.4)};
  // Weights 25 and 6.25: b = (25 * 0.6 + 6.25 * 0.9) / 31.25 = 0.66, SE = 1 / sqrt(31.25).
  const EvidenceFit independent = fit_evidence(model, targets, Matrix(), only_effect_free());
  EXPECT_NEAR(independent.model.parameters[4], 0.66, 1e-8);
  EXPECT_NEAR(std::sqrt(independent.covariance(4, 4)), 1 / std::sqrt(31.25), 1e-10);
  EXPECT_NEAR(independent.objective, 25 * 0.06 * 0.06 + 6.25 * 0.24 * 0.24, 1e-10);
  EXPECT_NEAR(independent.standardised_residual[0], -0.06 / 0.2, 1e-9);
  // Covariance [[0.04, 0.02], [0.02, 0.16]]: 1'S^-1 = (0.14, 0.02) / 0.006, so
  // b = (0.14 * 0.6 + 0.02 * 0.9) / 0.16 = 0.6375 and Var = 0.006 / 0.16 = 0.0375.
  Matrix covariance(2);
  covariance(0, 0) = 0.04;
  covariance(0, 1) = covariance(1, 0) = 0.02;
  covariance(1, 1) = 0.16;
  const EvidenceFit correlated = fit_evidence(model, targets, covariance, only_effect_free());
  EXPECT_NEAR(correlated.model.parameters[4], 0.6375, 1e-8);
  EXPECT_NEAR(correlated.covariance(4, 4), 0.0375, 1e-10);
}

TEST(EvidenceFit, APriorShrinksAndIsReportedWhenItDominates) {
  const CureRegressionModel model = one_effect_model();
  EvidenceFitOptions options = only_effect_free();
  options.prior_mean = {0, 0, 0, 0, 0};
  options.prior_std_err = {not_a_number, not_a_number, not_a_number, not_a_number, 0.2};
  // Equal precisions 25 + 25: b = 0.3, SE = 0.2 / sqrt(2), half of the information from the data.
  EvidenceFit fit = fit_evidence(model, {contrast(model, -0.6, 0.2)}, Matrix(), options);
  EXPECT_NEAR(fit.model.parameters[4], 0.3, 1e-8);
  EXPECT_NEAR(std::sqrt(fit.covariance(4, 4)), 0.2 / std::sqrt(2.0), 1e-10);
  EXPECT_NEAR(fit.data_share[4], 0.5, 1e-9);
  EXPECT_TRUE(fit.warnings.empty());
  // Precision 25 + 100: b = 25 * 0.6 / 125 = 0.12, data share 1 - 100/125 = 0.2: flagged. (A
  // minimum with a non-zero objective is located to about sqrt(rounding) of the parameter.)
  options.prior_std_err[4] = 0.1;
  fit = fit_evidence(model, {contrast(model, -0.6, 0.2)}, Matrix(), options);
  EXPECT_NEAR(fit.model.parameters[4], 0.12, 1e-8);
  EXPECT_NEAR(fit.data_share[4], 0.2, 1e-9);
  ASSERT_EQ(fit.warnings.size(), 1u);
  EXPECT_EQ(fit.warnings[0].code, "prior_dominated");
  EXPECT_EQ(fit.warnings[0].subject, "f=high");
}

TEST(EvidenceFit, AReversedDirectionIsHeldAtZero) {
  const CureRegressionModel model = one_effect_model();
  EvidenceFitOptions options = only_effect_free();
  options.direction = {0, 0, 0, 0, 1};  // harmful: b >= 0, but the target says b = -0.5
  const EvidenceFit fit = fit_evidence(model, {contrast(model, 0.5, 0.2)}, Matrix(), options);
  EXPECT_EQ(fit.model.parameters[4], 0.0);
  EXPECT_TRUE(fit.held_at_zero[4]);
  EXPECT_TRUE(fit.fixed[4]);
  ASSERT_EQ(fit.warnings.size(), 1u);
  EXPECT_EQ(fit.warnings[0].code, "direction_constrained");
  EXPECT_NEAR(fit.objective, 0.5 * 0.5 / 0.04, 1e-10);
}

// Two factors, all three paths; targets of every kind generated by the model itself.
CureRegressionModel two_factor_model() {
  CureRegressionModel model;
  model.structure.factors = {{"a", {"a0", "a1"}, {0.55, 0.45}},
                             {"b", {"b0", "b1", "b2"}, {0.3, 0.4, 0.3}}};
  model.structure.effects = {{"a=a1", 0, {1}, EffectPath::shared},
                             {"b=b1", 1, {1}, EffectPath::cure_only},
                             {"b=b2", 1, {2}, EffectPath::latency_only}};
  model.parameters = {0.8, 0.1, -0.7, 1.2, 0.6, 0.9, 0.4};
  return model;
}

std::vector<EvidenceTarget> generated_targets(const CureRegressionModel& truth) {
  const Population cohort = population_of_profile(truth.structure, {-1, -1});
  std::vector<EvidenceTarget> targets;
  const auto add = [&](EvidenceTarget target) {
    target.label = "generated";
    target.value = target_quantity(truth, target).value;
    target.std_err = 0.05;
    targets.push_back(target);
  };
  for (double t : {1.0, 3.0, 6.0, 12.0})
    add({"", "", TargetKind::marginal_survival, cohort, {}, t, 0, 0, 0, 0, 0});
  add({"", "", TargetKind::marginal_median, cohort, {}, 0, 0, 0, 0, 0, 0});
  add({"", "", TargetKind::average_hazard_ratio, cohort, {}, 5, 0, 1, 0, 0, 0});
  add({"", "", TargetKind::average_hazard_ratio, cohort, {}, 5, 1, 2, 0, 0, 0});
  add({"", "", TargetKind::cure_odds_contrast, population_of_profile(truth.structure, {1, 1}),
       cohort, 0, 0, 0, 0, 0, 0});
  add({"", "", TargetKind::cure_odds_contrast, population_of_profile(truth.structure, {0, -1}),
       cohort, 0, 0, 0, 0, 0, 0});
  return targets;
}

TEST(EvidenceFit, RecoversKnownParametersFromTargetsTheModelGenerated) {
  const CureRegressionModel truth = two_factor_model();
  const std::vector<EvidenceTarget> targets = generated_targets(truth);
  CureRegressionModel start = truth;
  start.parameters = {0.5, 0.0, -0.3, 0.8, 0.3, 0.5, 0.1};
  const EvidenceFit fit = fit_evidence(start, targets, Matrix(), {});
  EXPECT_TRUE(fit.converged);
  EXPECT_LT(fit.objective, 1e-16);
  for (std::size_t j = 0; j < truth.parameters.size(); ++j)
    EXPECT_NEAR(fit.model.parameters[j], truth.parameters[j], 1e-6) << fit.parameter_names[j];
  EXPECT_EQ(fit.degrees_of_freedom, 2.0);
}

TEST(EvidenceFit, CovarianceIsTheInverseOfJWJFromAFiniteDifferenceJacobian) {
  const CureRegressionModel truth = two_factor_model();
  const std::vector<EvidenceTarget> targets = generated_targets(truth);
  const EvidenceFit fit = fit_evidence(truth, targets, Matrix(), {});
  const std::size_t p = truth.parameters.size();
  Matrix information(p);
  std::vector<std::vector<double>> jacobian(targets.size(), std::vector<double>(p));
  for (std::size_t j = 0; j < p; ++j) {
    CureRegressionModel up = fit.model, down = fit.model;
    up.parameters[j] += 1e-6;
    down.parameters[j] -= 1e-6;
    for (std::size_t i = 0; i < targets.size(); ++i)
      jacobian[i][j] =
          (target_quantity(up, targets[i]).value - target_quantity(down, targets[i]).value) / 2e-6;
  }
  for (std::size_t i = 0; i < targets.size(); ++i)
    for (std::size_t j = 0; j < p; ++j)
      for (std::size_t k = 0; k < p; ++k)
        information(j, k) += jacobian[i][j] * jacobian[i][k] / 0.0025;
  const Matrix expected = CholeskyFactor(information, 1e-14).inverse();
  for (std::size_t j = 0; j < p; ++j)
    for (std::size_t k = 0; k < p; ++k)
      EXPECT_NEAR(fit.covariance(j, k), expected(j, k),
                  1e-5 * std::sqrt(expected(j, j) * expected(k, k)));
}

void expect_unidentified(const CureRegressionModel& model,
                         const std::vector<EvidenceTarget>& targets,
                         const EvidenceFitOptions& options, const std::string& parameter) {
  try {
    fit_evidence(model, targets, Matrix(), options);
    ADD_FAILURE() << "accepted";
  } catch (const CoreError& error) {
    EXPECT_EQ(error.code(), "unidentified_parameter");
    EXPECT_EQ(error.subject(), parameter);
  }
}

TEST(EvidenceFit, RefusesAParameterTheTargetsCannotDetermine) {
  const CureRegressionModel truth = two_factor_model();
  const std::vector<EvidenceTarget> targets = generated_targets(truth);
  EvidenceFitOptions options;
  // Nobody in the evidence has level b2: its effect moves no target.
  CureRegressionModel unused_level = truth;
  unused_level.structure.factors[1].proportion = {0.5, 0.5, 0.0};
  std::vector<EvidenceTarget> without_b2 = generated_targets(unused_level);
  without_b2.erase(without_b2.begin() + 6);  // the b2-vs-b0 hazard ratio would name b2
  expect_unidentified(unused_level, without_b2, options, "b=b2");
  // With every effect cure-only, cure_split multiplies nothing.
  CureRegressionModel cure_only = truth;
  for (auto& effect : cure_only.structure.effects) effect.path = EffectPath::cure_only;
  options.fixed = {true, true, true, false, true, true, true};
  expect_unidentified(cure_only, targets, options, "cure_split");
  // A stated prior makes it a (prior-dominated) estimate instead of a refusal.
  options.prior_mean = std::vector<double>(7, 0.0);
  options.prior_std_err = {not_a_number, not_a_number, not_a_number, 1.0,
                           not_a_number, not_a_number, not_a_number};
  const EvidenceFit fit = fit_evidence(cure_only, targets, Matrix(), options);
  EXPECT_NEAR(fit.data_share[3], 0.0, 1e-9);
  EXPECT_EQ(fit.warnings.at(0).code, "prior_dominated");
}

TEST(EvidenceFit, RefusesTargetsItCannotUse) {
  const CureRegressionModel model = one_effect_model();
  const auto refused = [&](std::vector<EvidenceTarget> targets, const Matrix& covariance) {
    try {
      fit_evidence(model, targets, covariance, only_effect_free());
      return std::string("accepted");
    } catch (const CoreError& error) {
      return error.code();
    }
  };
  EXPECT_EQ(refused({contrast(model, -0.7, 0.0)}, Matrix()), "invalid_target");
  EXPECT_EQ(refused({contrast(model, -0.7, 0.2)}, Matrix(2)), "invalid_target");
  EXPECT_EQ(refused({}, Matrix()), "invalid_target");
  EvidenceTarget hazard = contrast(model, 0.1, 0.1);
  hazard.kind = TargetKind::average_hazard_ratio;
  hazard.level = hazard.reference_level = 1;
  EXPECT_EQ(refused({hazard}, Matrix()), "invalid_target");
}

}  // namespace
}  // namespace nelm
