// predict for a cure-regression model (core/prediction/cure_regression_predict.h), on a small
// hand-made model with two mix scenarios: the central scenario gives the estimate, the band is
// the envelope of both scenarios' model ranges, S4-like profiles are matched, choices warned.
#include "prediction/cure_regression_predict.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace nelm {
namespace {

CureRegressionModel scenario_model(double share_b, std::vector<double> parameters) {
  CureRegressionModel model;
  model.structure.factors = {{"a", {"a0", "a1"}, {0.6, 0.4}},
                             {"b", {"b0", "b1"}, {1 - share_b, share_b}}};
  model.structure.effects = {{"a=a1", 0, {1}, EffectPath::shared},
                             {"b=b1", 1, {1}, EffectPath::cure_only}};
  model.parameters = std::move(parameters);
  return model;
}

Matrix diagonal(double variance) {
  Matrix covariance(6);
  for (std::size_t j = 0; j < 6; ++j) covariance(j, j) = variance;
  return covariance;
}

PredictionModelDefinition two_scenario_model() {
  PredictionModelDefinition model;
  model.effect_structure = EffectStructure::cure_regression;
  model.outcome.max_time = 10.0;
  model.outcome.time_unit = "years";
  for (const auto& [name, share] : {std::pair{"a", 0.4}, std::pair{"b", 0.2}}) {
    ModelInput input;
    input.name = name;
    input.label = name;
    input.unknown_action = UnknownAction::average_over_mix;
    input.levels = {{std::string(name) + "0", "zero", "", NAN, 1 - share, "S"},
                    {std::string(name) + "1", "one", "", NAN, share, "S"}};
    model.inputs.push_back(input);
  }
  model.inputs[0].comparison_warning = "a is a choice, confounded by indication";
  CureRegressionDefinition definition;
  definition.scenarios = {
      {"central", true, scenario_model(0.2, {1.0, -0.1, -0.8, 1.5, 0.6, 1.2}), diagonal(0.01)},
      {"other", false, scenario_model(0.5, {1.1, -0.1, -0.5, 1.5, 0.6, 1.6}), diagonal(0.04)}};
  // Profile "a1 and b0": published 90%, transferred 85% (outside any range here).
  definition.cure_profiles = {{"best", "S4", "citation", {{{1}, {0}}}, 0.90, 0.85, "they differ"}};
  definition.source_cure_fraction = 0.44;
  model.cure_regression = definition;
  return model;
}

Prediction predicted(const PredictionModelDefinition& model, const PatientProfile& profile,
                     double t0, Warnings& warnings, std::vector<std::string>& averaged) {
  return cure_regression_prediction(model, complete_profile(model, profile), t0, {t0, 2.0, 5.0},
                                    {5.0}, warnings, averaged);
}

TEST(CureRegressionPredict, CentralEstimateWithTheEnvelopeOfEveryScenariosRange) {
  const PredictionModelDefinition model = two_scenario_model();
  Warnings warnings;
  std::vector<std::string> averaged;
  const Prediction prediction =
      predicted(model, {{"a", InputValue::of_level("a1")}}, 0.0, warnings, averaged);
  EXPECT_EQ(averaged, std::vector<std::string>{"b"});
  // Each scenario averages b over its own mix.
  std::vector<ModelRange> ranges;
  for (const MixScenario& scenario : model.cure_regression->scenarios) {
    const Population population =
        population_of_profile(scenario.model.structure, {1, unknown_level});
    ranges.push_back(model_range(marginal_survival(scenario.model, population, 5.0),
                                 scenario.covariance, RangeScale::log_minus_log));
  }
  const MixRange& five = prediction.personalised->estimates[0];
  EXPECT_DOUBLE_EQ(prediction.estimates[0].value.estimate, ranges[0].estimate);
  EXPECT_DOUBLE_EQ(five.central_lower, ranges[0].lower);
  EXPECT_DOUBLE_EQ(five.lower, std::min(ranges[0].lower, ranges[1].lower));
  EXPECT_DOUBLE_EQ(five.upper, std::max(ranges[0].upper, ranges[1].upper));
  EXPECT_DOUBLE_EQ(five.lowest_estimate, std::min(ranges[0].estimate, ranges[1].estimate));
  EXPECT_GT(five.upper, five.central_upper);  // the other scenario (more cures) widens the band
  EXPECT_DOUBLE_EQ(prediction.curve->surv[2], ranges[0].estimate);
  EXPECT_EQ(prediction.curve->surv[0], 1.0);  // S(0) = 1 exactly
  // b is unknown, so the "a1 and b0" profile is not matched.
  EXPECT_FALSE(prediction.personalised->cure_profile.has_value());
}

TEST(CureRegressionPredict, MatchesAPublishedProfileAndSaysWhenItIsOutsideTheRange) {
  const PredictionModelDefinition model = two_scenario_model();
  Warnings warnings;
  std::vector<std::string> averaged;
  const Prediction prediction =
      predicted(model, {{"a", InputValue::of_level("a1")}, {"b", InputValue::of_level("b0")}}, 0.0,
                warnings, averaged);
  ASSERT_TRUE(prediction.personalised->cure_profile.has_value());
  const MixRange& cure = prediction.personalised->cure_fraction;
  EXPECT_LT(cure.upper, 0.85);
  EXPECT_FALSE(prediction.personalised->cure_profile->range_covers_transferred);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "cure_profile_disagrees");
  EXPECT_EQ(warnings[0].message, "they differ");
}

TEST(CureRegressionPredict, ConditionalOnDiseaseFreeTimeAndThroughPredict) {
  const PredictionModelDefinition model = two_scenario_model();
  const PredictionResult result = predict(model, {{"a", InputValue::of_level("a1")}}, 2.0, {});
  ASSERT_EQ(result.predictions.size(), 1u);
  const Prediction& prediction = result.predictions[0];
  const MixScenario& central = model.cure_regression->scenarios[0];
  const Population population = population_of_profile(central.model.structure, {1, unknown_level});
  EXPECT_DOUBLE_EQ(prediction.estimates[0].value.estimate,
                   conditional_marginal_survival(central.model, population, 2.0, 3.0).value);
  EXPECT_DOUBLE_EQ(prediction.cure->given_condition->estimate,
                   cure_probability_given_disease_free(central.model, population, 2.0).value);
  EXPECT_FALSE(prediction.personalised->median.has_value());
  // "a" is a choice: its caveat comes with every estimate once it is known.
  bool caveat = false;
  for (const Warning& warning : result.warnings)
    caveat = caveat || (warning.code == "confounded_comparison" && warning.subject == "a");
  EXPECT_TRUE(caveat);
}

}  // namespace
}  // namespace nelm
